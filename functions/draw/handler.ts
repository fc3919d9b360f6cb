/**
 * The draw function: one Lambda with four entry points, each with its own event, told apart here.
 *   - ./http.ts, API Gateway's requests: the draw, the void of a winner, a claim's mark, the alternates;
 *   - ./scheduled.ts, EventBridge Scheduler's event at a raffle's drawAt;
 *   - ./claim-sweep.ts, the stack's recurring schedule: unclaimed wins voided and replaced;
 *   - ./step.ts, the freeze or the walk of a large verifiable draw that a request handed to the function itself.
 */
import type { Context } from 'aws-lambda';
import { isClaimSweepEvent, isScheduledDrawEvent } from '../../model/scheduled-draw';
import { relayBeacon } from '../runtime/aws/drand-beacon';
import type { HttpEvent } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import { createClaimSweep } from './claim-sweep';
import type { DrawFunctionDeps } from './deps';
import { createDrawHttpHandler } from './http';
import { lazyLambdaSelfInvoker, lazyS3Publisher, lazyScheduleCleanup } from './lazy-adapters';
import { createScheduledDraw } from './scheduled';
import { createVerifiableStep } from './step';
import { isStepEvent } from './verifiable/run';

export type { DrawFunctionDeps } from './deps';

export function createHandler(deps: DrawFunctionDeps) {
  const http = createDrawHttpHandler(deps);
  const scheduled = createScheduledDraw(deps);
  const step = createVerifiableStep(deps);
  const sweep = createClaimSweep(deps);
  return async (event: unknown, context?: Context): Promise<unknown> => {
    if (isClaimSweepEvent(event)) return sweep(context?.awsRequestId ?? 'claim sweep');
    if (isScheduledDrawEvent(event)) return scheduled(event, context?.awsRequestId ?? 'scheduled');
    if (isStepEvent(event)) return step(event, context?.awsRequestId ?? 'verifiable step');
    return http(event as HttpEvent);
  };
}

export const handler = lambdaEntry((edge) =>
  createHandler({
    ...edge,
    publisher: lazyS3Publisher(edge.settings),
    beacon: relayBeacon(),
    invoker: lazyLambdaSelfInvoker(edge.functionName),
    scheduler: lazyScheduleCleanup(edge.settings),
  }),
);
