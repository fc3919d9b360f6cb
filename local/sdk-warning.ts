/**
 * The AWS SDK for JavaScript warns, once per copy of its core (the runtime's own and each function
 * bundle's), that its versions published after the first week of January 2027 require Node 22
 * (`NodeVersionSupportWarning`). On Node 20, which `npm start` and the tests still support, that is a
 * dozen lines before the banner and all through the tests' output, and nothing anyone can act on
 * today: the deployed functions already run nodejs22.x, and the lock file pins the SDK.
 *
 * So the local runtime and the test runner turn off exactly that warning with the switch the SDK's
 * maintainers documented for it (aws/aws-sdk-js-v3#7983), an environment variable the SDK reads when it
 * would warn. Every other warning stays visible: nothing filters process warnings. A value the user set
 * themselves (`false`, to see it) is kept. Node 22 and later never see the warning anyway.
 */
export const SDK_NODE_VERSION_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Turns the warning off in `env` (the process's own by default; children inherit it), unless the user chose. */
export function quietSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  if (env[SDK_NODE_VERSION_WARNING_SWITCH] === undefined) env[SDK_NODE_VERSION_WARNING_SWITCH] = 'true';
}
