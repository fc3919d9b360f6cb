/**
 * Verifiable draws left in their window: committed, and nobody asked for the reveal once the round came
 * (the organiser closed the page), or a large pool's step whose invocation was lost. Each holds its
 * raffle's pool lock, so until it completes no erasure, fast draw or void of that raffle can happen. The
 * sweep (./claim-sweep.ts) carries each on, as the same request again would (./verifiable/run.ts: the
 * machine decides the step, the lease keeps two from running one step at once), once its round is
 * STALLED_AFTER_MINUTES past. A beacon that cannot be fetched yet is left for the next sweep.
 */
import { DomainError } from '../../model/errors';
import { roundTime } from '../../verify/commitment';
import type { DrawRecord } from '../shared/draw-record';
import { lockingDrawIds, STALLED_AFTER_MINUTES } from '../shared/pool-lock';
import { LEASE_MS } from './verifiable/machine';
import { runVerifiableDraw } from './verifiable/run';
import type { VerifiableDeps } from './verifiable/steps';

/** In its window past the point where someone should have moved it on. Pure. */
export function isStalled(record: DrawRecord, now: Date): boolean {
  const late = now.getTime() - STALLED_AFTER_MINUTES * 60_000;
  if (record.status === 'committed') return record.verifiable !== undefined && roundTime(record.verifiable.round) * 1000 <= late;
  // A step under a lease: its holder is gone once the lease has run out.
  if (record.status === 'freezing' || record.status === 'pending')
    return record.workingSince === undefined || Date.parse(record.workingSince) + LEASE_MS <= late;
  return false;
}

/** Carries on each stalled draw of the raffle; how many it completed. */
export async function carryOnStalled(ports: VerifiableDeps, now: Date): Promise<number> {
  let completed = 0;
  for (const drawId of await lockingDrawIds(ports.table, ports.keys)) {
    const record = await ports.store.get(drawId);
    if (!record || !isStalled(record, now)) continue;
    try {
      const outcome = await runVerifiableDraw(ports, {
        drawId,
        requested: record.requested,
        ...(record.prize !== undefined ? { prize: record.prize } : {}),
        drawnBy: record.drawnBy,
        now,
      });
      if (outcome.phase === 'revealed') completed++;
    } catch (err) {
      // The beacon not to be had yet: the next sweep asks for the same round.
      if (err instanceof DomainError && err.code === 'beacon_unavailable') continue;
      throw err;
    }
  }
  return completed;
}
