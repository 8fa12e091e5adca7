/**
 * What every admin command is made of: what it reads and prints, the two ways it refuses, its
 * options, its tables, and finding the agency or user it names (or refusing).
 */
import { parseArgs } from 'node:util';
import { normalizeUsername } from '../auth/usernames';
import type { Store } from '../store';
import { ROLES, type Role } from '../store/schema';

export interface AdminIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  readPassword(): Promise<string>;
  now(): Date;
}

/** A refusal with a message for the operator (exit code 1). */
export class Refusal extends Error {}
/** A command line that does not parse (exit code 2, usage shown). */
export class UsageError extends Error {}

/** A command's options by name, each given and trimmed. */
export type Options<Name extends string> = Record<Name, string>;

export const isRole = (value: string): value is Role => ROLES.some((role) => role === value);

/** Parses `--name value` options; every one a command takes is required. */
export function parseOptions<Name extends string>(args: string[], names: readonly Name[]): Options<Name> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args,
      options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const given = (name: Name): string => {
    const value = values[name];
    return typeof value === 'string' ? value.trim() : '';
  };
  const missing = names.filter((name) => !given(name));
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((name) => `--${name}`).join(', ')}.`);
  return Object.fromEntries(names.map((name) => [name, given(name)])) as Options<Name>;
}

export const table = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
};

/** The agency a command names, or a refusal that says where the codes are listed. */
export async function knownAgency(store: Store, rawAgency: string): Promise<string> {
  const agencyCode = rawAgency.toUpperCase();
  if (!(await store.agencies.find(agencyCode))) {
    throw new Refusal(`No agency with code "${rawAgency}". See the codes with: npm run admin -- agency list`);
  }
  return agencyCode;
}

/** The user a command names, or a refusal. */
export async function knownUser(store: Store, rawUsername: string) {
  const username = normalizeUsername(rawUsername);
  const user = await store.users.findByUsername(username);
  if (!user) throw new Refusal(`No user named "${rawUsername}".`);
  return { user, username };
}
