/**
 * The browser for page tests: Debian's Chromium (or any Chromium-compatible browser at $CHROMIUM_PATH,
 * e.g. Google Chrome on GitHub's runners) driven by playwright-core. A missing browser fails, never skips;
 * `npm test` installs Chromium first where it can (testkit/prerequisites.ts).
 */
import { chromium, type Browser } from 'playwright-core';
import { TOOLCHAIN } from '../../testkit/toolchain';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: TOOLCHAIN.chromium,
    // Our machines have no network: background services would only fail, many times a second.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * Starts several things at once and returns them all, or, if one fails, stops the others before
 * rethrowing: a browser that fails to launch must not leave a runtime (and its Java) running.
 */
export async function startAll<T extends readonly unknown[]>(
  starts: { readonly [K in keyof T]: Promise<T[K]> },
  stop: (started: unknown) => Promise<void>,
): Promise<T> {
  const settled = await Promise.allSettled(starts as readonly Promise<unknown>[]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(settled.filter((s): s is PromiseFulfilledResult<unknown> => s.status === 'fulfilled').map((s) => stop(s.value)));
    throw failure.reason;
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
