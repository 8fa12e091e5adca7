/**
 * The position fields of issue 17 through POST /api/v1/sync/push, on SQLite and PostgreSQL: the
 * server keeps the fix's time and the reason for no fix, refuses values outside the schema's
 * vocabulary, and a position outside the chosen state is only a warning (the record is stored).
 */
import { describe, expect, it } from 'vitest';
import { prepareRecord } from '../../src/server/protocol/prepare-record';
import { DIALECTS } from './helpers/databases';
import { mutation, resultsOf, seizure, useServer } from './helpers/app';

const GUADALAJARA = { lat: 20.6767, lon: -103.3475, accuracyM: 12, fixedAt: '2026-11-28T10:02:00.000Z' };

describe.each(DIALECTS)('the position on %s', (dialect) => {
  const server = useServer(dialect);

  it('stores the fix with its time, and the reason when there is none', async () => {
    const atf = await server().user('geo.atf', 'ATF');
    const fixed = seizure();
    fixed.recovery = { ...fixed.recovery, country: 'MX', state: '14', geo: GUADALAJARA };
    const none = seizure();
    none.recovery = { ...none.recovery, geoMissing: 'denied' };
    expect(resultsOf(await server().push(atf, [mutation(fixed), mutation(none)])).map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await server().app.store.records.findLatest(fixed.id))?.body.recovery.geo).toEqual(GUADALAJARA);
    expect((await server().app.store.records.findLatest(none.id))?.body.recovery.geoMissing).toBe('denied');
  });

  it('refuses a reason outside the list and a fix time that is not a date, changing nothing', async () => {
    const atf = await server().user('geo.atf2', 'ATF');
    const badReason = { ...seizure(), recovery: { ...seizure().recovery, geoMissing: 'indoors' } };
    const badTime = { ...seizure(), recovery: { ...seizure().recovery, geo: { ...GUADALAJARA, fixedAt: 'yesterday' } } };
    const results = resultsOf(await server().push(atf, [mutation(badReason), mutation(badTime)]));
    expect(results.map((r) => [r.status, r.errors?.map((e) => [e.path, e.code])])).toEqual([
      ['rejected', [['recovery.geoMissing', 'invalid']]],
      ['rejected', [['recovery.geo.fixedAt', 'invalid']]],
    ]);
    for (const record of [badReason, badTime]) expect(await server().app.store.records.history(record.id)).toHaveLength(0);
  });
});

describe('the server runs the location check too', () => {
  it('a ready record in Guadalajara with Sonora chosen is stored, with the warning', () => {
    const record = seizure({ status: 'ready' });
    record.recovery = { ...record.recovery, country: 'MX', state: '26', municipality: undefined, geo: GUADALAJARA };
    const prepared = prepareRecord(record, { userId: 'u', username: 'officer', agencyCode: record.agency.code ?? 'ATF' }, new Date());
    expect(prepared.ok).toBe(true);
    expect(prepared.ok && prepared.issues.filter((i) => i.code === 'recovery.geoOutsideState').map((i) => i.params?.state)).toEqual(['Sonora']);
  });
});
