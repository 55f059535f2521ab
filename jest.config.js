/** Jest runs TypeScript through swc; each project is one kind of test. */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] };
/** Integration files whose data is their own (a campaign year they pick, flows of their own): see below. */
const BESIDE_E2E = ['<rootDir>/test/server/annualReportCampaignScenario.test.ts', '<rootDir>/test/workflows/humanStepRaces.test.ts', '<rootDir>/test/workflows/stepCost.test.ts'];
module.exports = {
  // The files of a stream share its database and Temporal server: one file at a time. The integration and the
  // browser tests are two streams with services of their own (test/support/env.ts, `globals` below), which
  // scripts/test-all.sh runs side by side, one jest each.
  maxWorkers: 1,
  // Integration files bundle the workflows and start a worker in beforeAll: seconds on a loaded 2-core machine.
  testTimeout: 60_000,
  // GOVFLOW_TEST_ORDER=shuffle:<seed> or reverse runs the files in another order (test/support/sequencer.mjs).
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  projects: [
    // The replay test needs no services (the replay worker runs in process): it runs with the unit tests.
    // The console's modules import the domain as '@domain/…' (admin/vite.config.ts); unit tests read them too.
    { displayName: 'unit', transform, testEnvironment: 'node', testMatch: ['<rootDir>/test/domain/**/*.test.ts', '<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/workflows/replay.test.ts', '<rootDir>/test/workflows/replaySplit.test.ts'], moduleNameMapper: { '^@domain/(.*)$': '<rootDir>/domain/$1' } },
    { displayName: 'integration', transform, testEnvironment: 'node', testMatch: ['<rootDir>/test/workflows/**/*.test.ts', '<rootDir>/test/activities/**/*.test.ts', '<rootDir>/test/server/**/*.test.ts', '<rootDir>/test/prisma/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/workflows/replay.test.ts', '<rootDir>/test/workflows/replaySplit.test.ts', ...BESIDE_E2E], globalSetup: '<rootDir>/test/support/globalSetup.ts', globals: { GOVFLOW_TEST_STREAM: 'integration' } },
    // Integration files that run in the browser stream (its services), so that the two streams take about as
    // long: in a fresh-clone run the integration files took 826 s and the browser files 521 s, and the last
    // 340 s ran one stream on a half-idle machine.
    { displayName: 'integration-beside-e2e', transform, testEnvironment: 'node', testMatch: BESIDE_E2E, globalSetup: '<rootDir>/test/support/globalSetup.ts', globals: { GOVFLOW_TEST_STREAM: 'e2e' } },
    { displayName: 'e2e', transform, testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], globalSetup: '<rootDir>/test/support/globalSetup.ts', globals: { GOVFLOW_TEST_STREAM: 'e2e' } }
  ]
};
