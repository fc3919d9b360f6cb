/**
 * drand quicknet's rounds, fetched from its public HTTP relays, each tried in turn with a timeout.
 * Verification is not done here (the draw verifies against the pinned key): this only fetches.
 *
 * On AWS the functions are not in a VPC, so they reach the relays over the internet (HTTPS, GET only).
 */
import { QUICKNET } from '../../../verify/commitment';
import { BeaconUnavailable, type BeaconChain, type BeaconSource } from '../ports';

/** drand's public relays for quicknet, tried in this order. */
export const QUICKNET_RELAYS = [
  'https://api.drand.sh',
  'https://api2.drand.sh',
  'https://api3.drand.sh',
  'https://drand.cloudflare.com',
].map((host) => `${host}/${QUICKNET.chainHash}`);

const TIMEOUT_MS = 4000;

/** `relays`: base URLs answering <base>/public/<round>; `chain`: what their rounds are checked against. */
export function relayBeacon(relays: readonly string[] = QUICKNET_RELAYS, chain: BeaconChain = QUICKNET): BeaconSource {
  return {
    chain,
    async round(round) {
      const failures: string[] = [];
      for (const relay of relays) {
        const url = `${relay.replace(/\/+$/, '')}/public/${round}`;
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
          if (!res.ok) {
            failures.push(`${url}: HTTP ${res.status}`);
            continue;
          }
          const body = (await res.json()) as { round?: unknown; signature?: unknown; randomness?: unknown };
          if (body.round !== round || typeof body.signature !== 'string' || typeof body.randomness !== 'string') {
            failures.push(`${url}: not a beacon of round ${round}`);
            continue;
          }
          return { round, signature: body.signature, randomness: body.randomness };
        } catch (err) {
          failures.push(`${url}: ${(err as Error)?.name === 'TimeoutError' ? 'timed out' : ((err as Error)?.message ?? String(err))}`);
        }
      }
      throw new BeaconUnavailable(failures);
    },
  };
}
