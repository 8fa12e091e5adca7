import { defineConfig } from 'vitest/config';

// Four projects so `npm test` runs everything while each kind keeps its own timeouts:
// domain + unit tests are fast and run in parallel; browser journeys share one built app
// and one server, so they run one file at a time with generous timeouts; the chaos runs
// start and kill server processes of their own.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/domain/**/*.test.ts', 'test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        // The sync torture test's short, fixed-seed version (test/chaos; `npm run test:chaos`
        // runs the long one): real server processes it kills, so one file, generous timeouts.
        test: {
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // A phone-sized page on a shared, noisy machine: waiting is not a timing assertion.
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
