/**
 * Loads the handlers after DynamoDB Local is up (the DynamoDB client reads DYNAMODB_ENDPOINT when first
 * used), and counts the DynamoDB commands they send through a middleware on that same client.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Handlers {
  readonly apply: Handler;
  readonly count: Handler;
  readonly draw: Handler;
  readonly draws: Handler;
}

export async function loadHandlers(): Promise<Handlers> {
  const [apply, count, draw, draws] = await Promise.all([
    import('../../../functions/apply/handler'),
    import('../../../functions/count/handler'),
    import('../../../functions/draw/handler'),
    import('../../../functions/draws/handler'),
  ]);
  return { apply: apply.handler, count: count.handler, draw: draw.handler, draws: draws.handler };
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
