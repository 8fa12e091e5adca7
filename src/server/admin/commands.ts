/**
 * The admin commands, over the same database and repositories as the server. Each command
 * returns an exit code: 0 done, 1 refused or failed (with a message saying why), 2 usage error.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { newTotpSecret, totpUri } from '../auth/totp';
import { isValidUsername, normalizeUsername } from '../auth/usernames';
import { verifyChain } from '../audit/chain';
import { checkRevisionsAgainstAudit } from '../audit/revisions-check';
import { databaseConfig, describeDatabase } from '../config';
import { loadSharingPolicy } from '../sharing/policy';
import { PasswordInputError } from './read-password';
import { createStore, openDatabase, prepareDatabase, type Store } from '../store';
import { ROLES, type Role } from '../store/schema';

export interface AdminIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  readPassword(): Promise<string>;
  now(): Date;
}

export const USAGE = `Usage: npm run admin -- <command>

  agency add --code CODE --name "Name" --country US|MX
  agency list                   (with the roles each agency makes sign in with TOTP)
  agency require-otp --agency CODE --roles supervisor,admin
                                (roles that must sign in with TOTP there; --roles none clears it)
  user add --agency CODE --username NAME --role officer|supervisor|admin
           (password from the PASSWORD environment variable, else one line on stdin;
            at least ${MIN_PASSWORD_LENGTH} characters)
  user list
  user disable --username NAME  (also ends all their sign-ins)
  user revoke --username NAME   (ends all their sign-ins; they can sign in again)
  user unlock --username NAME   (lifts a lock after failed sign-ins)
  user totp-enable --username NAME
                                (new TOTP secret; prints it and its otpauth:// URI once, for the
                                 user's authenticator app; it is never shown again)
  user totp-disable --username NAME
  audit verify                  (checks the audit trail's hash chain; exit 1 at the first broken link)
  sharing show                  (the sharing policy in force: which agency may share with which)

The database is the server's: DATABASE_URL when set, else DATA_DIR/traceready.sqlite
(DATA_DIR defaults to ./data).`;

/** A refusal with a message for the operator (exit code 1). */
class Refusal extends Error {}
/** A command line that does not parse (exit code 2, usage shown). */
class UsageError extends Error {}

const AGENCY_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
const COUNTRIES = ['US', 'MX'];

function options(args: string[], names: string[]): Record<string, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as Record<string, string | undefined>;
  const missing = names.filter((name) => !values[name]?.trim());
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((name) => `--${name}`).join(', ')}.`);
  return Object.fromEntries(names.map((name) => [name, (values[name] ?? '').trim()]));
}

const table = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
};

async function agencyAdd(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { code: rawCode = '', name = '', country: rawCountry = '' } = options(args, ['code', 'name', 'country']);
  const code = rawCode.toUpperCase();
  const country = rawCountry.toUpperCase();
  if (!AGENCY_CODE.test(code)) throw new Refusal(`Agency code "${rawCode}" is not valid: use A-Z, 0-9 and _, 2 to 32 characters, starting with a letter.`);
  if (!COUNTRIES.includes(country)) throw new Refusal(`Country must be US or MX, not "${rawCountry}".`);
  if (name.length > 200) throw new Refusal('The agency name is longer than 200 characters.');
  if (await store.agencies.find(code)) throw new Refusal(`Agency ${code} already exists.`);
  await store.agencies.add({ code, name, country }, io.now());
  io.out(`Added agency ${code} (${name}, ${country}).`);
}

async function agencyList(store: Store, io: AdminIo): Promise<void> {
  const agencies = await store.agencies.list();
  const policies = await store.otpPolicy.all();
  const rows = agencies.map((a) => [a.code, a.country, policies.get(a.code)?.join(',') ?? '-', a.name]);
  for (const line of table([['CODE', 'COUNTRY', 'TOTP REQUIRED FOR', 'NAME'], ...rows])) io.out(line);
}

async function agencyRequireOtp(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { agency: rawAgency = '', roles: rawRoles = '' } = options(args, ['agency', 'roles']);
  const agencyCode = rawAgency.toUpperCase();
  if (!(await store.agencies.find(agencyCode))) {
    throw new Refusal(`No agency with code "${rawAgency}". See the codes with: npm run admin -- agency list`);
  }
  const listed = rawRoles.toLowerCase() === 'none' ? [] : rawRoles.split(',').map((role) => role.trim());
  const unknown = listed.filter((role) => !(ROLES as readonly string[]).includes(role));
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

async function userAdd(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { agency: rawAgency = '', username: rawUsername = '', role = '' } = options(args, ['agency', 'username', 'role']);
  const agencyCode = rawAgency.toUpperCase();
  const username = normalizeUsername(rawUsername);
  if (!isValidUsername(username)) {
    throw new Refusal(`Username "${rawUsername}" is not valid: use a-z, 0-9 and . _ @ -, up to 64 characters, starting with a letter or digit.`);
  }
  if (!(ROLES as readonly string[]).includes(role)) throw new Refusal(`Role must be one of ${ROLES.join(', ')}, not "${role}".`);
  if (!(await store.agencies.find(agencyCode))) {
    throw new Refusal(`No agency with code "${rawAgency}". See the codes with: npm run admin -- agency list`);
  }
  if (await store.users.findByUsername(username)) throw new Refusal(`User ${username} already exists.`);

  const password = await io.readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Refusal(`The password is too short: use at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  await store.users.add(
    { id: randomUUID(), username, passwordHash: await hashPassword(password), role: role as Role, agencyCode },
    io.now(),
  );
  io.out(`Added ${role} ${username} in agency ${agencyCode}.`);
}

