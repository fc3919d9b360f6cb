import type { BatchGetItemCommandInput, BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { drawPost, httpEvent, jsonPost, parseBody, IN_RAFFLE } from '../support/events';
import { person } from '../../support/people';
import { recordCommands, type CommandLog } from '../support/commands';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;
let recorder: CommandLog;
/** While true, every BatchGetItem reads one key and hands the rest back in UnprocessedKeys, as a throttled table does. */
let throttleBatches = false;

beforeAll(() => {
  // The handlers send through this same client.
  recorder = recordCommands(db.client);
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (!throttleBatches || context.commandName !== 'BatchGetItemCommand') return out;
      const input = args.input as BatchGetItemCommandInput;
      const output = out.output as BatchGetItemCommandOutput;
      const [table, spec] = Object.entries(input.RequestItems ?? {})[0];
      const read = (output.Responses?.[table] ?? []).slice(0, 1);
      const rest = (spec.Keys ?? []).filter((key) => !read.some((item) => item.email?.S === key.email?.S));
      return {
        ...out,
        output: { ...output, Responses: { [table]: read }, UnprocessedKeys: rest.length > 0 ? { [table]: { ...spec, Keys: rest } } : {} },
      };
    },
    { step: 'initialize', name: 'testThrottledBatches' },
  );
});

afterEach(() => {
  throttleBatches = false;
});

beforeEach(() => {
  recorder.reset();
});

const countEvent = () => httpEvent({ method: 'GET', path: IN_RAFFLE });

describe("GET /raffle/raffles/{raffleId}: the raffle's count", () => {
  it('is 0 on an empty table', async () => {
    const res = await h.raffles(countEvent());
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(parseBody(res)).toMatchObject({ raffleId: 'spring', count: 0 });
  });

  it('is exact across all counter shards with one BatchGetItem, never a Scan', async () => {
    // GIVEN 800 entrants spread over the 16 shards
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 50);
    recorder.reset();
    // WHEN
    const res = await h.raffles(countEvent());
    // THEN
    expect(parseBody(res)).toMatchObject({ count: 800 });
    // The raffle, then its shards.
    expect(recorder.commands).toEqual(['GetItemCommand', 'BatchGetItemCommand']);
  });

  it('counts registrations, not duplicate attempts, and does not drop winners', async () => {
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(1, 'a')));
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, { ...person(1, 'A'), name: 'A again' }));
    await h.apply(jsonPost(`${IN_RAFFLE}/apply`, person(2, 'b')));
    expect((await h.draw(drawPost({ winners: 1, early: true }))).statusCode).toBe(201);
    const body = parseBody(await h.raffles(countEvent()));
    expect(body).toMatchObject({ count: 2 });
  });

  it("a table that keeps throttling the shards' read (UnprocessedKeys past every retry): 503 service_busy with Retry-After, never 500", async () => {
    await seedEntrants(db.client, db.tableName, w.raffle.keys, 2);
    throttleBatches = true;
    const event = countEvent();
    const res = await h.raffles(event);
    expect([res.statusCode, res.headers?.['retry-after'], parseBody(res).error?.code]).toEqual([503, '2', 'service_busy']);
    // The same count once the table keeps up: nothing was lost.
    throttleBatches = false;
    expect(parseBody(await h.raffles(countEvent()))).toMatchObject({ count: 32 });
  });

  it('answers 500 with the request id when the table is missing, without internals', async () => {
    w.configure({ tableName: 'missing-table' });
    const event = countEvent();
    const res = await h.raffles(event);
    expect(res.statusCode).toBe(500);
    expect(parseBody(res).error).toEqual({
      code: 'internal_error',
      message: expect.any(String),
      requestId: event.requestContext.requestId,
    });
  });
});
