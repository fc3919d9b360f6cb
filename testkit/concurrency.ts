/**
 * Terraform runs side by side: bounded, since each is a CPU-heavy process (loading the AWS provider's
 * schema alone takes seconds) and on a 2-core machine more than two at once only makes each one slower;
 * and never abandoned, so that a failure does not leave the others running past the test's clean-up.
 */

/** Runs `task` on every item, at most `limit` at once, in order; returns each item's result. */
export function withConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R>[] {
  let free = Math.max(1, limit);
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return items.map(async (item) => {
    await acquire();
    try {
      return await task(item);
    } finally {
      release();
    }
  });
}

/** Promise.all, but it resolves or rejects only once every promise has settled. */
export async function allSettledThen<T extends readonly unknown[] | []>(promises: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  await Promise.allSettled(promises);
  return Promise.all(promises);
}
