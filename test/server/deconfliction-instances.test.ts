/**
 * Deconfliction with two server instances over one PostgreSQL (issue 15): an ATF and an HSI
 * officer push the same gun at the same moment, each to another instance, and the same push
 * reaches both instances at once. Each pair gets exactly one alert, never none and never two.
 */
import { describe, expect, it } from 'vitest';
import type { Seizure } from '../../src/domain/schema';
import { mutation, resultsOf, seizure, startServer } from './helpers/app';
import { createTestDatabase } from './helpers/databases';
import { useFixture } from './helpers/fixture';

describe('deconfliction on two instances over one PostgreSQL', () => {
  const fixture = useFixture(
    async () => {
      const db = await createTestDatabase('postgres');
      const [one, two] = await Promise.all([startServer(db), startServer(db)]);
      return { db, one, two, atf: await one.user('instances.dc.atf', 'ATF'), hsi: await two.user('instances.dc.hsi', 'HSI') };
    },
    async ({ db, one, two }) => {
      await one.app.close();
      await two.app.close();
      await db.drop();
    },
  );
  const rifle = (serialNumber: string): Seizure => {
    const base = seizure();
    return { ...base, firearms: [{ ...base.firearms[0]!, manufacturer: 'Colt', serialNumber }] };
  };
  const alertsFor = (recordId: string) =>
    fixture()
      .one.app.store.db.selectFrom('deconfliction_alerts')
      .select(['pair_key', 'kind'])
      .where((eb) => eb.or([eb('record_a', '=', recordId), eb('record_b', '=', recordId)]))
      .execute();

  it('makes one alert when two agencies push the same gun at once to different instances', async () => {
    const { one, two, atf, hsi } = fixture();
    for (let round = 0; round < 5; round++) {
      const serial = `CC-${round}${Math.floor(Math.random() * 1e6)}`;
      const atfRecord = rifle(serial);
      // HSI typed O for 0 and no hyphen: the same gun by its match key.
      const hsiRecord = rifle(serial.replace('-', '').replaceAll('0', 'O'));
      const [a, h] = await Promise.all([one.push(atf, [mutation(atfRecord)]), two.push(hsi, [mutation(hsiRecord)])]);
      expect([...resultsOf(a), ...resultsOf(h)].map((r) => r.status)).toEqual(['applied', 'applied']);
      const alerts = await alertsFor(atfRecord.id);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.kind).toBe('other_agency');
      expect(await alertsFor(hsiRecord.id)).toEqual(alerts);
    }
  });

  it('makes one alert when the same push reaches both instances at once', async () => {
    const { one, two, atf, hsi } = fixture();
    const serial = `DP-${Math.floor(Math.random() * 1e6)}`;
    const held = rifle(serial);
    expect(resultsOf(await two.push(hsi, [mutation(held)]))[0]?.status).toBe('applied');
    const m = mutation(rifle(serial));
    const results = (await Promise.all([one.push(atf, [m]), two.push(atf, [m]), one.push(atf, [m])])).flatMap(resultsOf);
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
    expect(await alertsFor(m.recordId)).toHaveLength(1);
    expect(await alertsFor(held.id)).toHaveLength(1);
  });
});
