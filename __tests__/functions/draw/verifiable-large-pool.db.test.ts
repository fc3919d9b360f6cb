/**
 * GIVEN more eligible entrants than LIMITS.inlineVerifiableEntrants in DynamoDB Local, a local beacon, a
 *       folder standing for the site, and a stand-in for Lambda's Invoke API that records what it is sent
 * WHEN the organiser asks for a verifiable draw, and again with the same key
 * THEN the request answers 202 "freezing" at once and hands the freeze to the function itself
 *      (asynchronously); the same request answers "freezing" until the freeze commits, then 202 with the
 *      commitment; after the round, 202 "pending" with the walk handed over likewise, then 200 with the
 *      draw, and verify-draw says MATCH. A repeated or concurrent step changes nothing; when Lambda will
 *      not take the event, the request runs the step itself; a step whose invocation was lost is handed
 *      over again once its lease has run out, and the lost one, arriving late, does nothing.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { VerifiableStepEvent } from '../../../functions/draw/handler';
import { startLocalBeacon, type LocalBeacon } from '../../../local/beacon';
import { ENV, FUNCTIONS } from '../../../model/functions';
import { LIMITS } from '../../../model/limits';
import { COUNTER_SHARDS, itemKeys } from '../../../model/schema';
import { roundTime } from '../../../verify/selection';
import { readDrawFiles, verifyDraw } from '../../../verify/verify-draw';
import { useDynamoDbLocal } from '../../support/dynamodb';
import { drawPost, parseBody } from '../support/events';
import { captureLogs, DRAW_CONTEXT, loadHandlers, type Handlers } from '../support/handlers';
import { seedEntrants } from '../support/seed';

jest.setTimeout(120_000);

const db = useDynamoDbLocal();
const logs = captureLogs();
let h: Handlers;
let beacon: LocalBeacon;
let published: string;
let lambdaApi: http.Server;
/** What the stand-in for Lambda was sent: the function's name, the invocation type and the event. */
const invocations: { functionName: string; type: string | undefined; event: VerifiableStepEvent }[] = [];
/** What the stand-in answers: 202 (queued), or a failure. */
let lambdaAnswers = 202;

/** Just over the limit: seeded per counter shard. */
const POOL = Math.ceil((LIMITS.inlineVerifiableEntrants + 1) / COUNTER_SHARDS) * COUNTER_SHARDS;

beforeAll(async () => {
  lambdaApi = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? '')?.[1] ?? '');
      if (lambdaAnswers === 202) {
        const type = req.headers['x-amz-invocation-type'] as string | undefined;
        invocations.push({ functionName: name, type, event: JSON.parse(Buffer.concat(chunks).toString()) });
      }
      res.writeHead(lambdaAnswers, { 'content-type': 'application/json' }).end(lambdaAnswers === 202 ? '' : '{"message":"Rate exceeded"}');
    });
  });
  await new Promise<void>((resolve) => lambdaApi.listen(0, '127.0.0.1', resolve));
  beacon = await startLocalBeacon();
  published = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-published-'));
  // Before the handlers load: the Lambda client is made once, with this endpoint.
  Object.assign(process.env, {
    [ENV.lambdaEndpoint]: `http://127.0.0.1:${(lambdaApi.address() as AddressInfo).port}`,
    [ENV.verifiableDraws]: 'true',
    [ENV.beaconMarginSeconds]: '3',
    [ENV.beaconRelays]: beacon.url,
    [ENV.localBeaconPublicKey]: beacon.publicKey,
    [ENV.publishDir]: published,
  });
  h = await loadHandlers();
  await db.freshTable();
  await seedEntrants(db.client, db.tableName, POOL / COUNTER_SHARDS);
});

afterAll(async () => {
  for (const name of [
    ENV.lambdaEndpoint,
    ENV.verifiableDraws,
    ENV.beaconMarginSeconds,
    ENV.beaconRelays,
    ENV.localBeaconPublicKey,
    ENV.publishDir,
  ])
    delete process.env[name];
  await beacon.stop();
  await new Promise((resolve) => lambdaApi.close(resolve));
  fs.rmSync(published, { recursive: true, force: true });
});

beforeEach(() => {
  invocations.length = 0;
  lambdaAnswers = 202;
});

const verifiable = (key: string) => drawPost({ mode: 'verifiable', winners: 2 }, { 'idempotency-key': key });
const publishedFile = (drawId: string, name: string) => path.join(published, 'draws', drawId, name);

async function untilRound(round: number): Promise<void> {
  const wait = roundTime(round) * 1000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
}

