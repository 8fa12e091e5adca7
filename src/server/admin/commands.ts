/**
 * The admin commands, over the same database and repositories as the server. Each command
 * returns an exit code: 0 done, 1 refused or failed (with a message saying why), 2 usage error.
 * A new command is one entry in COMMANDS: its usage lines, its options, its handler.
 */
import { MIN_PASSWORD_LENGTH } from '../auth/passwords';
import { verifyChain } from '../audit/chain';
import { checkRevisionsAgainstAudit } from '../audit/revisions-check';
import { databaseConfig, describeDatabase } from '../config';
import { loadSharingPolicy } from '../sharing/policy';
import { createStore, openDatabase, prepareDatabase, type Store } from '../store';
import { agencyAdd, agencyList, agencyRequireOtp, agencyTracePolicy, agencyContact } from './agency-commands';
import { parseOptions, Refusal, UsageError, type AdminIo, type Options } from './command-line';
import { PasswordInputError } from './read-password';
import { userAdd, userDisable, userList, userRevoke, userTotpDisable, userTotpEnable, userUnlock } from './user-commands';

export type { AdminIo } from './command-line';

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

interface Command {
  /** Its two words: "user add". */
  name: string;
  /** Its lines in the usage text, as the operator reads them; they start with its name. */
  usage: string;
  run(store: Store, io: AdminIo, args: string[]): Promise<void> | void;
}

/** A command that takes these options, all of them required, and refuses any other. */
function command<Name extends string>(usage: string, names: readonly Name[], run: (store: Store, io: AdminIo, options: Options<Name>) => Promise<void> | void): Command {
  const name = usage.trim().split(/\s+/).slice(0, 2).join(' ');
  return { name, usage, run: (store, io, args) => run(store, io, parseOptions(args, names)) };
}

/** Every command, in the order the usage text lists them. */
const COMMANDS: readonly Command[] = [
  command('  agency add --code CODE --name "Name" --country US|MX', ['code', 'name', 'country'], agencyAdd),
  command('  agency list                   (with the roles each agency makes sign in with TOTP)', [], agencyList),
  command(
    `  agency require-otp --agency CODE --roles supervisor,admin
                                (roles that must sign in with TOTP there; --roles none clears it)`,
    ['agency', 'roles'],
    agencyRequireOtp,
  ),
  command(
    `  agency trace-policy --agency CODE --by officers|supervisors
                                (who records a firearm's trace status; supervisors and admins by default)`,
    ['agency', 'by'],
    agencyTracePolicy,
  ),
  command(
    `  agency contact --agency CODE --contact "Duty desk +1 520 555 0100"
                                (who another agency holding the same gun should call; none clears it)`,
    ['agency', 'contact'],
    agencyContact,
  ),
  command(
    `  user add --agency CODE --username NAME --role officer|supervisor|admin
           (password from the PASSWORD environment variable, else one line on stdin;
            at least ${MIN_PASSWORD_LENGTH} characters)`,
    ['agency', 'username', 'role'],
    userAdd,
  ),
  command('  user list', [], userList),
  command('  user disable --username NAME  (also ends all their sign-ins)', ['username'], userDisable),
  command('  user revoke --username NAME   (ends all their sign-ins; they can sign in again)', ['username'], userRevoke),
  command('  user unlock --username NAME   (lifts a lock after failed sign-ins)', ['username'], userUnlock),
  command(
    `  user totp-enable --username NAME
                                (new TOTP secret; prints it and its otpauth:// URI once, for the
                                 user's authenticator app; it is never shown again)`,
    ['username'],
    userTotpEnable,
  ),
  command('  user totp-disable --username NAME', ['username'], userTotpDisable),
  command("  audit verify                  (checks the audit trail's hash chain; exit 1 at the first broken link)", [], auditVerify),
  command('  sharing show                  (the sharing policy in force: which agency may share with which)', [], (_store, io) => sharingShow(io)),
];

export const USAGE = `Usage: npm run admin -- <command>

${COMMANDS.map((entry) => entry.usage).join('\n')}

The database is the server's: DATABASE_URL when set, else DATA_DIR/traceready.sqlite
(DATA_DIR defaults to ./data).`;

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
    const [group, name, ...args] = argv;
    const wanted = `${group ?? ''} ${name ?? ''}`;
    const found = COMMANDS.find((entry) => entry.name === wanted);
    if (!found) throw new UsageError(`Unknown command "${wanted.trim()}".`);
    await found.run(createStore(db), io, args);
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
