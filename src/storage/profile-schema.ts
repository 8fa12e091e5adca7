/**
 * The officer's profile as it is kept (settings-store.ts). Its own module so that zod loads on the
 * first read or save of a profile, not with the first screen.
 */
import { z } from 'zod/mini';
import { OfficerSchema } from '../domain/schema';

export const ProfileSchema = z.strictObject({
  agencyCode: z.optional(z.string().check(z.maxLength(80))),
  officer: OfficerSchema,
});
export type Profile = z.infer<typeof ProfileSchema>;
