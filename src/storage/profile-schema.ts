/**
 * The officer's profile as it is kept (settings-store.ts). Its own module so that zod loads on the
 * first read or save of a profile, not with the first screen.
 */
import { z } from 'zod';
import { OfficerSchema } from '../domain/schema';

export const ProfileSchema = z.strictObject({
  agencyCode: z.string().max(80).optional(),
  officer: OfficerSchema,
});
export type Profile = z.infer<typeof ProfileSchema>;
