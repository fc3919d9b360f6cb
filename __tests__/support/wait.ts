/**
 * Waiting for a condition, never for a length of time: the ceiling is what a machine three times as
 * busy as usual could need, and reaching it fails the test with what was awaited.
 */

/** The default ceiling: far above what the awaited things take, so reaching it means they never happen. */
export const CEILING_MS = 60_000;

/** Resolves with the first truthy value of `condition`, asked every `everyMs`; throws once `ceilingMs` has passed. */
export async function eventually<T>(
  condition: () => T | Promise<T>,
  what: string,
  { ceilingMs = CEILING_MS, everyMs = 50 }: { readonly ceilingMs?: number; readonly everyMs?: number } = {},
): Promise<NonNullable<T>> {
  const end = Date.now() + ceilingMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`still waiting after ${ceilingMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** `promise`, or a failure naming `what` once `ceilingMs` has passed. */
export async function within<T>(promise: Promise<T>, what: string, ceilingMs = CEILING_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`still waiting after ${ceilingMs} ms for ${what}`)), ceilingMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
