/**
 * `npm run admin -- <command>`: creates agencies and users in the server's database (the same
 * DATA_DIR / DATABASE_URL as `npm start`). See admin/commands.ts for the commands.
 */
import { runAdmin } from './admin/commands';
import { readPasswordFrom } from './admin/read-password';

const code = await runAdmin(process.argv.slice(2), {
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  readPassword: () => readPasswordFrom(process.env, process.stdin, process.stderr),
  now: () => new Date(),
});
process.exitCode = code;
