/**
 * The full-size scenarios (a campaign of at least 300 units; 644 websites into 78), run only by
 * `npm run bench:scenarios` (bench/scenarios.sh): 10-40 minutes each on 2 cores. CI runs the same scenarios
 * scaled down (test/server/*Scenario.test.ts, the same drivers in test/support/).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS config, as jest.config.js, that takes its transform from it */
const path = require('node:path');
const { projects } = require('../jest.config.js');
const integration = projects.find((p) => p.displayName === 'integration');

module.exports = {
  rootDir: path.join(__dirname, '..'),
  maxWorkers: 1,
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'scenarios',
      rootDir: path.join(__dirname, '..'),
      transform: integration.transform,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/bench/scenarios/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
    },
  ],
};
