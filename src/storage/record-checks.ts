/**
 * What a save checks a record against: the shared schema (zod) and the domain's checks. Loaded on
 * first use (seizure-repository.ts), not with the first screen: the list and the sign-in and PIN
 * screens never validate. The capture form imports the same modules itself, so by the time it
 * saves they are in memory and a save never waits for them.
 */
export { SeizureSchema } from '../domain/schema';
export { checkSeizure } from '../domain/checks';
export { canBeReady } from '../domain/validate';
