/**
 * docs/domain-rules.md is where every rule id and issue code resolves: a pointer into it that
 * names no anchor, a rule id in the code that the page does not define, or an issue code it
 * does not describe would send a reader outside the repository again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES } from '../../src/domain/issues';
import { TRACE_ISSUE_CODES } from '../../src/domain/trace-status';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const book = readFileSync(path.join(root, 'docs/domain-rules.md'), 'utf8');

/** GitHub's anchors: the explicit `<a id>` ones, and one per heading. */
const anchors = new Set([
  ...[...book.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]),
  ...[...book.matchAll(/^#+ (.+)$/gm)].map((m) => (m[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-')),
]);

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'data' ? [] : filesUnder(relative);
    return /\.(ts|tsx|js|mjs|md)$/.test(entry.name) ? [relative] : [];
  });
}

const sources = ['src', 'test', 'bench', 'scripts', 'docs'].flatMap(filesUnder).concat('README.md');
const text = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('the rule book (docs/domain-rules.md)', () => {
  it('has the anchor every pointer into it names', () => {
    const pointers = sources.flatMap((file) => [...text(file).matchAll(/domain-rules\.md#([\w-]+)/g)].map((m) => `${file}#${m[1]}`));
    expect(pointers.length).toBeGreaterThan(20);
    expect(pointers.filter((pointer) => !anchors.has(pointer.split('#')[1] ?? ''))).toEqual([]);
  });

  it('defines every rule id the domain code and its tests name', () => {
    const files = [...filesUnder('src/domain'), ...filesUnder('test/domain')];
    const ids = new Set(files.flatMap((file) => [...text(file).matchAll(/\b(S-H\d+|X-[HW]\d+|W\d{1,2}|N[1-3])\b/g)].map((m) => (m[1] ?? '').toLowerCase())));
    expect(ids.size).toBeGreaterThan(20);
    expect([...ids].filter((id) => !anchors.has(id))).toEqual([]);
  });

  it('describes every issue code', () => {
    expect([...ISSUE_CODES, ...TRACE_ISSUE_CODES].filter((code) => !book.includes(`\`${code}\``))).toEqual([]);
  });
});
