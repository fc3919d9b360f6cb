/**
 * Claims through the local runtime, on its own clock (moved on past the deadline, never waited for):
 * GIVEN a raffle with verifiable draws and a 7-day claim period, entrants registered on the public door
 * WHEN the organiser draws verifiably (committed, then revealed at its round), one winner claims through
 *      the link in their email and the other never does, and the clock passes the deadline
 * THEN the runtime's claim sweep voids the unclaimed win ("unclaimed") and replaces it with the next
 *      eligible label of the same ranking (the first alternate the organiser was shown), the claimed win
 *      stands, the replacement has its own deadline, the public results say claimed / replaced because
 *      unclaimed / waiting, and `verify-draw --site` prints MATCH on the whole chain.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import { promisify } from 'util';
import { readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { LIMITS } from '../../model/limits';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/selection';
import { person } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import { adminTls, createRaffle, postJson, send, type ClientTls } from './http-client';

const DAY_MS = 24 * 3600 * 1000;
const RAFFLE = 'claimed';
let runtime: Runtime;
let admin: ClientTls;
let localDir: string;
const clock = new TestClock();

beforeAll(async () => {
  localDir = tmpDir('raffle-claims-');
  const config = testConfig({ verifiable: { marginSeconds: 30 }, notifyWinners: true }, { noConfirm: true });
  runtime = await startTestRuntime({ config, localDir, clock });
  admin = adminTls(runtime.certs);
});

afterAll(async () => {
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

const adminUrl = (route: { path: string }, params: Record<string, string>) => `${runtime.adminUrl}${fillRoutePath(route, params)}`;
const publicUrl = (route: { path: string }, params: Record<string, string> = {}) => `${runtime.publicUrl}${fillRoutePath(route, params)}`;
const drawVerifiably = () =>
  postJson(adminUrl(ROUTES.draw, { raffleId: RAFFLE }), { mode: 'verifiable', winners: 2, early: true }, admin, {
    'idempotency-key': 'claims-1',
  });

interface Winner {
  email: string;
  ticket: number;
  status: string;
  claim: { state: string; claimBy: string } | null;
  void: { reason: string; voidedBy: string } | null;
}
interface Draw {
  drawId: string;
  status: string;
  completedAt: string;
  winners: Winner[];
  replaces: { drawId: string; ticket: number } | null;
}

async function draws(): Promise<Draw[]> {
  return (await send(adminUrl(ROUTES.draws, { raffleId: RAFFLE }), { tls: admin })).json<{ draws: Draw[] }>().draws;
}

/** The claim link's token in the winner email to `address`, once the notify function has sent it. */
async function claimToken(address: string): Promise<string> {
  return eventually(() => {
    const mail = readOutbox(runtime.outboxDir).find((m) => m.to === address);
    return /claim\.html\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  }, `the winner email to ${address}`);
}

test('a verifiable draw, a winner who claims and one who does not: the sweep replaces the second from the ranking, and verify-draw says MATCH', async () => {
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: RAFFLE,
    prizes: [{ name: 'Bike', winners: 2 }],
    closesAt: new Date(clock.now().getTime() + 7 * DAY_MS).toISOString(),
    verifiableDraws: true,
    claimDays: 7,
  });
  for (let i = 0; i < 8; i++) expect((await postJson(publicUrl(ROUTES.apply, { raffleId: RAFFLE }), person(i, 'claim'))).status).toBe(201);

  const committed = await drawVerifiably();
  expect(committed.status).toBe(202);
  const { drawId, verifiable } = committed.json<{ drawId: string; verifiable: { round: number } }>();
  const early = await send(adminUrl(ROUTES.alternates, { raffleId: RAFFLE, drawId }), { tls: admin });
  expect([early.status, early.json<{ error: { code: string } }>().error.code]).toEqual([409, 'no_alternates']);

  clock.advanceTo(roundTime(verifiable.round) * 1000);
  const revealed = await drawVerifiably();
  expect(revealed.status).toBe(201);
  const draw = revealed.json<Draw>();
  const [claimer, silent] = draw.winners;
  expect(draw.winners.map((w) => w.claim?.state)).toEqual(['waiting', 'waiting']);
  const alternates = (await send(`${adminUrl(ROUTES.alternates, { raffleId: RAFFLE, drawId })}?count=3`, { tls: admin })).json<{
    alternates: Array<{ rank: number; email: string; label: string }>;
  }>().alternates;
  expect(alternates.map((a) => a.rank)).toEqual([3, 4, 5]);

  // The first winner claims through the emailed link; the claim page's button POSTs the token.
  const claimed = await postJson(publicUrl(ROUTES.claim), { token: await claimToken(claimer.email) });
  expect([claimed.status, claimed.json<{ claimedThrough: string }>().claimedThrough]).toEqual([200, 'link']);
  await claimToken(silent.email);

  // Past the deadline: the runtime's next sweep (every LIMITS.claim.sweepMinutes on its clock) replaces the silent winner.
  clock.advanceTo(Date.parse(silent.claim!.claimBy) + LIMITS.claim.sweepMinutes * 60_000);
  // Complete: a draw is recorded before its winner is claimed, and a busy machine may show it in between.
  const replacement = await eventually(
    async () => (await draws()).find((d) => d.replaces?.drawId === drawId && d.status === 'complete'),
    'the replacement of the unclaimed win, complete',
  );
  expect(replacement.replaces).toEqual({ drawId, ticket: silent.ticket });
  expect(replacement.winners.map((w) => w.email)).toEqual([alternates[0].email]);
  expect(replacement.winners[0].claim).toMatchObject({
    state: 'waiting',
    claimBy: new Date(Date.parse(replacement.completedAt) + 7 * DAY_MS).toISOString(),
  });
  const original = (await draws()).find((d) => d.drawId === drawId)!;
  expect(original.winners.map((w) => [w.status, w.claim?.state, w.void?.reason ?? null])).toEqual([
    ['won', 'claimed', null],
    ['void', 'expired', 'unclaimed'],
  ]);

  const results = (await send(publicUrl(ROUTES.results, { raffleId: RAFFLE }))).json<{
    draws: Array<{ drawId: string; winners: Array<{ claim: string | null; replacedBy: string | null }> }>;
  }>().draws;
  expect(results.find((d) => d.drawId === drawId)!.winners).toEqual([
    expect.objectContaining({ claim: 'claimed', replacedBy: null }),
    expect.objectContaining({ claim: 'unclaimed', replacedBy: replacement.drawId }),
  ]);
  expect(results.find((d) => d.drawId === replacement.drawId)!.winners).toEqual([expect.objectContaining({ claim: 'waiting' })]);

  // The published walk: the unclaimed step voided after its deadline, the replacement the next eligible label.
  const result = JSON.parse((await send(`${runtime.publicUrl}/draws/${drawId}/result.json`)).text) as {
    sequence: Array<{
      label: string;
      outcome: string;
      voided?: boolean;
      reason?: string;
      claimBy?: string;
      voidedAt?: string;
      forDraw?: string;
    }>;
  };
  const voidedStep = result.sequence.find((s) => s.voided)!;
  expect(voidedStep).toMatchObject({ reason: 'unclaimed', claimBy: silent.claim!.claimBy });
  expect(voidedStep.voidedAt! >= voidedStep.claimBy!).toBe(true);
  expect(result.sequence.at(-1)).toMatchObject({ label: alternates[0].label, outcome: 'won', forDraw: replacement.drawId });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'verify/verify-draw.ts', '--site', runtime.publicUrl, drawId],
    {
      encoding: 'utf8',
    },
  );
  expect(stdout).toMatch(/^MATCH: /);
});
