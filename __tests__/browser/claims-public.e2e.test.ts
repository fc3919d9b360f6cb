/**
 * A winner's side of a claim, in Debian's Chromium against the local runtime (winners emailed, as npm
 * start runs): claim.html opened from the link in the winner's email claims nothing until its button is
 * pressed (by keyboard); the claim is said, with the prize, the focus on it; Back or a reload says it
 * again without a second POST; the same link again answers the first claim (and in German); a link
 * with a code nobody issued, and one with no code, say so; results.html shows each prize's winners as
 * claimed or waiting until their deadline; once the runtime's clock passes the deadline, the link says
 * the time has passed, and after the next claim sweep the results show the win replaced because it was
 * not claimed. Each state at 1000 and 390 px (layout, axe-core, no raw message key). The server's clock
 * is a TestClock moved on, never waited for.
 */
import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { LIMITS } from '../../model/limits';
import { TestClock } from '../../testkit/clock';
import { launchChromium, startAll } from '../support/browser';
import { phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import { adminCall, createRaffle, DAY_MS, enter, expectGoodState, fromNow, visitorContext, watch, WIDTHS, type Person } from './helpers';

const PEOPLE: readonly Person[] = ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov', 'Donald Knuth'].map((name, i) => ({
  email: `${name.split(' ')[0].toLowerCase()}@example.com`,
  name,
  phone: phoneOf(40 + i),
}));

interface ApiDraw {
  drawId: string;
  completedAt: string;
  winners: Array<{ email: string; ticket: number; status: string; claim: { state: string; claimBy: string } | null }>;
  replaces: { drawId: string } | null;
}

let localDir: string;
let runtime: Runtime;
let browser: Browser;
const clock = new TestClock();
let draw: ApiDraw;
/** The claim link of each winner, in the draw's order. */
let links: string[];

beforeAll(async () => {
  localDir = tmpDir('raffle-claims-public-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig({ notifyWinners: true }), localDir, clock }), launchChromium()],
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
  const drawn = await adminCall<ApiDraw>(runtime, 'POST', '/raffle/raffles/prizes/draw', { winners: 3, early: true });
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

async function claimsNow(): Promise<string[]> {
  const answer = await adminCall<{ draws: ApiDraw[] }>(runtime, 'GET', '/raffle/raffles/prizes/draws');
  return answer.body.draws.find((d) => d.drawId === draw.drawId)!.winners.map((w) => w.claim?.state ?? 'none');
}

/** Counts the claim POSTs a page sends. */
function countClaims(page: Page): { posts: number } {
  const seen = { posts: 0 };
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/raffle/claim')) seen.posts++;
  });
  return seen;
}

describe('claim.html', () => {
  test.each([
    [WIDTHS.laptop, 0],
    [WIDTHS.phone, 1],
  ])('at %i px: opening claims nothing, the button claims, Back says it again without a second POST', async (width, winner) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    const problems = watch(page);
    const posts = countClaims(page);
    await page.goto(links[winner]);
    await page.locator('#claim-button').waitFor();
    expect((await claimsNow())[winner]).toBe('waiting');
    await expectGoodState(page, `claim-ready`);

    await page.locator('#claim-button').focus();
    await page.keyboard.press('Enter');
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await page.locator('#status').textContent()).toMatch(/^Your prize, Hamper, is claimed \(.+\)\. The organiser will contact you/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('status');
    expect(await page.evaluate(() => window.location.search)).toBe('');
    expect((await claimsNow())[winner]).toBe('claimed');
    await expectGoodState(page, `claim-claimed`);

    await page.reload();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(posts.posts).toBe(1);
    expect(await page.locator('#claim-form').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  test('the same link again, in German: the first claim stands, said again', async () => {
    const context = await visitorContext(browser, WIDTHS.phone);
    await context.addInitScript(() => window.localStorage.setItem('raffle.language', 'de'));
    const page = await context.newPage();
    await page.goto(links[0]);
    await page.locator('#claim-button').click();
    await page.locator('#status[data-state="success"]').waitFor();
    expect(await page.locator('#status').textContent()).toMatch(/^Ihr Preis, Hamper, ist angefordert/);
    await expectGoodState(page, 'claim-again-de');
    expect((await claimsNow()).filter((s) => s === 'claimed')).toHaveLength(2);
    await context.close();
  });

  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: a code nobody issued, and no code at all', async (width) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/claim.html?token=${'A'.repeat(43)}`);
    await page.locator('#claim-button').click();
    await page.locator('#status[data-state="error"]').waitFor();
    expect(await page.locator('#status').textContent()).toMatch(/^This link does not work/);
    await expectGoodState(page, `claim-invalid`);
    // A tab of its own: the same address in the same tab is a reload, which keeps the code it was opened with.
    const bare = await context.newPage();
    await bare.goto(`${runtime.publicUrl}/claim.html`);
    await bare.locator('#status[data-state="error"]').waitFor();
    expect(await bare.locator('#status').textContent()).toMatch(/^This link has no claim code/);
    expect(await bare.locator('#claim-button').isDisabled()).toBe(true);
    await expectGoodState(bare, `claim-no-token`);
    await context.close();
  });
});

describe('results.html: claims', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: claimed, and waiting until the deadline', async (width) => {
    const context = await visitorContext(browser, width);
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/results.html?raffle=prizes`);
    await page.locator('li.winner').first().waitFor();
    const shown = await page.locator('li.winner .badge').allTextContents();
    expect(shown.filter((b) => b === 'prize claimed')).toHaveLength(2);
    expect(shown.filter((b) => /^may claim until .+/.test(b))).toHaveLength(1);
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
      expect(await page.locator('#status').textContent()).toMatch(/^The time to claim this prize has passed/);
      await expectGoodState(page, `claim-expired`);
      await context.close();
    }
    clock.advance(LIMITS.claim.sweepMinutes * 60_000);
    await eventually(
      async () =>
        (await claimsNow())[2] === 'expired' &&
        (await adminCall<{ draws: ApiDraw[] }>(runtime, 'GET', '/raffle/raffles/prizes/draws')).body.draws.some(
          (d) => d.replaces?.drawId === draw.drawId,
        ),
      'the replacement of the unclaimed win',
    );
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      const context = await visitorContext(browser, width);
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/results.html?raffle=prizes`);
      await page.locator(`li.winner .badge:has-text("not claimed in time, replaced")`).waitFor();
      const shown = await page.locator('li.winner .badge').allTextContents();
      // The two claims stand; the third win replaced; its replacement waits for its own claim.
      expect([
        shown.filter((b) => b === 'prize claimed').length,
        shown.filter((b) => b.startsWith('not claimed in time, replaced')).length,
        shown.filter((b) => b.startsWith('may claim until')).length,
      ]).toEqual([2, 1, 1]);
      await expectGoodState(page, `results-replaced`);
      await context.close();
    }
  });
});
