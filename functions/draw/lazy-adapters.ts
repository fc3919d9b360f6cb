/**
 * The verifiable draw's AWS adapters, wired at the cold start but loaded on first use: only a verifiable
 * draw publishes files or hands itself a step, so a fast draw's cold start does not load the S3 and
 * Lambda clients: both are in verifiable-aws.js, a file of its own beside index.js (build/functions.ts
 * makes each dynamic import() one).
 */
import type { Settings } from '../../model/settings';
import type { DrawScheduler, Publisher, SelfInvoker } from '../runtime/ports';

const loadAdapters = () => import('./verifiable-aws');

/** The site bucket's publisher (runtime/aws/s3-publisher.ts), loaded when a draw first publishes or reads a file. */
export function lazyS3Publisher(settings: Pick<Settings, 'siteBucket'>): Publisher {
  let publisher: Promise<Publisher> | undefined;
  const loaded = () => (publisher ??= loadAdapters().then((m) => m.s3Publisher(settings)));
  return {
    put: async (drawId, name, body) => (await loaded()).put(drawId, name, body),
    read: async (drawId, name) => (await loaded()).read(drawId, name),
  };
}

/** Lambda's asynchronous self-invocation (runtime/aws/lambda-invoker.ts), loaded when a draw first hands itself a step. */
export function lazyLambdaSelfInvoker(functionName: string): SelfInvoker {
  let invoker: Promise<SelfInvoker> | undefined;
  const loaded = () => (invoker ??= loadAdapters().then((m) => m.lambdaSelfInvoker(functionName)));
  return { invoke: async (event) => (await loaded()).invoke(event) };
}

/** The schedule's deletion (runtime/aws/draw-scheduler.ts), loaded when a draw by hand first replaces a scheduled one. */
export function lazyScheduleCleanup(settings: Pick<Settings, 'scheduleGroup'>): Pick<DrawScheduler, 'cancel'> {
  let scheduler: Promise<Pick<DrawScheduler, 'cancel'>> | undefined;
  const loaded = () => (scheduler ??= import('../runtime/aws/draw-scheduler').then((m) => m.schedulerDrawScheduler(settings)));
  return { cancel: async (raffleId) => (await loaded()).cancel(raffleId) };
}
