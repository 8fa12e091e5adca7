/**
 * Settings kept in the database: the device's id (in clear: the device needs it before anyone
 * unlocks) and the officer's profile (sealed, each officer their own).
 */
import { z } from 'zod';
import { OfficerSchema } from '../domain';
import type { TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';

export const ProfileSchema = z.strictObject({
  agencyCode: z.string().max(80).optional(),
  officer: OfficerSchema,
});
export type Profile = z.infer<typeof ProfileSchema>;

export interface SettingsStore {
  deviceId(): Promise<string>;
  profile(): Promise<Profile | undefined>;
  saveProfile(profile: Profile): Promise<void>;
}

export function createSettingsStore(db: TraceDB): SettingsStore {
  return {
    deviceId: () =>
      guarded(() =>
        db.transaction('rw', db.meta, async () => {
          const existing = await db.meta.get('deviceId');
          if (typeof existing?.value === 'string') return existing.value;
          const id = newId();
          await db.meta.put({ key: 'deviceId', value: id });
          return id;
        }),
      ),
    profile: () =>
      guarded(async () => {
        const entry = await db.officerData.get('profile');
        const parsed = ProfileSchema.safeParse(entry?.value);
        return parsed.success ? parsed.data : undefined;
      }),
    saveProfile: (profile) => guarded(async () => void (await db.officerData.put({ key: 'profile', value: ProfileSchema.parse(profile) }))),
  };
}
