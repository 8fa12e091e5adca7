/** The pure parts of the audit trail: canonical JSON, the hash chain walk, changed-field paths. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashOf, verifyChain, type ChainedRow } from '../../src/server/audit/chain';
import { changedPaths } from '../../src/server/audit/changed-paths';

function chain(n: number): ChainedRow[] {
  const rows: ChainedRow[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const row = { seq, at: `2026-11-28T12:00:0${seq}.000Z`, actorUserId: 'u1', agencyCode: 'ATF', deviceId: null, action: 'record.create', subject: `r${seq}`, details: '{}', prevHash: rows.at(-1)?.hash ?? GENESIS_HASH };
    rows.push({ ...row, hash: hashOf(row) });
  }
  return rows;
}
async function* pagesOf(rows: ChainedRow[], size = 2) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

describe('canonical JSON', () => {
  it('writes the same text for the same value, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

describe('the hash chain', () => {
  it('verifies an intact chain across pages', async () => {
    expect(await verifyChain(pagesOf(chain(5)))).toEqual({ ok: true, count: 5, lastSeq: 5 });
    expect(await verifyChain(pagesOf([]))).toEqual({ ok: true, count: 0, lastSeq: null });
  });

  it('names the first broken link: a changed row, a removed row, a swapped order', async () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, subject: 'other' };
    expect(await verifyChain(pagesOf(changed))).toMatchObject({ ok: false, seq: 3, count: 2 });

    const removed = chain(5).filter((r) => r.seq !== 4);
    expect(await verifyChain(pagesOf(removed))).toMatchObject({ ok: false, seq: 4, reason: expect.stringContaining('missing') });

    const firstGone = chain(3).slice(1);
    expect(await verifyChain(pagesOf(firstGone))).toMatchObject({ ok: false, seq: 1 });

    const rehashed = chain(4);
    const forged = { ...rehashed[1]!, details: '{"x":1}' };
    rehashed[1] = { ...forged, hash: hashOf(forged) };
    expect(await verifyChain(pagesOf(rehashed))).toMatchObject({ ok: false, seq: 3, reason: expect.stringContaining('prev_hash') });
  });
});

describe('every broken link, not only the first', () => {
  it('lists two planted alterations, each at its own seq, and keeps checking after them', async () => {
    const rows = chain(8);
    rows[1] = { ...rows[1]!, actorUserId: 'someone-else' };
    const forged = { ...rows[5]!, details: '{"x":1}' };
    rows[5] = { ...forged, hash: hashOf(forged) };
    const check = await verifyChain(pagesOf(rows, 3));
    expect(check).toMatchObject({ ok: false, seq: 2, count: 1, brokenCount: 2, rows: 8 });
    expect(check.ok ? [] : check.broken).toEqual([
      { seq: 2, reason: expect.stringContaining('does not match its hash') },
      { seq: 7, reason: expect.stringContaining('prev_hash does not match the hash of row 6') },
    ]);
  });

  it('finds a real alteration after a false alarm (a row stored other than it was hashed)', async () => {
    const rows = chain(6);
    // What a lone surrogate did: stored as U+FFFD, hashed as sent.
    rows[0] = { ...rows[0]!, deviceId: '\ufffd' };
    rows[4] = { ...rows[4]!, subject: 'r-other' };
    const check = await verifyChain(pagesOf(rows));
    expect(check.ok ? [] : check.broken.map((link) => link.seq)).toEqual([1, 5]);
  });

  it('names each gap once, with its range, and goes on', async () => {
    const rows = chain(9).filter((row) => ![3, 4, 8].includes(row.seq));
    const check = await verifyChain(pagesOf(rows));
    expect(check.ok ? [] : check.broken).toEqual([
      { seq: 3, reason: 'rows 3 to 4 are missing (the next row is 5)' },
      { seq: 8, reason: 'row 8 is missing (the next row is 9)' },
    ]);
  });
});

describe('changed field paths', () => {
  it('lists the paths that differ, never the values, and ignores the server-set revision', () => {
    const before = { revision: 1, notes: 'a', firearms: [{ serialNumber: 'X1', model: 'M' }], possessors: [] };
    const after = { revision: 2, notes: 'b', firearms: [{ serialNumber: 'X2', model: 'M' }, { serialNumber: 'Y' }], possessors: [{ firstName: 'Ana' }] };
    expect(changedPaths(before, after)).toEqual(['firearms[0].serialNumber', 'firearms[1]', 'notes', 'possessors[0]']);
    expect(changedPaths(before, before)).toEqual([]);
    expect(changedPaths({ a: { b: 1 } }, { a: { b: 1, c: 2 } })).toEqual(['a.c']);
  });
});
