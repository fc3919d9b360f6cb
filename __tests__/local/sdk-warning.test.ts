/**
 * GIVEN Node 20, where the AWS SDK warns once per copy of its core that its releases from January 2027
 *       require Node 22 (NodeVersionSupportWarning), before the banner and all through the tests' output
 * WHEN the local runtime and the test runner quiet that one warning (local/sdk-warning.ts)
 * THEN that warning is not printed, every other warning still is, and a switch the user set is kept.
 * Each case runs in a Node process of its own, so that the SDK's once-only state and stderr are its own.
 */
import { spawnSync } from 'child_process';
import { quietSdkNodeVersionWarning, SDK_NODE_VERSION_WARNING_SWITCH } from '../../local/sdk-warning';

/** stderr of a Node process that meets the SDK's check as Node 20 would (whatever runs the test) and emits another warning. */
function warningsPrinted(env: NodeJS.ProcessEnv): string {
  const script = [
    "require('@aws-sdk/core/client').emitWarningIfUnsupportedVersion('v20.20.2');",
    "process.emitWarning('the other warning stays visible', 'SomeOtherWarning');",
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: process.cwd(), env, encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stderr;
}

function environment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env[SDK_NODE_VERSION_WARNING_SWITCH];
  delete env.NODE_OPTIONS;
  return env;
}

describe("the AWS SDK's Node version warning", () => {
  it('is printed when nothing quiets it (so the next case can fail)', () => {
    const printed = warningsPrinted(environment());
    expect(printed).toContain('NodeVersionSupportWarning');
    expect(printed).toContain('SomeOtherWarning: the other warning stays visible');
  });

  it('is not printed once quieted, and every other warning still is', () => {
    const env = environment();
    quietSdkNodeVersionWarning(env);
    const printed = warningsPrinted(env);
    expect(printed).not.toContain('NodeVersionSupportWarning');
    expect(printed).not.toContain('node >=22');
    expect(printed).toContain('SomeOtherWarning: the other warning stays visible');
  });

  it("keeps the user's own setting of the switch", () => {
    const env = { ...environment(), [SDK_NODE_VERSION_WARNING_SWITCH]: 'false' };
    quietSdkNodeVersionWarning(env);
    expect(env[SDK_NODE_VERSION_WARNING_SWITCH]).toBe('false');
    expect(warningsPrinted(env)).toContain('NodeVersionSupportWarning');
  });

  it('is quieted in this test run already (jest set-up), as in npm start', () => {
    expect(process.env[SDK_NODE_VERSION_WARNING_SWITCH]).toBe('true');
  });
});
