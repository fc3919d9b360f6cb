/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The apply tests on the emulator run with `npm run test:deploy` (jest.deploy.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/deploy/'],
  transform: { '^.+\\.ts$': '<rootDir>/testkit/jest/transform.js' },
  setupFilesAfterEnv: ['<rootDir>/testkit/jest/setup.ts'],
  // Whatever a failing test leaves running (DynamoDB Local, moto, Chromium, Terraform) is stopped at the end.
  globalSetup: '<rootDir>/testkit/jest/global-setup.ts',
  globalTeardown: '<rootDir>/testkit/jest/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
