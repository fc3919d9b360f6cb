/**
 * A winner's side of a claim, in Debian's Chromium against the local runtime (winners emailed, as npm
 * start runs): claim.html opened from the link in the winner's email claims nothing until its button is
 * pressed (by keyboard); the claim is said, with the prize, the focus on it, and the link to the raffle's
 * results named; Back and a reload say it again without a second POST; the same link again answers the
 * first claim (and in German); a failure that may pass keeps the button, and a second press claims; a
 * link with a code nobody issued, and one with no code, say so and offer no button; results.html shows
 * each prize's winners as claimed or waiting until their deadline; once the runtime's clock passes the
 * deadline, the link says the time has passed, and after the next claim sweep the results show the win
 * replaced because it was not claimed; in a verifiable draw, the label check words that void with its
 * deadline. Each state at 1000 and 390 px (layout, axe-core, no raw message key). The server's clock is
 * a TestClock moved on, never waited for.
 */
import * as fs from 'fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import type { DrawView } from '../../model/api';
import { LIMITS } from '../../model/limits';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/commitment';
import { adminTls, postJson, send } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';
import { phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import {
  adminCall,
  createRaffle,
  DAY_MS,
  enter,
  expectGoodState,
  fromNow,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
  type Person,
} from './helpers';

const PEOPLE: readonly Person[] = ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth'].map((name, i) => ({
  email: `${name.split(' ')[0].toLowerCase()}@example.com`,
  name,
  phone: phoneOf(40 + i),
}));

let localDir: string;
let runtime: Runtime;
let browser: Browser;
const clock = new TestClock();
let draw: DrawView;
/** The claim link of each winner, in the draw's order. */
let links: string[];

