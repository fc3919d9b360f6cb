/**
 * The local runtime one phase of the suite drives (load, kill, spike): the dev config, confirming by
 * email, on free ports and its own TestClock, with the bundles the suite built first; its stop registered
 * with the suite's clean-up, and the functions' unexpected 5xx log lines kept for the report.
 */
import { localConfig } from '../local/config';
import { startRuntime, type Runtime } from '../local/runtime';
import { PROJECT_ROOT } from '../model/project';
import { TestClock } from '../testkit/clock';
import type { Cleanup } from './cleanup';
import { faultLog } from './report';

export interface PhaseRuntimeOptions {
  readonly localDir: string;
  readonly cleanup: Cleanup;
  /** @default false: the engine keeps its data in `<localDir>/dynamodb` */
  readonly inMemory?: boolean;
  /** Another DynamoDB (the throttling proxy) instead of the runtime's own engine. @default its own */
  readonly dynamoDbEndpoint?: string;
  /** The runtime's own lines. @default dropped */
  readonly log?: (line: string) => void;
}

export interface PhaseRuntime {
  readonly runtime: Runtime;
  readonly clock: TestClock;
  readonly faults: ReturnType<typeof faultLog>;
}

export async function startPhaseRuntime(options: PhaseRuntimeOptions): Promise<PhaseRuntime> {
  const clock = new TestClock();
  const faults = faultLog();
  const runtime = await startRuntime({
    config: localConfig(PROJECT_ROOT, { noConfirm: false }),
    clock,
    port: 0,
    adminPort: 0,
    localDir: options.localDir,
    inMemory: options.inMemory,
    dynamoDbEndpoint: options.dynamoDbEndpoint,
    build: false,
    log: options.log ?? (() => undefined),
    functionLog: faults.log,
  });
  options.cleanup.add(() => runtime.stop());
  return { runtime, clock, faults };
}
