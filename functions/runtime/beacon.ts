/**
 * The beacon at the edge: a round fetched from the relays in BEACON_RELAYS (drand quicknet's public
 * HTTP relays on AWS; the local runtime's own beacon on a laptop), each tried in turn with a timeout.
 * Verification is not done here (verify/selection.ts): this only fetches.
 *
 * On AWS the functions are not in a VPC, so they reach the relays over the internet (HTTPS, GET only).
 */
import { ENV } from '../../model/functions';
import type { Beacon } from '../../verify/selection';

/** drand's public relays for quicknet, tried in this order. */
export const QUICKNET_RELAYS = [
  'https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  'https://api2.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  'https://api3.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  'https://drand.cloudflare.com/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
] as const;

const TIMEOUT_MS = 4000;

/** Every relay failed, or none has the round yet: try the same round again later. */
export class BeaconUnavailable extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`no relay gave the round: ${failures.join('; ')}`);
    this.name = 'BeaconUnavailable';
  }
}

export function relays(): string[] {
  const configured = process.env[ENV.beaconRelays];
  return configured
    ? configured
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean)
    : [...QUICKNET_RELAYS];
}

/** The first relay's answer for `round` that parses as a beacon of that round. */
export async function fetchBeacon(round: number): Promise<Beacon> {
  const failures: string[] = [];
  for (const relay of relays()) {
    const url = `${relay.replace(/\/+$/, '')}/public/${round}`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) {
        failures.push(`${url}: HTTP ${res.status}`);
        continue;
      }
      const body = (await res.json()) as Partial<Beacon>;
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
}
