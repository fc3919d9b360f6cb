/**
 * `npm test`: every tier but the applies on moto (`npm run test:deploy`, jest.deploy.config.js).
 * Tiers by file name: *.test.ts needs nothing started (`npm run test:unit`, jest.unit.config.js), *.db.test.ts
 * the run's DynamoDB Local, *.e2e.test.ts the local runtime (and Chromium), *.tf.test.ts Terraform.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/deploy/'],
  transform: { '^.+\\.ts$': '<rootDir>/testkit/jest/transform.js' },
  setupFilesAfterEnv: ['<rootDir>/testkit/jest/setup.ts'],
  // One DynamoDB Local and the function bundles for the whole run; whatever a failing test leaves running
  // (moto, Chromium, Terraform) is stopped at the end.
  globalSetup: '<rootDir>/testkit/jest/global-setup.ts',
  globalTeardown: '<rootDir>/testkit/jest/global-teardown.ts',
  globals: { engines: true },
  // A ceiling for a test on a machine three times as busy as usual, not a measure of anything.
  testTimeout: 120000,
  maxWorkers: 2,
};
