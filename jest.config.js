/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // The apply tests on the emulator run with `npm run test:deploy` (jest.deploy.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/deploy/'],
  transform: { '^.+\\.ts$': '<rootDir>/scripts/jest-esbuild-transform.js' },
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
  // Whatever a failing test leaves running (DynamoDB Local, moto, Chromium, Terraform) is stopped at the end.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
