/**
 * `npm run test:deploy`: the apply tests on the moto emulator. They take minutes (Terraform waits on
 * every resource), so they run apart from `npm test`; `.ci/run` runs both. One emulator serves the whole
 * run (testkit/jest/deploy-global-setup.ts). The three files run side by side: their workers mostly wait
 * on Terraform, which in turn mostly waits on the AWS provider's polls.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/__tests__/deploy'],
  testPathIgnorePatterns: [],
  globalSetup: '<rootDir>/testkit/jest/deploy-global-setup.ts',
  globalTeardown: '<rootDir>/testkit/jest/deploy-global-teardown.ts',
  testTimeout: 900000,
  maxWorkers: 3,
};