test('a large pool is frozen and walked off the request path: 202 freezing at once, the commitment, 202 pending, then the draw (200); verify-draw says MATCH', async () => {
  const first = await h.draw(verifiable('big-1'));
  expect(first.statusCode).toBe(202);
  const freezing = parseBody(first);
  expect(freezing).toMatchObject({ status: 'freezing', verifiable: null, winnerCount: 0 });
  expect(invocations).toEqual([
    {
      functionName: DRAW_CONTEXT.functionName,
      type: 'Event',
      event: { source: expect.any(String), step: 'freeze', drawId: freezing.drawId, lease: expect.any(String) },
    },
  ]);
  expect(fs.existsSync(publishedFile(freezing.drawId, 'pool.txt'))).toBe(false);

  // Asked again before the freeze has run: still freezing, and not handed over a second time.
  const again = await h.draw(verifiable('big-1'));
  expect([again.statusCode, parseBody(again).status, invocations.length]).toEqual([202, 'freezing', 1]);

  const frozenFrom = Date.now();
  expect(await h.step(invocations[0].event)).toEqual({ status: 'committed' });
  const committed = parseBody(await h.draw(verifiable('big-1')));
  expect(committed).toMatchObject({ status: 'committed', eligibleCount: POOL, verifiable: { poolSize: POOL, chainHash: 'local' } });
  // The round is the margin after the freeze, not after the request.
  expect(roundTime(committed.verifiable.round) * 1000).toBeGreaterThanOrEqual(frozenFrom + 3000);
  expect(fs.readFileSync(publishedFile(freezing.drawId, 'pool.txt'), 'utf8').split('\n').filter(Boolean)).toHaveLength(POOL);

  // Lambda's retry of the same event changes nothing.
  expect(await h.step(invocations[0].event)).toEqual({ status: 'committed' });
  expect(parseBody(await h.draw(verifiable('big-1'))).verifiable).toEqual(committed.verifiable);

  // After the round: the beacon is verified in the request, and the walk handed over likewise.
  await untilRound(committed.verifiable.round);
  const revealing = await h.draw(verifiable('big-1'));
  expect(revealing.statusCode).toBe(202);
  expect(parseBody(revealing)).toMatchObject({
    status: 'pending',
    winnerCount: 0,
    verifiable: { beacon: { round: committed.verifiable.round } },
  });
  expect(invocations.map((i) => i.event.step)).toEqual(['freeze', 'walk']);
  expect(parseBody(await h.draw(verifiable('big-1'))).status).toBe('pending');
  expect(invocations).toHaveLength(2);
  expect(await h.step(invocations[1].event)).toEqual({ status: 'complete' });
  // A retry of the walk's event changes nothing.
  expect(await h.step(invocations[1].event)).toEqual({ status: 'complete' });
  const drawn = await h.draw(verifiable('big-1'));
  expect([drawn.statusCode, parseBody(drawn).winnerCount]).toEqual([200, 2]);
  const verdict = verifyDraw(await readDrawFiles({ dir: path.join(published, 'draws') }, freezing.drawId));
  expect(verdict.message).toMatch(/^MATCH/);
});

test('two freezes of one draw at once make one commitment', async () => {
  const { drawId } = parseBody(await h.draw(verifiable('big-2')));
  const outcomes = await Promise.all([h.step(invocations[0].event), h.step(invocations[0].event)]);
  // The one that found the lease taken returns the draw as it found it.
  expect(outcomes).toContainEqual({ status: 'committed' });
  const committed = parseBody(await h.draw(verifiable('big-2')));
  expect(committed.status).toBe('committed');
  const commitment = JSON.parse(fs.readFileSync(publishedFile(drawId, 'commitment.json'), 'utf8'));
  expect([commitment.poolHash, commitment.round]).toEqual([committed.verifiable.poolHash, committed.verifiable.round]);
});

test('when Lambda will not take the event, the request runs the step itself: the commitment, then the draw', async () => {
  lambdaAnswers = 429;
  const res = await h.draw(verifiable('big-3'));
  expect(res.statusCode).toBe(202);
  const committed = parseBody(res);
  expect(committed).toMatchObject({ status: 'committed', verifiable: { poolSize: expect.any(Number) } });
  expect(logs.lines.some((l) => /"route":"verifiable freeze hand-over"/.test(l) && /"level":"warn"/.test(l))).toBe(true);
  await untilRound(committed.verifiable.round);
  const drawn = await h.draw(verifiable('big-3'));
  expect([drawn.statusCode, parseBody(drawn).status]).toEqual([201, 'complete']);
  expect(logs.lines.some((l) => /"route":"verifiable walk hand-over"/.test(l) && /"level":"warn"/.test(l))).toBe(true);
  expect(invocations).toEqual([]);
});

test('a freeze whose invocation was lost is handed over again once its lease has run out, and not before; the lost one, if it comes, does nothing', async () => {
  const { drawId } = parseBody(await h.draw(verifiable('big-4')));
  expect(invocations).toHaveLength(1);
  /** As if the lease the first invocation carries had been taken `seconds` ago. */
  const leasedAgo = async (seconds: number) => {
    const lease = new Date(Date.now() - seconds * 1000).toISOString();
    await db.client.send(
      new UpdateItemCommand({
        TableName: db.tableName,
        Key: { email: { S: itemKeys.draw(drawId) } },
        UpdateExpression: 'SET workingSince = :lease',
        ExpressionAttributeValues: { ':lease': { S: lease } },
      }),
    );
    return { ...invocations[0].event, lease };
  };
  const leaseSeconds = FUNCTIONS.draw.sizing.timeoutSeconds;
  await leasedAgo(leaseSeconds - 60);
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(invocations).toHaveLength(1);
  const lost = await leasedAgo(leaseSeconds + 60);
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(invocations.map((i) => i.event.drawId)).toEqual([drawId, drawId]);
  expect(invocations[1].event.lease).not.toBe(lost.lease);
  // Asked again at once: the new lease holds, nothing more is handed over.
  expect(parseBody(await h.draw(verifiable('big-4'))).status).toBe('freezing');
  expect(invocations).toHaveLength(2);
  // The lost invocation turning up late: its lease was taken over, it freezes nothing.
  expect(await h.step(lost)).toEqual({ status: 'freezing' });
  expect(fs.existsSync(publishedFile(drawId, 'pool.txt'))).toBe(false);
  expect(await h.step(invocations[1].event)).toEqual({ status: 'committed' });
});