beforeAll(async () => {
  localDir = tmpDir('raffle-claims-public-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [
      startTestRuntime({ config: testConfig({ notifyWinners: true, verifiable: { marginSeconds: 90 } }), localDir, clock }),
      launchChromium(),
    ],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
  await createRaffle(runtime, {
    raffleId: 'prizes',
    title: 'Spring prizes',
    prizes: [{ name: 'Hamper', winners: 3 }],
    closesAt: fromNow(runtime, 30 * DAY_MS),
    confirmEntries: false,
    claimDays: 2,
  });
  for (const person of PEOPLE) await enter(runtime, 'prizes', person);
  const drawn = await adminCall<DrawView>(runtime, 'POST', '/raffle/raffles/prizes/draw', { winners: 3, early: true });
  expect(drawn.status).toBe(201);
  draw = drawn.body;
  links = await Promise.all(
    draw.winners.map((winner) =>
      eventually(() => {
        const mail = readOutbox(runtime.outboxDir).find((m) => m.to === winner.email);
        return /(http:\/\/\S+\/claim\.html\?token=[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
      }, `the claim link of ${winner.email}`),
    ),
  );
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

/** A raffle's draws, as the organiser reads them. */
async function drawsOf(raffleId: string): Promise<readonly DrawView[]> {
  const answer = await adminCall<{ draws: DrawView[] }>(runtime, 'GET', `/raffle/raffles/${raffleId}/draws`);
  expect(answer.status).toBe(200);
  return answer.body.draws;
}

async function claimsNow(): Promise<string[]> {
  return (await drawsOf('prizes')).find((d) => d.drawId === draw.drawId)!.winners.map((w) => w.claim?.state ?? 'none');
}

/** Counts the claim POSTs a page sends. */
function countClaims(page: Page): { posts: number } {
  const seen = { posts: 0 };
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/raffle/claim')) seen.posts++;
  });
  return seen;
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id);
const statusText = (page: Page) => page.locator('#status').textContent();
/** A link that cannot claim leaves only its reason: no invitation, no button. */
const formGone = async (page: Page) => [await page.locator('#lead').isHidden(), await page.locator('#claim-form').isHidden()];

describe('claim.html', () => {
  test.each([
    [WIDTHS.laptop, 0],
    [WIDTHS.phone, 1],
  ])('at %i px: opening claims nothing, the button claims, Back and a reload say it again without a second POST', async (width, winner) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    const problems = watch(page);
    const posts = countClaims(page);
    await page.goto(links[winner]);
    await page.locator('#claim-button').waitFor();
    expect(await page.evaluate(() => window.location.search)).toBe('');
    expect((await claimsNow())[winner]).toBe('waiting');
    await expectGoodState(page, `claim-ready`);

    await page.locator('#claim-button').focus();
    await page.keyboard.press('Enter');
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await statusText(page)).toMatch(/^Your prize, Hamper, is claimed \(.*\d{4}.*\)\. The organiser will contact you/);
    expect(await focused(page)).toBe('status');
    expect((await claimsNow())[winner]).toBe('claimed');
    // The answer names the raffle: the link to its results says which.
    await page.locator('#results-link', { hasText: 'See the results: Spring prizes' }).waitFor();
    expect(await page.locator('#results-link').getAttribute('href')).toBe('results.html?raffle=prizes');
    await expectGoodState(page, `claim-claimed`);

    await page.locator('#results-link').click();
    await page.locator('li.winner').first().waitFor();
    await page.goBack();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await statusText(page)).toMatch(/^Your prize, Hamper, is claimed/);
    await page.reload();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await formGone(page)).toEqual([true, true]);
    expect(posts.posts).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the same link again, in German: the first claim stands, said again', async () => {
    const context = await visitorContext(browser, WIDTHS.phone);
    await context.addInitScript(() => window.localStorage.setItem('raffle.language', 'de'));
    const page = await context.newPage();
    await page.goto(links[0]);
    await page.locator('#claim-button', { hasText: 'Preis anfordern' }).click();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await statusText(page)).toMatch(/^Ihr Preis, Hamper, ist angefordert \(.*\d{4}.*\)\. Der Veranstalter meldet sich bei Ihnen/);
    await page.locator('#results-link', { hasText: 'Ergebnisse ansehen: Spring prizes' }).waitFor();
    await expectGoodState(page, 'claim-again-de');
    expect((await claimsNow()).filter((s) => s === 'claimed')).toHaveLength(2);
    await context.close();
  });

  test.each([
    [WIDTHS.laptop, 0],
    [WIDTHS.phone, 1],
  ])('at %i px: a failure that may pass keeps the button, and pressing it again claims', async (width, winner) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    await page.goto(links[winner]);
    await page.route('**/raffle/claim', (route) =>
      route.fulfill({ status: 503, json: { error: { code: 'service_busy', message: 'Busy.', requestId: 'req-1' } } }),
    );
    await page.locator('#claim-button').click();
    await page.locator('#status[data-state="error"]').waitFor();
    expect(await statusText(page)).toBe('Something went wrong and your prize is not claimed yet. Please try again. (Reference: req-1)');
    expect(await focused(page)).toBe('status');
    expect(await page.locator('#claim-button').isEnabled()).toBe(true);
    await expectGoodState(page, 'claim-failed');

    await page.unroute('**/raffle/claim');
    await page.route('**/raffle/claim', (route) => route.abort('internetdisconnected'));
    await page.locator('#claim-button').click();
    await page.locator('#status', { hasText: 'We could not reach the raffle' }).waitFor();
    expect(await page.locator('#claim-button').isEnabled()).toBe(true);

    await page.unroute('**/raffle/claim');
    await page.locator('#claim-button').click();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await statusText(page)).toMatch(/^Your prize, Hamper, is claimed/);
    await context.close();
  });

  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: a code nobody issued, and no code at all', async (width) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/claim.html?token=${'A'.repeat(43)}`);
    await page.locator('#claim-button').click();
    await page.locator('#status[data-state="error"]').waitFor();
    expect(await statusText(page)).toBe('This link does not work: open the whole link from your email again.');
    expect(await focused(page)).toBe('status');
    expect(await formGone(page)).toEqual([true, true]);
    await expectGoodState(page, `claim-invalid`);
    // A tab of its own: the same address in the same tab is a reload, which keeps the code it was opened with.
    const bare = await context.newPage();
    const posts = countClaims(bare);
    await bare.goto(`${runtime.publicUrl}/claim.html`);
    await bare.locator('#status[data-state="error"]').waitFor();
    expect(await statusText(bare)).toBe('This link has no claim code. Open the link from your email again.');
    expect(await formGone(bare)).toEqual([true, true]);
    expect(posts.posts).toBe(0);
    await expectGoodState(bare, `claim-no-token`);
    await context.close();
  });
});

/** What results.html says of each winner's claim in `scope` (its badge or its line), in the page's order. */
function claimsShown(scope: Locator): Promise<string[]> {
  return scope
    .locator('li.winner')
    .evaluateAll((items) => items.map((li) => li.querySelector('.badge-claimed, .claim-line')?.textContent ?? '-'));
}

