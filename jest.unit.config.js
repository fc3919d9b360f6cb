/**
 * `npm run test:unit`: the inner loop. Only the tests that need nothing started: no DynamoDB Local, no
 * browser, no Terraform (see jest.config.js for the tiers).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '\\.(db|e2e|tf)\\.test\\.ts$'],
  globals: { engines: false },
};
