/** The `user …` commands: accounts, their sign-ins, their second factor. */
import { randomUUID } from 'node:crypto';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { newTotpSecret, totpUri } from '../auth/totp';
import { isValidUsername, normalizeUsername } from '../auth/usernames';
import type { Store } from '../store';
import { ROLES } from '../store/schema';
import { isRole, knownAgency, knownUser, Refusal, table, type AdminIo, type Options } from './command-line';

export async function userAdd(store: Store, io: AdminIo, { agency, username: rawUsername, role }: Options<'agency' | 'username' | 'role'>): Promise<void> {
  const username = normalizeUsername(rawUsername);
  if (!isValidUsername(username)) {
    throw new Refusal(`Username "${rawUsername}" is not valid: use a-z, 0-9 and . _ @ -, up to 64 characters, starting with a letter or digit.`);
  }
  if (!isRole(role)) throw new Refusal(`Role must be one of ${ROLES.join(', ')}, not "${role}".`);
  const agencyCode = await knownAgency(store, agency);
  if (await store.users.findByUsername(username)) throw new Refusal(`User ${username} already exists.`);

  const password = await io.readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  await store.users.add(
    { id: randomUUID(), username, passwordHash: await hashPassword(password), role, agencyCode },
    io.now(),
  );
  io.out(`Added ${role} ${username} in agency ${agencyCode}.`);
}

export async function userList(store: Store, io: AdminIo): Promise<void> {
  const users = await store.users.list();
  if (users.length === 0) return io.out('No users yet.');
  const rows = users.map((u) => [u.username, u.role, u.agencyCode, u.createdAt, u.disabledAt ? `disabled ${u.disabledAt}` : 'active']);
  for (const line of table([['USERNAME', 'ROLE', 'AGENCY', 'CREATED', 'STATUS'], ...rows])) io.out(line);
}

export async function userDisable(store: Store, io: AdminIo, { username: rawUsername }: Options<'username'>): Promise<void> {
  const username = normalizeUsername(rawUsername);
  const now = io.now();
  // Disabling alone already locks the user out (sessions of disabled users do not count);
  // revoking the sessions too leaves nothing that a later re-enable could bring back.
  const userId = await store.users.disable(username, now);
  if (userId === undefined) throw new Refusal(`No active user named "${rawUsername}".`);
  await store.writeLocked(async ({ sessions, audit }) => {
    const count = await sessions.revokeAllOf(userId, now, 'disabled');
    await audit.append({ action: 'session.revoke', subject: userId, details: { username, reason: 'disabled', count, by: 'admin-cli' } }, now);
  });
  io.out(`Disabled ${username}; their sessions are revoked.`);
}

export async function userRevoke(store: Store, io: AdminIo, options: Options<'username'>): Promise<void> {
  const { user, username } = await knownUser(store, options.username);
  const now = io.now();
  const count = await store.writeLocked(async ({ sessions, audit }) => {
    const revoked = await sessions.revokeAllOf(user.id, now, 'admin');
    await audit.append({ action: 'session.revoke', subject: user.id, agencyCode: user.agencyCode, details: { username, reason: 'admin', count: revoked, by: 'admin-cli' } }, now);
    return revoked;
  });
  io.out(`Revoked ${count} sign-in(s) of ${username}; every device of theirs must sign in again.`);
}

export async function userTotpEnable(store: Store, io: AdminIo, options: Options<'username'>): Promise<void> {
  const { user, username } = await knownUser(store, options.username);
  const secret = newTotpSecret();
  const now = io.now();
  const enabled = await store.writeLocked(async ({ totp, audit }) => {
    if (!(await totp.enable(user.id, secret, now))) return false;
    await audit.append({ action: 'totp.enable', subject: user.id, agencyCode: user.agencyCode, details: { username, by: 'admin-cli' } }, now);
    return true;
  });
  if (!enabled) throw new Refusal(`${username} already has TOTP. To issue a new secret, run user totp-disable first.`);
  io.out(`TOTP enabled for ${username}. Add it to their authenticator app now; it is not shown again.`);
  io.out(`  URI:    ${totpUri(secret, username)}`);
  io.out(`  Secret: ${secret}`);
}

export async function userTotpDisable(store: Store, io: AdminIo, options: Options<'username'>): Promise<void> {
  const { user, username } = await knownUser(store, options.username);
  const now = io.now();
  const disabled = await store.writeLocked(async ({ totp, audit }) => {
    if (!(await totp.disable(user.id))) return false;
    await audit.append({ action: 'totp.disable', subject: user.id, agencyCode: user.agencyCode, details: { username, by: 'admin-cli' } }, now);
    return true;
  });
  if (!disabled) throw new Refusal(`${username} has no TOTP to disable.`);
  const required = (await store.otpPolicy.requiredRoles(user.agencyCode)).includes(user.role);
  io.out(`TOTP disabled for ${username}.${required ? ` Agency ${user.agencyCode} requires it for ${user.role}s: they cannot sign in until it is enabled again.` : ''}`);
}

export async function userUnlock(store: Store, io: AdminIo, options: Options<'username'>): Promise<void> {
  const username = normalizeUsername(options.username);
  const cleared = await store.loginFailures.clear(username);
  io.out(cleared ? `Cleared failed sign-ins and any lock for ${username}.` : `${username} had no failed sign-ins to clear.`);
}
