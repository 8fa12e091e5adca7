/**
 * Evidence-bag codes on the server (docs/evidence-codes.md), on SQLite and PostgreSQL: a code is
 * unique within an agency (another record, or a second firearm of the same record, holding it is
 * refused as `firearm.bagCodeTaken` naming the code, and nothing is stored), a record keeps its
 * own code from revision to revision, another agency may hold the same code, and a code that
 * fails its check is refused by the shared record schema.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSymbol } from '../../src/domain/bag-code';
import type { Seizure } from '../../src/domain/schema';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer, type TestUser } from './helpers/app';

let next = 0;
/** A distinct valid code per call: the counter in base 32, padded, and its check. */
const freshCode = (): string => {
  const data = (next++ + Date.now() * 64).toString(32).toUpperCase().slice(-8).padStart(8, '0').replace(/[ILOU]/g, 'X');
  return data + checkSymbol(data);
};
const coded = (record: Seizure, ...codes: string[]): Seizure => ({
  ...record,
  firearms: codes.map((bagCode, i) => ({ ...(record.firearms[0] as Seizure['firearms'][number]), id: randomUUID(), itemNumber: i + 1, serialNumber: `LKQ88${i}2197`, bagCode })),
});

describe.each(DIALECTS)('bag codes on %s', (dialect) => {
  const server = useServer(dialect);
  let users: Record<'atf' | 'hsi', TestUser> | undefined;
  const user = async (name: 'atf' | 'hsi'): Promise<TestUser> => {
    users ??= { atf: await server().user('bags.atf', 'ATF'), hsi: await server().user('bags.hsi', 'HSI') };
    return users[name];
  };
  const history = (recordId: string) => server().app.store.records.history(recordId);

  it('refuses a code another record of the agency holds, naming it, and stores nothing', async () => {
    const atf = await user('atf');
    const code = freshCode();
    const first = coded(seizure(), code);
    expect(resultsOf(await server().push(atf, [mutation(first)]))[0]?.status).toBe('applied');
    const other = coded(seizure(), freshCode(), code);
    const [result] = resultsOf(await server().push(atf, [mutation(other)]));
    expect(result).toMatchObject({ status: 'rejected', errors: [{ path: 'firearms.1.bagCode', code: 'firearm.bagCodeTaken', severity: 'error', params: { bagCode: code } }] });
    expect(await history(other.id)).toHaveLength(0);
    // The first record keeps its code at its next revision.
    expect(resultsOf(await server().push(atf, [mutation({ ...first, notes: 'again' }, 1)]))[0]).toMatchObject({ status: 'applied', revision: 2 });
  });

  it('refuses two firearms of one record with one code, and two records of one push with one code', async () => {
    const atf = await user('atf');
    const code = freshCode();
    const [twice] = resultsOf(await server().push(atf, [mutation(coded(seizure(), code, code))]));
    expect(twice).toMatchObject({ status: 'rejected', errors: [{ path: 'firearms.1.bagCode', code: 'firearm.bagCodeTaken' }] });
    const shared = freshCode();
    const results = resultsOf(await server().push(atf, [mutation(coded(seizure(), shared)), mutation(coded(seizure(), shared))]));
    expect(results.map((r) => r.status)).toEqual(['applied', 'rejected']);
  });

  it('lets another agency hold the same code, and frees a code the record gave up', async () => {
    const [atf, hsi] = [await user('atf'), await user('hsi')];
    const code = freshCode();
    const mine = coded(seizure(), code);
    expect(resultsOf(await server().push(atf, [mutation(mine)]))[0]?.status).toBe('applied');
    expect(resultsOf(await server().push(hsi, [mutation(coded(seizure(), code))]))[0]?.status).toBe('applied');
    // Renumbered (the device replaced it): the old code is free for another record.
    expect(resultsOf(await server().push(atf, [mutation(coded(mine, freshCode()), 1)]))[0]?.status).toBe('applied');
    expect(resultsOf(await server().push(atf, [mutation(coded(seizure(), code))]))[0]?.status).toBe('applied');
  });

  it('refuses a code that fails its check, by the record schema', async () => {
    const atf = await user('atf');
    const good = freshCode();
    const swapped = good.slice(0, 3) + good.charAt(4) + good.charAt(3) + good.slice(5);
    const bad = good.charAt(3) === good.charAt(4) ? `${good.slice(0, 8)}${good.charAt(8) === '0' ? '1' : '0'}` : swapped;
    const [result] = resultsOf(await server().push(atf, [mutation(coded(seizure(), bad))]));
    expect(result).toMatchObject({ status: 'rejected', errors: [{ path: 'firearms.0.bagCode', code: 'invalid' }] });
  });
});
