import { defineConfig } from 'vitest/config';

// Three projects so `npm test` runs everything while each kind keeps its own timeouts:
// domain + unit tests are fast and run in parallel; browser journeys share one built app
// and one server, so they run one file at a time with generous timeouts.
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
