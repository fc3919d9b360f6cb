import { drawPost, httpEvent, jsonPost, parseBody } from '../support/events';
import { person } from '../../support/people';
import { recordCommands, type CommandLog } from '../support/commands';
import { useHandlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

const w = useHandlers();
const { db, h } = w;
let recorder: CommandLog;

beforeAll(() => {
  // The handlers send through this same client.
  recorder = recordCommands(db.client);
});

beforeEach(() => {
  recorder.reset();
});

const countEvent = () => httpEvent({ method: 'GET', path: '/count' });

describe('GET /raffle/count', () => {
  it('is 0 on an empty table', async () => {
    const res = await h.count(countEvent());
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(parseBody(res)).toEqual({ count: 0 });
  });

  it('is exact across all counter shards with one BatchGetItem, never a Scan', async () => {
    // GIVEN 800 entrants spread over the 16 shards
    await seedEntrants(db.client, db.tableName, 50);
    recorder.reset();
    // WHEN
    const res = await h.count(countEvent());
    // THEN
    expect(parseBody(res)).toEqual({ count: 800 });
    expect(recorder.commands).toEqual(['BatchGetItemCommand']);
  });

  it('counts registrations, not duplicate attempts, and does not drop winners', async () => {
    await h.apply(jsonPost('/apply', person(1, 'a')));
    await h.apply(jsonPost('/apply', { ...person(1, 'A'), name: 'A again' }));
    await h.apply(jsonPost('/apply', person(2, 'b')));
    expect((await h.draw(drawPost({ winners: 1 }))).statusCode).toBe(201);
    const body = parseBody(await h.count(countEvent()));
    expect(body).toEqual({ count: 2 });
  });

  it('answers 500 with the request id when the table is missing, without internals', async () => {
    w.configure({ tableName: 'missing-table' });
    const event = countEvent();
    const res = await h.count(event);
    expect(res.statusCode).toBe(500);
    expect(parseBody(res).error).toEqual({
      code: 'internal_error',
      message: expect.any(String),
      requestId: event.requestContext.requestId,
    });
  });
});
