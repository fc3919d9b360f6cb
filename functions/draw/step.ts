/**
 * The draw function's self-invoked entry: the freeze or the walk of a large verifiable draw, handed over
 * by a request under a lease. Thrown on failure, so Lambda retries it (under the same lease).
 */
import { faultOf } from '../runtime/log';
import { readRaffle, upgradedRaffleId } from '../shared/raffles';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { runVerifiableStep, type VerifiableStepEvent } from './verifiable/run';

export function createVerifiableStep(
  deps: DrawFunctionDeps,
): (event: VerifiableStepEvent, requestId: string) => Promise<{ readonly status: string }> {
  return async (event, requestId) => {
    const started = deps.clock.now().getTime();
    const log = deps.logger.child({ requestId, route: `verifiable ${event.step}` });
    try {
      const raffleId = event.raffleId ?? (await upgradedRaffleId(deps.table));
      const raffle = raffleId === undefined ? undefined : await readRaffle(deps.table, raffleId);
      if (!raffle) throw new Error(`the raffle ${raffleId ?? '(none)'} of draw ${event.drawId} does not exist`);
      const record = await runVerifiableStep(drawPorts(deps, raffle), event);
      log.log('info', { durationMs: deps.clock.now().getTime() - started, drawId: event.drawId, drawStatus: record.status });
      return { status: record.status };
    } catch (err) {
      log.log('error', { durationMs: deps.clock.now().getTime() - started, drawId: event.drawId, fault: faultOf(err) });
      throw err;
    }
  };
}
