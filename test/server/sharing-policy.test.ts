/** The sharing policy file (docs/server.md "Sharing policy"): who may share with whom. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../../src/server/admin/commands';
import { ANY_TO_ANY, loadSharingPolicy, parseSharingPolicy, SHARING_POLICY_FILE_NAME } from '../../src/server/sharing/policy';

describe('the sharing policy', () => {
  it('lets any agency share with any other by default, never with itself', () => {
    expect(ANY_TO_ANY.mayShare('ATF', 'FGR')).toBe(true);
    expect(ANY_TO_ANY.mayShare('CBP', 'HSI')).toBe(true);
    expect(ANY_TO_ANY.mayShare('ATF', 'ATF')).toBe(false);
  });

  it('allows only the listed pairs, with * for any agency', () => {
    const policy = parseSharingPolicy('{"allow": {"ATF": ["FGR", "HSI"], "CBP": ["HSI"], "*": ["FBI"], "SEDENA": ["*"]}}', 'test');
    expect(policy.mayShare('ATF', 'FGR')).toBe(true);
    expect(policy.mayShare('ATF', 'HSI')).toBe(true);
    expect(policy.mayShare('FGR', 'ATF')).toBe(false); // not symmetric unless listed
    expect(policy.mayShare('CBP', 'FGR')).toBe(false);
    expect(policy.mayShare('DEA', 'FBI')).toBe(true);
    expect(policy.mayShare('SEDENA', 'SEMAR')).toBe(true);
    expect(policy.mayShare('FBI', 'FBI')).toBe(false);
    expect(policy.describe()).toContain('ATF may share with FGR, HSI');
    expect(parseSharingPolicy('{"allow": {}}', 'test').mayShare('ATF', 'FGR')).toBe(false);
  });

  it('refuses a file that is not a policy, with a message naming it', () => {
    expect(() => parseSharingPolicy('{', '/x/policy.json')).toThrow(/\/x\/policy.json is not valid JSON/);
    for (const bad of ['{"allow": {"atf": ["FGR"]}}', '{"allow": {"ATF": "FGR"}}', '{"allow": {"ATF": ["FGR"]}, "deny": {}}', '[]']) {
      expect(() => parseSharingPolicy(bad, 'p.json')).toThrow(/must look like/);
    }
  });

  it('reads SHARING_POLICY_FILE, else DATA_DIR/sharing-policy.json, else allows any pair', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traceready-policy-'));
    expect(loadSharingPolicy({ DATA_DIR: dir })).toBe(ANY_TO_ANY);
    writeFileSync(path.join(dir, SHARING_POLICY_FILE_NAME), '{"allow": {"ATF": ["FGR"]}}');
    const fromDataDir = loadSharingPolicy({ DATA_DIR: dir });
    expect(fromDataDir.source).toBe(path.join(dir, SHARING_POLICY_FILE_NAME));
    expect([fromDataDir.mayShare('ATF', 'FGR'), fromDataDir.mayShare('ATF', 'HSI')]).toEqual([true, false]);
    const named = path.join(dir, 'other.json');
    writeFileSync(named, '{"allow": {"CBP": ["HSI"]}}');
    expect(loadSharingPolicy({ DATA_DIR: dir, SHARING_POLICY_FILE: named }).mayShare('CBP', 'HSI')).toBe(true);
    expect(() => loadSharingPolicy({ SHARING_POLICY_FILE: path.join(dir, 'missing.json') })).toThrow(/does not exist/);
  });
});

describe('npm run admin -- sharing show', () => {
  const show = async (env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdmin(['sharing', 'show'], { env, out: (l) => out.push(l), err: (l) => err.push(l), readPassword: async () => '', now: () => new Date() });
    return { code, out, err };
  };

  it('prints the rules in force, and refuses a broken file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'traceready-policy-cli-'));
    expect(await show({ DATA_DIR: dir })).toEqual({ code: 0, out: ['Sharing policy: default (no policy file)', '  any agency may share with any other agency'], err: [] });
    const file = path.join(dir, SHARING_POLICY_FILE_NAME);
    writeFileSync(file, '{"allow": {"ATF": ["FGR", "HSI"], "*": ["*"]}}');
    expect((await show({ DATA_DIR: dir })).out).toEqual([`Sharing policy: ${file}`, '  ATF may share with FGR, HSI', '  any agency may share with any other agency']);
    writeFileSync(file, '{"allow": []}');
    const broken = await show({ DATA_DIR: dir });
    expect(broken.code).toBe(1);
    expect(broken.err.join('\n')).toMatch(/must look like/);
  });
});
