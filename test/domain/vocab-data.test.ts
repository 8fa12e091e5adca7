import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const dataDir = join(root, 'src/domain/vocab/data');
const vocabDir = join(root, 'src/domain/vocab');
// INEGI's catalogue as received (provenance inside), kept in the repository so the data can be rebuilt.
const inegiSource = join(root, 'scripts/sources/inegi-mexico.json');

describe('vocabulary modules stay pure', () => {
  it.each(readdirSync(vocabDir).filter((f) => f.endsWith('.ts')))('%s imports only sibling modules and data', (file) => {
    const source = readFileSync(join(vocabDir, file), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const specifier of specifiers) expect(specifier, file).toMatch(/^\.\/(?:[\w-]+|data\/[\w-]+\.json)$/);
  });
});

// The committed JSON must be what the script makes, so nobody hand-edits generated data.
describe('scripts/build-vocab-data.mjs', () => {
  it('regenerates the committed files byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'vocab-data-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts/build-vocab-data.mjs'), inegiSource, '--out', out], {
        stdio: 'pipe',
      });
      for (const file of ['mx-states.json', ...Array.from({ length: 32 }, (_, i) => `mx-municipalities-${String(i + 1).padStart(2, '0')}.json`)]) {
        expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(dataDir, file), 'utf8'));
      }
      // No file left over from an earlier layout (the single mx-municipalities.json of before).
      expect(readdirSync(dataDir).sort()).toEqual(readdirSync(out).sort());
      // Country names come from this Node's CLDR, so they can only be compared when it is the
      // CLDR the committed file was built with; the codes must match regardless.
      const fresh = JSON.parse(readFileSync(join(out, 'countries.json'), 'utf8')) as CountriesFile;
      const committed = JSON.parse(readFileSync(join(dataDir, 'countries.json'), 'utf8')) as CountriesFile;
      expect(fresh.countries.map((c) => c.code)).toEqual(committed.countries.map((c) => c.code));
      if (fresh.version === committed.version) expect(fresh).toEqual(committed);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

interface CountriesFile {
  version: string;
  countries: { code: string }[];
}
