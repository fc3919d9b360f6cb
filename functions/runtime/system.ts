/** The real clock and randomness: what a Lambda (and `npm start`) runs on. */
import { randomBytes, randomInt } from 'crypto';
import { setTimeout as wait } from 'timers/promises';
import type { Clock, Random } from './ports';

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) => wait(Math.max(0, ms), undefined, { signal }).catch(() => undefined),
};

/** Node's CSPRNG; crypto.randomInt rejection-samples internally (no modulo bias). */
export const cryptoRandom: Random = {
  int: (maxExclusive) => randomInt(maxExclusive),
  bytes: (size) => randomBytes(size),
};
