/**
 * The draw function's self-invoked entry: the freeze or the walk of a large verifiable draw, handed over
 * by a request under a lease. Thrown on failure, so Lambda retries it (under the same lease).
 */
import { faultOf } from '../runtime/log';
import { drawPorts, type DrawFunctionDeps } from './deps';
import { runVerifiableStep, type VerifiableStepEvent } from './verifiable/run';

export function createVerifiableStep(
  deps: DrawFunctionDeps,
): (event: VerifiableStepEvent, requestId: string) => Promise<{ readonly status: string }> {
  const ports = drawPorts(deps);
  return async (event, requestId) => {
    const started = deps.clock.now().getTime();
    const log = deps.logger.child({ requestId, route: `verifiable ${event.step}` });
    try {
      const record = await runVerifiableStep(ports, event);
      log.log('info', { durationMs: deps.clock.now().getTime() - started, drawId: event.drawId, drawStatus: record.status });
      return { status: record.status };
    } catch (err) {
      log.log('error', { durationMs: deps.clock.now().getTime() - started, drawId: event.drawId, fault: faultOf(err) });
      throw err;
    }
  };
}
