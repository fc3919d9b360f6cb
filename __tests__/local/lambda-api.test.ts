/**
 * The local stand-in for Lambda's Invoke API (local/lambda-api.ts), driven by the real Lambda client:
 * an asynchronous invocation is answered 202 and run, a throw is retried twice and then given up, what
 * it cannot run is refused, and stop() ends the retries and waits for what is under way.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionName } from '../../model/functions';
import { startLocalLambdaApi, type LocalLambdaApi } from '../../local/lambda-api';

jest.setTimeout(30_000);

let api: ApiUnderTest;
type ApiUnderTest = LocalLambdaApi & { client: LambdaClient; calls: { name: FunctionName; event: unknown }[]; lines: string[] };

/** What the stand-in's invoke does with each call: resolve, or throw. */
let behaviour: (attempt: number) => Promise<unknown> = async () => 'ok';

beforeEach(async () => {
  const calls: { name: FunctionName; event: unknown }[] = [];
  const lines: string[] = [];
  const started = await startLocalLambdaApi({
    functionName: (name) => `raffle-local-${name}`,
    invoke: (name, event) => {
      calls.push({ name, event });
      return behaviour(calls.length);
    },
    log: (line) => lines.push(line),
  });
  const client = new LambdaClient({
    endpoint: started.url,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  api = Object.assign(started, { client, calls, lines });
});

afterEach(async () => {
  api.client.destroy();
  await api.stop();
  behaviour = async () => 'ok';
});

const invoke = (name: string, type: 'Event' | 'RequestResponse', event: unknown = { step: 'freeze' }) =>
  api.client.send(
    new InvokeCommand({ FunctionName: name, InvocationType: type, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );

async function until(condition: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !condition();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('an asynchronous invocation is answered 202, then run with its event', async () => {
  const out = await invoke('raffle-local-draw', 'Event', { step: 'walk', drawId: 'd' });
  expect(out.StatusCode).toBe(202);
  await until(() => api.lines.length > 0);
  expect(api.calls).toEqual([{ name: 'draw', event: { step: 'walk', drawId: 'd' } }]);
  expect(api.lines).toEqual(['asynchronous draw: done']);
});

test('a throw is retried twice, then given up, as Lambda does', async () => {
  behaviour = async () => {
    throw new Error('no table');
  };
  expect((await invoke('raffle-local-draw', 'Event')).StatusCode).toBe(202);
  await until(() => api.lines.some((l) => /failed after/.test(l)));
  expect(api.calls).toHaveLength(3);
  expect(api.lines).toEqual([
    'asynchronous draw: attempt 1 failed (no table); retrying',
    'asynchronous draw: attempt 2 failed (no table); retrying',
    'asynchronous draw: failed after 3 attempts (no table)',
  ]);
});

test('refuses what it cannot run: another invocation type, an unknown function', async () => {
  await expect(invoke('raffle-local-draw', 'RequestResponse')).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  await expect(invoke('raffle-local-nothing', 'Event')).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  expect(api.calls).toEqual([]);
});

test('stop() waits for the invocation under way', async () => {
  let finished = false;
  behaviour = async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    finished = true;
  };
  expect((await invoke('raffle-local-draw', 'Event')).StatusCode).toBe(202);
  await until(() => api.calls.length === 1);
  await api.stop();
  expect(finished).toBe(true);
});

test('stop() ends the retries still to come', async () => {
  behaviour = async () => {
    throw new Error('fails');
  };
  expect((await invoke('raffle-local-draw', 'Event')).StatusCode).toBe(202);
  await until(() => api.lines.length > 0); // the first attempt failed; the retry waits a second
  await api.stop();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(api.calls).toHaveLength(1);
});
