/** The `agency …` commands: the agencies accounts belong to, and which roles there need TOTP. */
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
  const rows = agencies.map((a) => [a.code, a.country, policies.get(a.code)?.join(',') ?? '-', a.name]);
  for (const line of table([['CODE', 'COUNTRY', 'TOTP REQUIRED FOR', 'NAME'], ...rows])) io.out(line);
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
