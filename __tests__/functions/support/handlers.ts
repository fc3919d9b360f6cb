/**
 * Loads the handlers after DynamoDB Local is up (the DynamoDB client reads DYNAMODB_ENDPOINT when first
 * used), each run as its function so that every command it sends is checked against its role
 * (./privileges.ts), and counts the DynamoDB commands they send through a middleware on that same client.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import type { VerifiableStepEvent } from '../../../functions/draw/handler';
import type { ScheduledDrawEvent } from '../../../model/scheduled-draw';
import { useDynamoDbLocal, type DynamoDbFixture } from '../../support/dynamodb';
import { asFunction, watchClient } from './privileges';

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Handlers {
  readonly apply: Handler;
  readonly confirm: Handler;
  readonly count: Handler;
  readonly draw: Handler;
  /** The draw function invoked by the schedule (asynchronously: it throws when the draw cannot complete). */
  readonly scheduledDraw: (event: ScheduledDrawEvent) => Promise<unknown>;
  /** The draw function invoked by itself (asynchronously), to freeze or walk a large verifiable pool. */
  readonly step: (event: VerifiableStepEvent) => Promise<unknown>;
  readonly draws: Handler;
  readonly entrants: Handler;
  readonly erase: Handler;
  readonly results: Handler;
  /** The notify function, as the stream's event-source mapping invokes it. */
  readonly notify: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
}

let watching = false;

/** What a handler reads of its context: its own name (the draw invokes itself by it), and the request id. */
export const DRAW_CONTEXT = { functionName: 'raffle-test-draw', awsRequestId: 'test-request' } as Context;

export async function loadHandlers(): Promise<Handlers> {
  const [apply, confirm, count, draw, draws, entrants, erase, results, notify, runtime, topic, mail, publish, invoke] = await Promise.all([
    import('../../../functions/apply/handler'),
    import('../../../functions/confirm/handler'),
    import('../../../functions/count/handler'),
    import('../../../functions/draw/handler'),
    import('../../../functions/draws/handler'),
    import('../../../functions/entrants/handler'),
    import('../../../functions/erase/handler'),
    import('../../../functions/results/handler'),
    import('../../../functions/notify/handler'),
    import('../../../functions/runtime/dynamodb'),
    import('../../../functions/runtime/topic'),
    import('../../../functions/runtime/mail'),
    import('../../../functions/runtime/publish'),
    import('../../../functions/runtime/invoke'),
  ]);
  if (!watching) {
    watchClient(runtime.dynamodb(), 'dynamodb');
    watchClient(topic.snsClient(), 'sns');
    watchClient(mail.sesClient(), 'ses');
    watchClient(publish.s3Client(), 's3');
    watchClient(invoke.lambdaClient(), 'lambda');
    watching = true;
  }
  return {
    apply: asFunction('apply', apply.handler),
    confirm: asFunction('confirm', confirm.handler),
    count: asFunction('count', count.handler),
    draw: asFunction('draw', (event: APIGatewayProxyEventV2) => draw.handler(event, DRAW_CONTEXT)),
    scheduledDraw: asFunction('draw', (event: ScheduledDrawEvent) => draw.handler(event, DRAW_CONTEXT)),
    step: asFunction('draw', (event: VerifiableStepEvent) => draw.handler(event, DRAW_CONTEXT)),
    draws: asFunction('draws', draws.handler),
    entrants: asFunction('entrants', entrants.handler),
    erase: asFunction('erase', erase.handler),
    results: asFunction('results', results.handler),
    notify: asFunction('notify', notify.handler),
  };
}

/** Records the name of every command sent by the handlers' shared client (e.g. "QueryCommand"). */
export async function recordDynamoDbCommands(): Promise<{ readonly commands: string[]; reset(): void }> {
  const { dynamodb } = await import('../../../functions/runtime/dynamodb');
  const commands: string[] = [];
  dynamodb().middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'testCommandCounter' },
  );
  return {
    commands,
    reset: () => {
      commands.length = 0;
    },
  };
}

/** Silences the handlers' JSON log lines and keeps them for assertions. */
export function captureLogs(): { readonly lines: string[] } {
  const lines: string[] = [];
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
  });
  afterEach(() => {
    (console.log as jest.Mock).mockRestore?.();
  });
  return { lines };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

/**
 * The usual set-up of a handler test: DynamoDB Local with a fresh table before each test, the handlers'
 * log lines captured, and the handlers loaded once, into `h`, before the first test.
 */
export function useHandlers(): { readonly db: DynamoDbFixture; readonly h: Handlers; readonly logs: { readonly lines: string[] } } {
  const db = useDynamoDbLocal();
  const logs = captureLogs();
  const h = {} as Handlers;
  beforeAll(async () => {
    Object.assign(h, await loadHandlers());
  });
  beforeEach(async () => {
    await db.freshTable();
  });
  return { db, h, logs };
}
