/**
 * The app's read of a record's history (src/sync transport, used by the detail screen's
 * history view) against the real server: supervisors get who/when/device/changed fields, an
 * officer's request is refused with 403, which the view shows as "supervisors only".
 */
import { describe, expect, it } from 'vitest';
import { createHttpTransport, TransportError } from '../../src/sync/transport';
import { mutation, NOW, resultsOf, seizure, useServer, type TestUser } from '../server/helpers/app';
import { injectFetch } from './support/inject-fetch';

const server = useServer('sqlite');
const transportFor = (user: TestUser) => createHttpTransport({ baseUrl: 'http://server.test', token: async () => user.token, fetch: injectFetch(server().app) });

describe('record history in the app', () => {
  it('reads the revisions for a supervisor and is refused for an officer', async () => {
    const officer = await server().user('view.officer', 'GN');
    const supervisor = await server().user('view.supervisor', 'GN', 'supervisor');
    const record = seizure();
    resultsOf(await server().push(officer, [mutation(record)], 'phone-9'));
    resultsOf(await server().push(officer, [mutation({ ...record, notes: 'Second look' }, 1)], 'phone-9'));

    const history = await transportFor(supervisor).recordHistory(record.id);
    expect(history.revisions.map((r) => [r.revision, r.author.username, r.deviceId, r.changedFields, r.at])).toEqual([
      [1, 'view.officer', 'phone-9', null, NOW.toISOString()],
      [2, 'view.officer', 'phone-9', ['notes'], NOW.toISOString()],
    ]);

    const refused = await transportFor(officer).recordHistory(record.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ kind: 'refused', status: 403, code: 'auth.forbidden' });
  });
});
