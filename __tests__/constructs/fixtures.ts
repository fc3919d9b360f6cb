/** Shared GIVENs for the construct tests: both shipped configs, synthesised once per test file. */
import { makeSelfSigned, tmpDir } from '../support/test-certs';
import { shippedConfig, synthStack, type Synthesised } from '../support/synth';

let pem: string | undefined;
/** A CA generated for this test run (the truststore content is normalised out of snapshots). */
export function testCaPem(): string {
  pem ??= makeSelfSigned(tmpDir(), 'test-root-ca', { ca: true }).pem;
  return pem;
}

let shipped: { dev: Synthesised; prod: Synthesised } | undefined;
/** dev: no domain (default endpoints, IAM on admin); prod: example.com with mTLS, schedule and notifications. */
export function synthShipped(): { dev: Synthesised; prod: Synthesised } {
  shipped ??= { dev: synthStack(shippedConfig('dev', testCaPem())), prod: synthStack(shippedConfig('prod', testCaPem())) };
  return shipped;
}
