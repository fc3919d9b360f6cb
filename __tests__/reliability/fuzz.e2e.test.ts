/**
 * The fuzzer's short form, inside `npm test` (the full run is `reliability/fuzz.ts`, BENCHMARKS.md):
 * GIVEN the local runtime on the run's DynamoDB Local with a test clock, and the fuzzer's raffles made
 *       through its admin door (open, instant, upcoming, closed, draft, drawn, archived)
 * WHEN a fixed seed's 600 public and 150 admin cases of hostile input go to its two doors over loopback
 *      (the admin one with mutual TLS): malformed JSON, deep nesting, huge strings, unicode edge cases,
 *      wrong, extra and missing fields, header abuse, path tricks, bad methods, on every route
 * THEN every answer is a refusal in the error shape (or the front door's own), or a success for input that
 *      may be valid, checked for what it stored; no 5xx, no hang, and the table is unchanged by every
 *      group of refused requests.
 * And the checker can fail: behind a front door whose functions misbehave (one throws, one stores and
 * then refuses, one refuses without the error shape), each misdeed is reported with the seed and the
 * case, and the case replays to the same.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { randomUUID } from 'crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { deploymentFacts } from '../../config/deployment';
import { createRequestListener, type Invoke } from '../../local/http-server';
import type { Runtime } from '../../local/runtime';
import { StaticSite } from '../../local/static';
import { makeCase, type FuzzContext, type FuzzPlan } from '../../reliability/fuzz-cases';
import { targetOf } from '../../reliability/fuzz';
import { formatReport, runFuzz } from '../../reliability/fuzz-run';
import { prepare, type FuzzTarget } from '../../reliability/fuzz-setup';
import { TestClock } from '../../testkit/clock';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';

const SEED = 20261205;
/** A ceiling for a machine three times as busy as usual, not a measure: the run takes seconds. */
const CEILING_MS = 600_000;

let runtime: Runtime;
let target: FuzzTarget & { close(): void };
let ctx: FuzzContext;
let localDir: string;

beforeAll(async () => {
  localDir = tmpDir('raffle-fuzz-');
  runtime = await startTestRuntime({ config: testConfig(), localDir, clock: new TestClock() });
  target = targetOf(runtime);
  ctx = await prepare(target, runtime.clock.now());
}, CEILING_MS);

afterAll(async () => {
  target?.close();
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

test(
  '600 public and 150 admin requests of hostile input: refusals in the error shape, valid successes only, nothing stored from a refusal',
  async () => {
    const report = await runFuzz(target, ctx, { plan: { seed: SEED, publicCount: 600, adminCount: 150 } });

    // On a failure, the report says which cases to replay (`--seed … --case …`).
    expect({ violations: report.violations, report: report.violations.length > 0 ? formatReport(report) : '' }).toEqual({
      violations: [],
      report: '',
    });
    expect(report.sent).toEqual({ public: 600, admin: 150 });
    expect(report.outcomes.refused).toBeGreaterThan(report.outcomes.accepted);
    expect(report.outcomes.accepted).toBeGreaterThan(0);
    expect(report.items.refusedOnlyGroups).toBeGreaterThan(0);
    expect(report.items.changedByRefusedOnlyGroups).toBe(0);
    expect(Object.keys(report.families).sort()).toEqual(
      ['fields', 'headers', 'huge', 'malformed-json', 'method', 'nesting', 'path', 'unicode', 'valid'].sort(),
    );
  },
  CEILING_MS,
);

/** A public door whose functions misbehave: apply throws, confirm stores an item then refuses, claim refuses without the shape. */
async function brokenDoor(): Promise<{ port: number; close(): Promise<void> }> {
  const refusal = (status: number, code: string) => ({
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: { code, message: 'Refused by a test double.' } }),
  });
  const invoke: Invoke = async (name) => {
    if (name === 'apply') throw new Error('a handler made to throw');
    if (name === 'confirm') {
      await target.table.client.send(
        new PutItemCommand({ TableName: target.table.name, Item: { email: { S: `#fuzz-test#${randomUUID()}` } } }),
      );
      return refusal(400, 'invalid_token');
    }
    if (name === 'results') return { statusCode: 400, headers: { 'content-type': 'text/plain' }, body: 'no' };
    return refusal(404, 'raffle_not_found');
  };
  const server = http.createServer(
    createRequestListener({
      api: 'public',
      invoke,
      site: new StaticSite(deploymentFacts(runtime.config)),
      secure: false,
      originSecret: 'test',
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test(
  'a function that throws, one that stores and refuses, one that refuses without the error shape: each reported with its seed and case, and a replay says the same',
  async () => {
    const door = await brokenDoor();
    // The front door logs each function that failed, as Lambda would: expected here, and kept out of the test's output.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const broken: FuzzTarget = { ...target, publicPort: door.port };
      const plan: FuzzPlan = { seed: SEED, publicCount: 240, adminCount: 0 };
      const report = await runFuzz(broken, ctx, { plan });

      const routeOf = (index: number) => makeCase(plan, index, ctx).route;
      const crashed = report.violations.filter((v) => v.status === '500');
      expect(crashed.length).toBeGreaterThan(0);
      for (const v of crashed) {
        expect(v.seed).toBe(SEED);
        expect(v.cases).toHaveLength(1);
        expect(routeOf(v.cases[0])).toBe('apply');
        expect(v.problem).toContain('Internal Server Error');
      }
      const stored = report.violations.filter((v) => v.status === 'stored');
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.every((v) => v.what.includes('#fuzz-test#') && v.cases.some((i) => routeOf(i) === 'confirm'))).toBe(true);
      expect(
        report.violations.some(
          (v) => v.cases.length === 1 && routeOf(v.cases[0]) === 'results' && /without the error shape/.test(v.problem),
        ),
      ).toBe(true);
      expect(formatReport(report)).toContain(`--seed ${SEED} --public 240 --admin 0 --case ${crashed[0].cases[0]}`);

      const replay = await runFuzz(broken, ctx, { plan, cases: [crashed[0].cases[0]] });
      expect(replay.violations.map((v) => [v.cases, v.status, v.problem.split(':')[0]])).toEqual([
        [crashed[0].cases, '500', crashed[0].problem.split(':')[0]],
      ]);
      expect(logged.mock.calls.some(([line]) => String(line).includes('a handler made to throw'))).toBe(true);
    } finally {
      logged.mockRestore();
      await door.close();
    }
  },
  CEILING_MS,
);
