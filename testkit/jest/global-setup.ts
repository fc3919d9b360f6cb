/**
 * Marks this test run: every process a test starts (DynamoDB Local, moto, Chromium, Terraform) inherits
 * RAFFLE_TEST_RUN through its environment, so global-teardown.ts can find and stop anything left behind,
 * whatever a failing test forgot.
 */
import { randomUUID } from 'crypto';

export const TEST_RUN_VARIABLE = 'RAFFLE_TEST_RUN';

export default function globalSetup(): void {
  process.env[TEST_RUN_VARIABLE] = randomUUID();
}
