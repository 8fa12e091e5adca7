/**
 * What a save checks a record against: the device's one save decision (domain/save-check.ts:
 * the shared schema, zod, and the domain's checks). Loaded on first use (seizure-repository.ts),
 * not with the first screen: the list and the sign-in and PIN screens never validate. The
 * capture form imports the same module itself, so by the time it saves it is in memory and a
 * save never waits for it.
 */
export { checkSave, isCheckedSave } from '../domain/save-check';
