/** Calls of the shares API (docs/sync-protocol.md "Shares") for server tests. */
import type { LightMyRequestResponse } from 'fastify';
import type { TestServer, TestUser } from './app';

export interface ShareBody {
  id: string;
  recordId: string | null;
  caseNumber: string | null;
  fromAgency: string;
  toAgency: string;
  grantedBy: { id: string; username: string | null };
  revokedAt: string | null;
}

export type PulledChange =
  | { recordId: string; revision: number; record: { id: string; notes?: string; revision: number }; shared?: { fromAgency: string }; removed?: undefined }
  | { recordId: string; revision: number; removed: true; record?: undefined; shared?: undefined };

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

export function sharesApi(server: () => TestServer) {
  return {
    share: (user: TestUser, payload: Record<string, unknown>): Promise<LightMyRequestResponse> =>
      server().app.inject({ method: 'POST', url: '/api/v1/shares', headers: auth(user), payload }),
    revoke: (user: TestUser, id: string): Promise<LightMyRequestResponse> =>
      server().app.inject({ method: 'DELETE', url: `/api/v1/shares/${id}`, headers: auth(user) }),
    list: (user: TestUser): Promise<LightMyRequestResponse> => server().app.inject({ method: 'GET', url: '/api/v1/shares', headers: auth(user) }),
    history: (user: TestUser, recordId: string): Promise<LightMyRequestResponse> =>
      server().app.inject({ method: 'GET', url: `/api/v1/records/${recordId}/history`, headers: auth(user) }),
    /** Every change after `cursor`, through all pages; returns them and the last cursor. */
    async pullAll(user: TestUser, cursor = '0', limit = 100): Promise<{ changes: PulledChange[]; cursor: string }> {
      const changes: PulledChange[] = [];
      for (;;) {
        const response = await server().pull(user, `?cursor=${cursor}&limit=${limit}`);
        if (response.statusCode !== 200) throw new Error(`pull answered ${response.statusCode}: ${response.body}`);
        const page = response.json<{ changes: PulledChange[]; cursor: string; more: boolean }>();
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.more) return { changes, cursor };
      }
    },
  };
}
