/** Shared GIVENs for the construct tests: both shipped configs, synthesised once per test file. */
import { makeSelfSigned, tmpDir } from '../support/test-certs';
import { shippedConfig, synthStack, type Synthesised } from '../support/synth';

export function testCaPem(): string {
  return makeSelfSigned(tmpDir(), 'test-root-ca', { ca: true }).pem;
}

/** dev: no domain (default endpoints, IAM on admin); prod: example.com with mTLS, schedule and notifications. */
export function synthShipped(): { dev: Synthesised; prod: Synthesised } {
  const pem = testCaPem();
  return { dev: synthStack(shippedConfig('dev', pem)), prod: synthStack(shippedConfig('prod', pem)) };
}
