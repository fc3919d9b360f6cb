/**
 * The local runtime survives its database:
 * GIVEN `npm start`'s runtime with its own DynamoDB Local, on a data folder, with entrants and a raffle
 * WHEN the engine is SIGKILLed
 * THEN requests meanwhile answer a retryable 503 service_busy with Retry-After (never 500), the runtime
 *      restarts the engine on the same folder, says so in one line each way, and serves again: the
 *      raffle is there, a new entry counts, and a draw made after the restart is announced (the stream
 *      reader resumed, with a line when it failed and one when it read again, not one every poll).
 * AND with the data in memory, there is nothing to restart from: one line says so and the runtime stops.
 */
import * as fs from 'fs';
import { readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { person } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import { adminTls, createRaffle, postJson, send, type HttpAnswer } from './http-client';

const DAY_MS = 24 * 3600 * 1000;
const config = testConfig({ verifiable: undefined }, { noConfirm: true });

/** A runtime with a DynamoDB Local of its own (not the run's shared one), its lines kept. */
async function ownEngineRuntime(localDir: string, more: { inMemory?: boolean; onFatal?: (message: string) => void } = {}) {
  const lines: string[] = [];
  const runtime = await startTestRuntime({ config, localDir, dynamoDbEndpoint: undefined, log: (line) => lines.push(line), ...more });
  return { runtime, lines };
}

const apply = (runtime: Runtime, i: number) =>
  postJson(`${runtime.publicUrl}${fillRoutePath(ROUTES.apply, { raffleId: 'sturdy' })}`, person(i, 'kill'));
const count = async (runtime: Runtime) =>
  (await send(`${runtime.publicUrl}${fillRoutePath(ROUTES.raffle, { raffleId: 'sturdy' })}`)).json<{ count: number }>().count;

describe('DynamoDB Local killed under the runtime', () => {
  let runtime: Runtime | undefined;
  let localDir: string;

  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    fs.rmSync(localDir, { recursive: true, force: true });
  });

  it('with a data folder: 503 service_busy meanwhile, a restart on the same folder, then everything works again', async () => {
    localDir = tmpDir('raffle-engine-restart-');
    const started = await ownEngineRuntime(localDir);
    runtime = started.runtime;
    const { lines } = started;
    const admin = adminTls(runtime.certs);
    await createRaffle(runtime.adminUrl, admin, { raffleId: 'sturdy', closesAt: new Date(Date.now() + 7 * DAY_MS).toISOString() });
    for (let i = 0; i < 3; i++) expect((await apply(runtime, i)).status).toBe(201);
    const firstPid = runtime.dynamodb.pid!;

    process.kill(firstPid, 'SIGKILL');
    const answers: HttpAnswer[] = [];
    let i = 3;
    await eventually(async () => {
      const answer = await apply(runtime!, i++);
      answers.push(answer);
      return answer.status === 201;
    }, 'an entry accepted after the restart');

    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.length).toBeGreaterThan(0);
    for (const a of refused) {
      expect([a.status, a.json<{ error: { code: string } }>().error.code, a.headers['retry-after']]).toEqual([503, 'service_busy', '2']);
    }
    expect(runtime.dynamodb.pid).not.toBe(firstPid);
    expect(lines.filter((l) => /DynamoDB Local exited .*restarting it on/.test(l))).toHaveLength(1);
    // It may serve a moment before it has checked the table and said so.
    await eventually(() => lines.some((l) => /DynamoDB Local is back/.test(l)), 'the line saying the engine is back');

    // Serving again, on the same folder: the raffle is there and an entry counts once.
    const before = await count(runtime);
    expect((await apply(runtime, 100)).status).toBe(201);
    expect(await count(runtime)).toBe(before + 1);
    // The stream reader resumed: a draw made now is announced to the organiser.
    const draw = await postJson(`${runtime.adminUrl}${fillRoutePath(ROUTES.draw, { raffleId: 'sturdy' })}`, { early: true }, admin, {
      'idempotency-key': 'after-restart',
    });
    expect(draw.status).toBe(201);
    const drawId = draw.json<{ drawId: string }>().drawId;
    await eventually(
      () => readOutbox(runtime!.outboxDir).some((m) => m.text.includes(drawId)),
      'the notice of the draw made after the restart',
    );
    // One line when the stream could not be read, one when it could again: not one every poll.
    expect(lines.filter((l) => l.startsWith('stream poller:')).length).toBeLessThanOrEqual(2);
  });

  it('with the data in memory: one line says there is nothing to restart from, and the runtime stops', async () => {
    localDir = tmpDir('raffle-engine-memory-');
    const fatal: string[] = [];
    const started = await ownEngineRuntime(localDir, { inMemory: true, onFatal: (message) => fatal.push(message) });
    runtime = started.runtime;
    process.kill(runtime.dynamodb.pid!, 'SIGKILL');
    await eventually(() => fatal.length > 0, 'the fatal line');
    expect(fatal).toEqual([
      expect.stringMatching(/^DynamoDB Local exited \(SIGKILL\) and its data was in memory: .*Run npm start again\.$/),
    ]);
    // Stopped: the public door no longer answers.
    await expect(send(`${runtime.publicUrl}/`)).rejects.toThrow();
  });
});