describe('results.html: claims', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: claimed, and waiting until the deadline', async (width) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/results.html?raffle=prizes`);
    await page.locator('li.winner').first().waitFor();
    const shown = await claimsShown(page.locator('#results'));
    expect(shown.filter((b) => b === 'prize claimed')).toHaveLength(2);
    expect(shown.filter((b) => /^Waiting for the claim until \w+day, .+ \d{4} at .+/.test(b))).toHaveLength(1);
    expect(shown).toHaveLength(3);
    await expectGoodState(page, `results-claims`);
    await context.close();
  });

  test('past the deadline: the link says the time has passed; after the next sweep the win is shown replaced', async () => {
    const claimBy = draw.winners[2].claim!.claimBy;
    clock.advanceTo(Date.parse(claimBy) + 1000);
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      const context = await visitorContext(browser, width);
      const page = await context.newPage();
      await page.goto(links[2]);
      await page.locator('#claim-button').click();
      await page.locator('#status[data-state="error"]').waitFor();
      expect(await statusText(page)).toMatch(/^The time to claim this prize has passed, so it goes to the next person drawn/);
      expect(await formGone(page)).toEqual([true, true]);
      await expectGoodState(page, `claim-expired`);
      await context.close();
    }
    clock.advance(LIMITS.claim.sweepMinutes * 60_000);
    const replacement = await eventually(async () => {
      const draws = await drawsOf('prizes');
      const expired = draws.find((d) => d.drawId === draw.drawId)!.winners[2].claim?.state === 'expired';
      return expired ? draws.find((d) => d.replaces?.drawId === draw.drawId && d.status === 'complete') : undefined;
    }, 'the replacement of the unclaimed win');
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      const context = await visitorContext(browser, width);
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/results.html?raffle=prizes`);
      const line = page.locator('li.winner .claim-line[data-claim="unclaimed"]');
      await line.waitFor();
      expect(await line.textContent()).toBe('Not claimed in time, replaced: see the replacement');
      // Its link goes to the replacement on this page, which waits for its own claim.
      expect(await line.locator('a').getAttribute('href')).toBe(`#draw-${replacement.drawId}`);
      expect(await claimsShown(page.locator(`#draw-${replacement.drawId}`))).toEqual([
        expect.stringMatching(/^Waiting for the claim until /),
      ]);
      const shown = await claimsShown(page.locator('#results'));
      expect(shown.filter((b) => b === 'prize claimed')).toHaveLength(2);
      await expectGoodState(page, `results-replaced`);
      await context.close();
    }
  });
});

describe('results.html: a verifiable draw’s unclaimed win', () => {
  const RAFFLE = 'checked';
  let original: DrawView;
  let step: { label: string; claimBy: string };
  let next: string;

  beforeAll(async () => {
    await createRaffle(runtime, {
      raffleId: RAFFLE,
      title: 'Checked prizes',
      prizes: [{ name: 'Lamp', winners: 1 }],
      closesAt: fromNow(runtime, DAY_MS),
      confirmEntries: false,
      verifiableDraws: true,
      claimDays: 1,
    });
    for (const person of PEOPLE) await enter(runtime, RAFFLE, person);
    await setStatus(runtime, RAFFLE, 'closed');
    // The same Idempotency-Key again finishes the draw once its beacon round exists.
    const ask = () =>
      postJson(`${runtime.adminUrl}/raffle/raffles/${RAFFLE}/draw`, { mode: 'verifiable' }, adminTls(runtime.certs), {
        'idempotency-key': 'claims-verifiable',
      });
    const committed = await ask();
    expect(committed.status).toBe(202);
    clock.advanceTo(roundTime(committed.json<DrawView>().verifiable!.round) * 1000);
    original = await eventually(async () => {
      const answer = await ask();
      return answer.status === 201 || answer.status === 200 ? answer.json<DrawView>() : null;
    }, 'the verifiable draw after its round');
    clock.advanceTo(Date.parse(original.winners[0].claim!.claimBy) + LIMITS.claim.sweepMinutes * 60_000);
    // The sweep voids the win and the walk goes on to the next label: result.json is published again.
    const sequence = await eventually(async () => {
      const walk = JSON.parse((await send(`${runtime.publicUrl}/draws/${original.drawId}/result.json`)).text) as {
        sequence: Array<{ label: string; outcome: string; claimBy?: string; forDraw?: string }>;
      };
      return walk.sequence.some((s) => s.forDraw && s.outcome === 'won') ? walk.sequence : null;
    }, 'the walk gone on past the unclaimed win');
    step = sequence.find((s) => s.claimBy) as typeof step;
    expect(step.claimBy).toBe(original.winners[0].claim!.claimBy);
    next = sequence.find((s) => s.forDraw && s.outcome === 'won')!.label;
  });

  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the win shown replaced, and the label check words the void with its deadline',
    async (width) => {
      const context = await visitorContext(browser, width);
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${runtime.publicUrl}/results.html?raffle=${RAFFLE}`);
      await page.locator('li.winner .claim-line[data-claim="unclaimed"]').waitFor();
      const check = async (label: string) => {
        await page.fill('#label-input', label);
        await page.click('#label-submit');
        const answer = page.locator(`#label-results .label-draw[data-draw-id="${original.drawId}"]`);
        await answer.waitFor();
        return [await answer.getAttribute('data-state'), await answer.textContent()];
      };
      expect(await check(step.label)).toEqual([
        'voided',
        expect.stringMatching(/ Won, but the prize was not claimed by .*\d{4}.*; the next code of the ranking took its place\.$/),
      ]);
      await expectGoodState(page, 'results-label-unclaimed');
      expect(await check(next)).toEqual(['won', expect.stringMatching(/ Won, replacing a voided winner\.$/)]);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
