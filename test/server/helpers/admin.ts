/** Runs the admin CLI in-process against a test database, collecting what it prints. */
import { runAdmin } from '../../../src/server/admin/commands';
import type { DatabaseConfig } from '../../../src/server/store';
import { NOW } from './app';

/** The CLI's environment for a test database (PostgreSQL's schema goes in the URL). */
export function adminEnv(config: DatabaseConfig): Record<string, string> {
  if (config.kind === 'sqlite') return { DATA_DIR: config.file.replace(/[/\\]traceready\.sqlite$/, '') };
  const url = new URL(config.url);
  if (config.searchPath) url.searchParams.set('options', `-c search_path=${config.searchPath}`);
  return { DATABASE_URL: url.toString() };
}

export async function admin(config: DatabaseConfig, args: string[], now = NOW): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(args, { env: adminEnv(config), out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => '', now: () => now });
  return { code, out, err };
}
