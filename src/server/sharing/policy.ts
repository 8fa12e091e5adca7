/**
 * Which agency may share records with which: configuration, not code (docs/server.md
 * "Sharing policy"). Without a policy file any agency may share with any other; with one, only
 * the pairs it lists. An agency never shares with itself.
 *
 * The file is JSON: { "allow": { "ATF": ["FGR", "HSI"], "CBP": ["HSI"], "*": ["FGR"] } }, where
 * "*" stands for every agency on either side. It is read once at start: every instance of a
 * deployment must be given the same file. A file that is present but wrong stops the start.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod/mini';

export const SHARING_POLICY_FILE_NAME = 'sharing-policy.json';

const AgencyOrAny = z.string().check(z.regex(/^(\*|[A-Z][A-Z0-9_]{1,31})$/));
const PolicyFile = z.strictObject({ allow: z.record(AgencyOrAny, z.array(AgencyOrAny)) });

export interface SharingPolicy {
  /** Where it came from, for messages: a file path, or "default". */
  source: string;
  mayShare(from: string, to: string): boolean;
  /** The rules in words, one line each, for the admin CLI. */
  describe(): string[];
}

export const ANY_TO_ANY: SharingPolicy = {
  source: 'default',
  mayShare: (from, to) => from !== to,
  describe: () => ['any agency may share with any other agency'],
};

export function parseSharingPolicy(text: string, source: string): SharingPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The sharing policy ${source} is not valid JSON.`);
  }
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(`The sharing policy ${source} must look like {"allow": {"ATF": ["FGR", "HSI"], "*": ["FGR"]}}: agency codes (A-Z, 0-9, _) or "*".`);
  }
  const allow = parsed.data.allow;
  const targetsOf = (from: string) => [...(allow[from] ?? []), ...(allow['*'] ?? [])];
  return {
    source,
    mayShare: (from, to) => from !== to && targetsOf(from).some((target) => target === '*' || target === to),
    describe: () =>
      Object.keys(allow).length === 0
        ? ['no agency may share with another']
        : Object.entries(allow).map(([from, targets]) => `${from === '*' ? 'any agency' : from} may share with ${targets.includes('*') ? 'any other agency' : targets.join(', ') || 'no agency'}`),
  };
}

/**
 * SHARING_POLICY_FILE when set (it must exist), else DATA_DIR/sharing-policy.json when that
 * exists, else any agency with any other.
 */
export function loadSharingPolicy(env: Record<string, string | undefined> = process.env): SharingPolicy {
  const named = env.SHARING_POLICY_FILE?.trim();
  const file = named ? path.resolve(named) : path.resolve(env.DATA_DIR?.trim() || './data', SHARING_POLICY_FILE_NAME);
  if (!existsSync(file)) {
    if (named) throw new Error(`SHARING_POLICY_FILE names ${file}, which does not exist.`);
    return ANY_TO_ANY;
  }
  return parseSharingPolicy(readFileSync(file, 'utf8'), file);
}
