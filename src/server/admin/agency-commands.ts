/** The `agency …` commands: the agencies accounts belong to, and which roles there need TOTP. */
import { isAcceptableText } from '../../domain/text';
import type { Store } from '../store';
import { ROLES } from '../store/schema';
import { isRole, knownAgency, Refusal, table, type AdminIo, type Options } from './command-line';

const AGENCY_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
const COUNTRIES = ['US', 'MX'];

export async function agencyAdd(store: Store, io: AdminIo, { code: rawCode, name, country: rawCountry }: Options<'code' | 'name' | 'country'>): Promise<void> {
  const code = rawCode.toUpperCase();
  const country = rawCountry.toUpperCase();
  if (!AGENCY_CODE.test(code)) throw new Refusal(`Agency code "${rawCode}" is not valid: use A-Z, 0-9 and _, 2 to 32 characters, starting with a letter.`);
  if (!COUNTRIES.includes(country)) throw new Refusal(`Country must be US or MX, not "${rawCountry}".`);
  if (name.length > 200) throw new Refusal('The agency name is longer than 200 characters.');
  if (await store.agencies.find(code)) throw new Refusal(`Agency ${code} already exists.`);
  await store.agencies.add({ code, name, country }, io.now());
  io.out(`Added agency ${code} (${name}, ${country}).`);
}

export async function agencyList(store: Store, io: AdminIo): Promise<void> {
  const agencies = await store.agencies.list();
  const policies = await store.otpPolicy.all();
  const officersTrace = await store.agencies.officersRecordTraceIn();
  const rows = agencies.map((a) => [a.code, a.country, policies.get(a.code)?.join(',') ?? '-', officersTrace.has(a.code) ? 'officers too' : 'supervisors', a.name]);
  for (const line of table([['CODE', 'COUNTRY', 'TOTP REQUIRED FOR', 'TRACE STATUS BY', 'NAME'], ...rows])) io.out(line);
}

const TRACE_POLICIES = { officers: true, supervisors: false } as const;

/** Who may record a firearm's trace status in the agency: supervisors and admins, or officers too. */
export async function agencyTracePolicy(store: Store, io: AdminIo, { agency, by }: Options<'agency' | 'by'>): Promise<void> {
  const agencyCode = await knownAgency(store, agency);
  const choice = by.toLowerCase();
  if (choice !== 'officers' && choice !== 'supervisors') throw new Refusal(`--by must be officers or supervisors, not "${by}".`);
  const allowed = TRACE_POLICIES[choice];
  const now = io.now();
  await store.writeLocked(async ({ agencies, audit }) => {
    await agencies.setOfficersRecordTrace(agencyCode, allowed);
    await audit.append({ action: 'trace.policy', agencyCode, subject: agencyCode, details: { officersRecordTrace: allowed, by: 'admin-cli' } }, now);
  });
  io.out(
    allowed
      ? `In agency ${agencyCode} officers may now record trace status themselves, as supervisors and admins do.`
      : `In agency ${agencyCode} only supervisors and admins may now record trace status.`,
  );
}

export async function agencyRequireOtp(store: Store, io: AdminIo, { agency, roles: rawRoles }: Options<'agency' | 'roles'>): Promise<void> {
  const agencyCode = await knownAgency(store, agency);
  const listed = rawRoles.toLowerCase() === 'none' ? [] : rawRoles.split(',').map((role) => role.trim());
  const unknown = listed.filter((role) => !isRole(role));
  if (unknown.length > 0 || (listed.length === 0 && rawRoles.toLowerCase() !== 'none')) {
    throw new Refusal(`Roles must be a comma-separated list of ${ROLES.join(', ')}, or none; not "${rawRoles}".`);
  }
  const roles = ROLES.filter((role) => listed.includes(role));
  const now = io.now();
  await store.writeLocked(async ({ otpPolicy, audit }) => {
    await otpPolicy.set(agencyCode, roles, now);
    await audit.append({ action: 'otp.policy', agencyCode, subject: agencyCode, details: { roles, by: 'admin-cli' } }, now);
  });
  io.out(
    roles.length === 0
      ? `Agency ${agencyCode} no longer requires TOTP for any role.`
      : `Agency ${agencyCode} now requires TOTP for: ${roles.join(', ')}. Users of these roles without TOTP cannot sign in until it is enabled for them.`,
  );
}

/** The contact point another agency is given when both hold the same gun (a deconfliction alert). */
export async function agencyContact(store: Store, io: AdminIo, { agency, contact: raw }: Options<'agency' | 'contact'>): Promise<void> {
  const agencyCode = await knownAgency(store, agency);
  const contact = raw.trim();
  if (contact.length > 200) throw new Refusal('The contact is longer than 200 characters.');
  // Printed on another agency's screen: one line of ordinary text.
  if (!isAcceptableText(contact)) throw new Refusal('The contact must be one line of text.');
  const now = io.now();
  await store.writeLocked(async ({ agencies, audit }) => {
    await agencies.setDeconflictionContact(agencyCode, contact === '' || contact.toLowerCase() === 'none' ? null : contact);
    await audit.append({ action: 'agency.contact', agencyCode, subject: agencyCode, details: { by: 'admin-cli' } }, now);
  });
  io.out(contact === '' || contact.toLowerCase() === 'none' ? `Agency ${agencyCode} has no deconfliction contact now.` : `Agency ${agencyCode}'s deconfliction contact is now: ${contact}`);
}
