/**
 * `npm run test:deploy`: the apply tests on the moto emulator. They take minutes (Terraform waits on
 * every resource), so they run apart from `npm test`; `.ci/run` runs both.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, roots: ['<rootDir>/__tests__/deploy'], testPathIgnorePatterns: [], testTimeout: 600000 };
