/**
 * A per-suite fixture whose setup failure fails every test that uses it. A failing beforeAll
 * would only mark the tests "skipped", which reads like "not applicable" when PostgreSQL is
 * down; here each test throws the setup error instead.
 */
import { afterAll, beforeAll } from 'vitest';

export function useFixture<T>(create: () => Promise<T>, destroy: (value: T) => Promise<void>): () => T {
  let value: { ok: true; fixture: T } | { ok: false; error: unknown } | undefined;
  beforeAll(async () => {
    try {
      value = { ok: true, fixture: await create() };
    } catch (error) {
      value = { ok: false, error };
    }
  });
  afterAll(async () => {
    if (value?.ok) await destroy(value.fixture);
  });
  return () => {
    if (!value) throw new Error('fixture used outside a test');
    if (!value.ok) throw value.error;
    return value.fixture;
  };
}
