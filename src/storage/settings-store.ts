/**
 * Settings kept in the database: the device's id (in clear: the device needs it before anyone
 * unlocks) and the officer's profile (sealed, each officer their own).
 */
import type { TraceDB } from './db';
import { guarded } from './errors';
import { newId } from './ids';
import type { Profile } from './profile-schema';

export type { Profile } from './profile-schema';

// The schema (and zod with it) loads on the first profile read, not with the first screen.
export const profileSchema = async () => (await import('./profile-schema')).ProfileSchema;

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
        const parsed = (await profileSchema()).safeParse(entry?.value);
        return parsed.success ? parsed.data : undefined;
      }),
    saveProfile: (profile) => guarded(async () => void (await db.officerData.put({ key: 'profile', value: (await profileSchema()).parse(profile) }))),
  };
}
