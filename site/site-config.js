// @ts-check
/**
 * The deployment's settings for the pages (routes, limits, the winner count, the rules, the beacon):
 * window.RAFFLE_CONFIG, which the generated config.js sets before any module runs. Read here only, so
 * the other modules import a typed `config` instead of reaching for a global; with it, the one
 * judgement that rests on it alone (whether a commitment is publicly verifiable).
 */
/** @import { VerifiableView } from '../model/api' */

const loaded = window.RAFFLE_CONFIG;
if (!loaded) throw new Error('config.js did not load: the page has no routes or limits');

export const config = loaded;

/**
 * Whether a verifiable draw was committed under the local runtime's beacon: only drand quicknet (its
 * chain hash comes through config.js) is publicly verifiable.
 * @param {VerifiableView} commitment
 */
export function isLocalBeacon(commitment) {
  return commitment.chainHash !== config.quicknetChainHash;
}