async function userList(store: Store, io: AdminIo): Promise<void> {
  const users = await store.users.list();
  if (users.length === 0) return io.out('No users yet.');
  const rows = users.map((u) => [u.username, u.role, u.agencyCode, u.createdAt, u.disabledAt ? `disabled ${u.disabledAt}` : 'active']);
  for (const line of table([['USERNAME', 'ROLE', 'AGENCY', 'CREATED', 'STATUS'], ...rows])) io.out(line);
}

async function userDisable(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { username: rawUsername = '' } = options(args, ['username']);
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

async function userRevoke(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { username: rawUsername = '' } = options(args, ['username']);
  const username = normalizeUsername(rawUsername);
  const user = await store.users.findByUsername(username);
  if (!user) throw new Refusal(`No user named "${rawUsername}".`);
  const now = io.now();
  const count = await store.writeLocked(async ({ sessions, audit }) => {
    const revoked = await sessions.revokeAllOf(user.id, now, 'admin');
    await audit.append({ action: 'session.revoke', subject: user.id, agencyCode: user.agencyCode, details: { username, reason: 'admin', count: revoked, by: 'admin-cli' } }, now);
    return revoked;
  });
  io.out(`Revoked ${count} sign-in(s) of ${username}; every device of theirs must sign in again.`);
}

async function userTotpEnable(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { username: rawUsername = '' } = options(args, ['username']);
  const username = normalizeUsername(rawUsername);
  const user = await store.users.findByUsername(username);
  if (!user) throw new Refusal(`No user named "${rawUsername}".`);
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

async function userTotpDisable(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { username: rawUsername = '' } = options(args, ['username']);
  const username = normalizeUsername(rawUsername);
  const user = await store.users.findByUsername(username);
  if (!user) throw new Refusal(`No user named "${rawUsername}".`);
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

async function userUnlock(store: Store, args: string[], io: AdminIo): Promise<void> {
  const { username: rawUsername = '' } = options(args, ['username']);
  const username = normalizeUsername(rawUsername);
  const cleared = await store.loginFailures.clear(username);
  io.out(cleared ? `Cleared failed sign-ins and any lock for ${username}.` : `${username} had no failed sign-ins to clear.`);
}

async function auditVerify(store: Store, io: AdminIo): Promise<void> {
  const check = await verifyChain(store.audit.pages());
  if (!check.ok) {
    const listed = check.broken.map((link) => `  seq ${link.seq}: ${link.reason}`);
    const unlisted = check.brokenCount - check.broken.length;
    throw new Refusal(
      [
        `Audit trail BROKEN at seq ${check.seq}: ${check.reason}. ${check.count} row(s) before it verified.`,
        `${check.brokenCount} broken link(s) in ${check.rows} row(s):`,
        ...listed,
        ...(unlisted > 0 ? [`  … and ${unlisted} more`] : []),
      ].join('\n'),
    );
  }
  const evidence = await checkRevisionsAgainstAudit(store.audit);
  if (!evidence.ok) throw new Refusal(`Audit trail BROKEN${evidence.seq === undefined ? '' : ` at seq ${evidence.seq}`}: ${evidence.reason}.`);
  io.out(
    check.count === 0
      ? 'Audit trail OK: no rows yet.'
      : `Audit trail OK: ${check.count} row(s), seq 1 to ${check.lastSeq}, every link verified; every revision since ${evidence.since} has its audit row.`,
  );
}

/** The policy the server would load with the same environment; a bad file is a refusal. */
function sharingShow(io: AdminIo): void {
  let policy;
  try {
    policy = loadSharingPolicy(io.env);
  } catch (error) {
    throw new Refusal((error as Error).message);
  }
  io.out(`Sharing policy: ${policy.source === 'default' ? 'default (no policy file)' : policy.source}`);
  for (const rule of policy.describe()) io.out(`  ${rule}`);
}

async function dispatch(store: Store, [group, command, ...args]: string[], io: AdminIo): Promise<void> {
  const name = `${group ?? ''} ${command ?? ''}`;
  switch (name) {
    case 'agency add':
      return agencyAdd(store, args, io);
    case 'agency list':
      options(args, []);
      return agencyList(store, io);
    case 'agency require-otp':
      return agencyRequireOtp(store, args, io);
    case 'user add':
      return userAdd(store, args, io);
    case 'user list':
      options(args, []);
      return userList(store, io);
    case 'user disable':
      return userDisable(store, args, io);
    case 'user revoke':
      return userRevoke(store, args, io);
    case 'audit verify':
      options(args, []);
      return auditVerify(store, io);
    case 'user unlock':
      return userUnlock(store, args, io);
    case 'user totp-enable':
      return userTotpEnable(store, args, io);
    case 'user totp-disable':
      return userTotpDisable(store, args, io);
    case 'sharing show':
      options(args, []);
      return sharingShow(io);
    default:
      throw new UsageError(`Unknown command "${name.trim()}".`);
  }
}

export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv[0] === 'help') {
    io.out(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  let config;
  try {
    config = databaseConfig(io.env);
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  // Like the server's start, the CLI may be the first to migrate, and a migration may build an
  // index over every revision: on PostgreSQL no per-statement timeout (an administrator can stop it).
  const db = openDatabase(config.kind === 'postgres' ? { ...config, timeoutMs: 0 } : config);
  try {
    await prepareDatabase(db, io.now());
    await dispatch(createStore(db), argv, io);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      io.err(USAGE);
      return 2;
    }
    if (error instanceof Refusal || error instanceof PasswordInputError) {
      io.err((error as Error).message);
      return 1;
    }
    io.err(`Failed on ${describeDatabase(config)}: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.destroy();
  }
}
