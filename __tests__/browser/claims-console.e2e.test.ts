/**
 * The winners' claims on the organiser's console (draw.html), in Debian's Chromium against the local
 * runtime over mutual TLS: real handlers, DynamoDB Local, the runtime's claim sweep on its own clock.
 * No skip.
 *
 * One runtime (winners emailed, as npm start runs) for the file, and the tests build on each other in
 * order, as a raffle's claim period would: three winners of "claims" (3 days to claim) wait, with the
 * deadline and the time left; the organiser marks the first claimed by keyboard, with a note; the second
 * claims through the link in their email; the raffle editor sets and clears a claim period; a
 * verifiable draw's alternates open and close by keyboard; then the server's clock passes the deadline
 * (the third win expired, and a stale page's "Mark claimed" refused in words) and the next sweep voids it
 * as unclaimed and draws its replacement. A second runtime whose configuration emails no winner shows
 * the note that the organiser marks every claim. Each state is looked at 1000 and 390 px wide.
 *
 * Time: the server's clock (a TestClock) is moved on, never waited for; each page's clock is set to the
 * server's when it opens (Playwright's clock), so the time left it says is the server's. The expired
 * state lasts from the deadline to the next sweep: a sweep is first brought about just before the
 * deadline (its completion seen in the functions' log), so the next one is 15 minutes of the clock
 * away when the clock then passes the deadline.
 */
import * as fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readOutbox } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { LIMITS } from '../../model/limits';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/commitment';
import { adminTls, postJson } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';
import { phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import {
  adminCall,
  answerDialogs,
  createRaffle,
  DAY_MS,
  enter,
  expectGoodState,
  fromNow,
  organiserContext,
  shootPart,
  watch,
  WIDTHS,
  type Person,
} from './helpers';

const PEOPLE: readonly Person[] = [
  { email: 'ada@example.com', name: 'Ada Lovelace', phone: phoneOf(21) },
  { email: 'grace@example.com', name: 'Grace Hopper', phone: phoneOf(22) },
  { email: 'edsger@example.com', name: 'Edsger Dijkstra', phone: phoneOf(23) },
  { email: 'barbara@example.com', name: 'Barbara Liskov', phone: phoneOf(24) },
  { email: 'donald@example.com', name: 'Donald Knuth', phone: phoneOf(25) },
  { email: 'frances@example.com', name: 'Frances Allen', phone: phoneOf(26) },
];
const CLAIM_DAYS = 3;
const NOTE = 'Reached by phone';
/** The dev PKI's organiser certificate's common name (local/tls.ts): who marks a claim, as the console says it. */
const ORGANISER = 'raffle-local-admin';
const WIDTH_LIST = [WIDTHS.laptop, WIDTHS.phone] as const;

interface ApiClaim {
  state: string;
  claimBy: string;
  claimedThrough: string | null;
  markedBy: string | null;
  note: string | null;
}
interface ApiWinner {
  ticket: number;
  status: string;
  email: string | null;
  name: string | null;
  claim: ApiClaim | null;
  void: { reason: string; voidedBy: string } | null;
}
interface ApiDraw {
  drawId: string;
  status: string;
  winners: ApiWinner[];
  replaces: { drawId: string; ticket: number } | null;
  verifiable: { round: number } | null;
}

let localDir: string;
let runtime: Runtime;
let browser: Browser;
/** The server's clock: moved on to a verifiable draw's round, then past the claim deadline and to the next sweep. */
const clock = new TestClock();
/** Claim sweeps the runtime has finished, counted from the draw function's log line that ends each. */
let sweepsDone = 0;
/** "claims": its one draw and its three winners, in the draw's order. */
let claimsDraw: ApiDraw;
/** "proof": a complete verifiable draw of one winner among six. */
let proofDraw: ApiDraw;

function countSweeps(line: string): void {
  try {
    const entry = JSON.parse(line) as { route?: string; durationMs?: number };
    if (entry.route === 'claim sweep' && entry.durationMs !== undefined) sweepsDone++;
  } catch {
    // Not a JSON line: not the sweep's.
  }
}

beforeAll(async () => {
  localDir = tmpDir('raffle-claims-console-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig({ notifyWinners: true }), localDir, clock, functionLog: countSweeps }), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
  for (const raffleId of ['claims', 'proof'] as const) {
    await createRaffle(runtime, {
      raffleId,
      title: raffleId === 'claims' ? 'Claims raffle' : 'Verifiable claims raffle',
      prizes: [{ name: raffleId === 'claims' ? 'Hamper' : 'Signed print', winners: raffleId === 'claims' ? 3 : 1 }],
      closesAt: fromNow(runtime, 30 * DAY_MS),
      confirmEntries: false,
      verifiableDraws: raffleId === 'proof',
      // The verifiable draw's deadline lies beyond the clock's moves here: its winner keeps waiting.
      claimDays: raffleId === 'claims' ? CLAIM_DAYS : 30,
    });
    for (const person of PEOPLE) await enter(runtime, raffleId, person);
  }
  await createRaffle(runtime, {
    raffleId: 'plain',
    title: 'Raffle without a claim period',
    prizes: [{ name: 'Pen', winners: 1 }],
    closesAt: fromNow(runtime, 30 * DAY_MS),
    confirmEntries: false,
  });

  const drawn = await adminCall<ApiDraw>(runtime, 'POST', '/raffle/raffles/claims/draw', { prize: 'Hamper', winners: 3, early: true });
  expect(drawn.status).toBe(201);
  claimsDraw = drawn.body;

  // A verifiable draw: committed, then revealed once the server's clock reaches its round (the same key).
  const ask = () =>
    postJson(
      `${runtime.adminUrl}/raffle/raffles/proof/draw`,
      { mode: 'verifiable', prize: 'Signed print', winners: 1, early: true },
      adminTls(runtime.certs),
      { 'idempotency-key': 'claims-console-proof' },
    );
  const committed = await ask();
  expect(committed.status).toBe(202);
  clock.advanceTo(roundTime(committed.json<ApiDraw>().verifiable!.round) * 1000);
  const revealed = await ask();
  expect(revealed.status).toBe(201);
  proofDraw = revealed.json<ApiDraw>();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

async function apiDraws(raffleId: string, on: Runtime = runtime): Promise<ApiDraw[]> {
  const answer = await adminCall<{ draws: ApiDraw[] }>(on, 'GET', `/raffle/raffles/${raffleId}/draws`);
  expect(answer.status).toBe(200);
  return answer.body.draws;
}

/**
 * The organiser's browser at a width. On the file's runtime, its pages' clock is set to the server's
 * TestClock, so the time left a page says is counted from the server's now, which the tests move on; a
 * runtime on the system clock needs nothing of the kind.
 */
async function organiserAt(width: number, on: Runtime = runtime): Promise<BrowserContext> {
  const context = await organiserContext(browser, on, { viewport: { width, height: 900 }, isMobile: width === WIDTHS.phone });
  if (on === runtime) await context.clock.setSystemTime(clock.now());
  return context;
}

/** A raffle's page, loaded: its count, its entrants and its past draws all in. */
async function openRaffle(context: BrowserContext, raffleId: string, on: Runtime = runtime): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${on.adminUrl}/raffle/draw.html?raffle=${raffleId}`);
  await page.waitForFunction(() => /^\d+ confirmed entrants?/.test(document.getElementById('count')?.textContent ?? ''));
  await page.waitForFunction(() => /page \d+\.$|^No entrants/.test(document.getElementById('entrants-summary')?.textContent ?? ''));
  await page.locator('#history .draw, #history-empty:not([hidden])').first().waitFor();
  return page;
}

/** One winner of one draw in the past draws, by their ticket. */
const winnerItem = (page: Page, drawId: string, ticket: number) =>
  page.locator(`#history .draw[data-draw-id="${drawId}"] li.winner[data-ticket="${ticket}"]`);

const statusOf = async (page: Page, state: string): Promise<string> => {
  await page.locator(`#status[data-state="${state}"]`).waitFor();
  return (await page.locator('#status').textContent()) ?? '';
};

/** The time left of a claim made a moment ago with CLAIM_DAYS to go: the page rounds down, to the hour at this size. */
const WAITING = new RegExp(`^Claim by .+: ${CLAIM_DAYS - 1} days and 23 hours left\\.$`);

describe('draw.html: claims that wait', () => {
  test.each(WIDTH_LIST)(
    'at %i px, each winner waits with the deadline and the time left, and has "Mark claimed"; the raffle says its claim period; winners are emailed here, so no note says otherwise',
    async (width) => {
      const context = await organiserAt(width);
      try {
        const page = await openRaffle(context, 'claims');
        const problems = watch(page);
        await expect(page.locator('#raffle-schedule').textContent()).resolves.toContain(
          `Each winner has ${CLAIM_DAYS} days from their draw to claim the prize.`,
        );
        for (const winner of claimsDraw.winners) {
          const item = winnerItem(page, claimsDraw.drawId, winner.ticket);
          await expect(item.locator('.badge').allTextContents()).resolves.toEqual(['not claimed yet']);
          await expect(item.locator('.claim-note').textContent()).resolves.toMatch(WAITING);
          await expect(item.getByRole('button', { name: `Mark claimed: ${winner.name!}` }).count()).resolves.toBe(1);
          await expect(item.getByRole('button', { name: `Void and redraw: ${winner.name!}` }).count()).resolves.toBe(1);
        }
        await expect(page.locator('#claim-mail-note').isHidden()).resolves.toBe(true);
        await expect(page.locator('#history-claim-mail-note').isHidden()).resolves.toBe(true);
        // A random draw has no alternates to show.
        await expect(page.locator('.alternates-button').count()).resolves.toBe(0);
        await expectGoodState(page, 'claims-waiting');
        await shootPart(page.locator('#history-section'), 'claims-waiting');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('draw.html: marking a claim', () => {
  test('"Mark claimed" by keyboard asks for an optional note (cancelled, too long, then given), POSTs the ticket and note, and the view says who marked it, when, and the note, with the keyboard on it', async () => {
    const winner = claimsDraw.winners[0];
    const context = await organiserAt(WIDTHS.laptop);
    try {
      const page = await openRaffle(context, 'claims');
      const problems = watch(page);
      const dialogs = answerDialogs(page, [false, 'x'.repeat(LIMITS.claim.noteLength + 1), NOTE]);
      const sent: unknown[] = [];
      const claimPath = `/raffle/raffles/claims/draws/${claimsDraw.drawId}/claim`;
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === claimPath) sent.push(req.postDataJSON());
      });
      const button = winnerItem(page, claimsDraw.drawId, winner.ticket).getByRole('button', { name: `Mark claimed: ${winner.name!}` });

      await button.focus();
      await page.keyboard.press('Enter');
      await expect(statusOf(page, 'info')).resolves.toBe('Nothing was marked.');
      expect(dialogs[0]).toContain(
        `Mark the prize of ${winner.name!} <${winner.email!}> in draw ${claimsDraw.drawId.slice(0, 8)} as claimed?`,
      );
      expect(dialogs[0]).toContain(`at most ${LIMITS.claim.noteLength} characters`);
      await button.focus();
      await page.keyboard.press('Enter');
      await expect(statusOf(page, 'error')).resolves.toBe(
        `The note is longer than ${LIMITS.claim.noteLength} characters: nothing was marked.`,
      );
      expect(sent).toEqual([]);

      await button.focus();
      await page.keyboard.press('Enter');
      await expect(statusOf(page, 'success')).resolves.toBe(`The prize of ${winner.name!} <${winner.email!}> is marked claimed.`);
      expect(sent).toEqual([{ ticket: winner.ticket, note: NOTE }]);
      const item = winnerItem(page, claimsDraw.drawId, winner.ticket);
      const marked = new RegExp(`^Marked claimed by ${ORGANISER}, .+: “${NOTE}”$`);
      await page.waitForFunction(() => document.activeElement?.classList.contains('claim-note') === true);
      // The keyboard is on what was marked, in the same draw.
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(marked);
      await expect(item.locator('.claim-note').textContent()).resolves.toMatch(marked);
      await expect(item.locator('.badge').allTextContents()).resolves.toEqual(['claimed']);
      await expect(item.getByRole('button', { name: /^Mark claimed/ }).count()).resolves.toBe(0);
      // Still a winner: a claimed win can be voided by hand.
      await expect(item.getByRole('button', { name: `Void and redraw: ${winner.name!}` }).count()).resolves.toBe(1);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
    const recorded = (await apiDraws('claims')).find((d) => d.drawId === claimsDraw.drawId)!.winners[0].claim;
    expect(recorded).toMatchObject({
      state: 'claimed',
      claimedThrough: 'organiser',
      note: NOTE,
      markedBy: expect.stringContaining(ORGANISER),
    });
  });

  test.each(WIDTH_LIST)('at %i px, the marked claim reads as marked by the organiser, with its note', async (width) => {
    const context = await organiserAt(width);
    try {
      const page = await openRaffle(context, 'claims');
      await expect(winnerItem(page, claimsDraw.drawId, claimsDraw.winners[0].ticket).locator('.claim-note').textContent()).resolves.toMatch(
        new RegExp(`^Marked claimed by ${ORGANISER}, .+: “${NOTE}”$`),
      );
      await expectGoodState(page, 'claims-marked');
      await shootPart(page.locator('#history-section'), 'claims-marked');
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: a claim through the winner’s link', () => {
  test.each(WIDTH_LIST)('at %i px, a win claimed through the emailed link reads as such, with no button to mark it', async (width) => {
    const winner = claimsDraw.winners[1];
    if (width === WIDTHS.laptop) {
      // The winner's email carries the link (the notify function sends it); its page POSTs the token.
      const token = await eventually(() => {
        const mail = readOutbox(runtime.outboxDir).find((m) => m.to === winner.email);
        return /claim\.html\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
      }, `the winner email to ${winner.email!}`);
      const claimed = await postJson(`${runtime.publicUrl}/raffle/claim`, { token });
      expect([claimed.status, claimed.json<{ claimedThrough: string }>().claimedThrough]).toEqual([200, 'link']);
    }
    const context = await organiserAt(width);
    try {
      const page = await openRaffle(context, 'claims');
      const item = winnerItem(page, claimsDraw.drawId, winner.ticket);
      await expect(item.locator('.claim-note').textContent()).resolves.toMatch(/^Claimed through the winner’s link, .+$/);
      await expect(item.locator('.badge').allTextContents()).resolves.toEqual(['claimed']);
      await expect(item.getByRole('button', { name: /^Mark claimed/ }).count()).resolves.toBe(0);
      // The third still waits.
      await expect(winnerItem(page, claimsDraw.drawId, claimsDraw.winners[2].ticket).locator('.claim-note').textContent()).resolves.toMatch(
        WAITING,
      );
      await expectGoodState(page, 'claims-by-link');
      await shootPart(page.locator('#history-section'), 'claims-by-link');
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: a verifiable draw’s alternates', () => {
  test.each(WIDTH_LIST)(
    'at %i px, "Show alternates" (a disclosure, by keyboard) lists the next eligible entrants in rank order with name, email and phone, for planning only',
    async (width) => {
      const expected = await adminCall<{ alternates: { rank: number; name: string; email: string; phone: string }[] }>(
        runtime,
        'GET',
        `/raffle/raffles/proof/draws/${proofDraw.drawId}/alternates`,
      );
      expect(expected.status).toBe(200);
      // Everyone else in the pool, in rank order after the one winner.
      expect(expected.body.alternates).toHaveLength(PEOPLE.length - 1);
      const context = await organiserAt(width);
      try {
        const page = await openRaffle(context, 'proof');
        const problems = watch(page);
        const button = page.getByRole('button', { name: `Show alternates of draw ${proofDraw.drawId.slice(0, 8)}` });
        await expect(button.textContent()).resolves.toBe('Show alternates');
        await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
        const panel = page.locator(`#${await button.getAttribute('aria-controls')}`);
        await expect(panel.isHidden()).resolves.toBe(true);

        await button.focus();
        await page.keyboard.press('Enter');
        await expect(button.getAttribute('aria-expanded')).resolves.toBe('true');
        await panel.locator('li.alternate').first().waitFor();
        await expect(panel.locator('.alternates-intro').textContent()).resolves.toMatch(
          /^For planning only: .* Nobody is told and nothing is claimed until a void, and the list can change before then\.$/,
        );
        const shown = await panel.locator('li.alternate').evaluateAll((items) =>
          items.map((li) => ({
            rank: li.querySelector('.alternate-rank')?.textContent,
            name: li.querySelector('.name')?.textContent,
            email: li.querySelector('a.email')?.getAttribute('href'),
            phone: li.querySelector('a.phone')?.getAttribute('href'),
          })),
        );
        expect(shown).toEqual(
          expected.body.alternates.map((a) => ({
            rank: `Rank ${a.rank}`,
            name: a.name,
            email: `mailto:${a.email}`,
            phone: `tel:${a.phone}`,
          })),
        );
        await expect(page.evaluate(() => document.activeElement?.classList.contains('alternates-button'))).resolves.toBe(true);
        await expectGoodState(page, 'claims-alternates');
        await shootPart(page.locator('#history-section'), 'claims-alternates');

        // Space closes it again; the keyboard stays on the button.
        await page.keyboard.press('Space');
        await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
        await expect(panel.isHidden()).resolves.toBe(true);
        await expect(page.evaluate(() => document.activeElement?.classList.contains('alternates-button'))).resolves.toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('draw.html: the raffle editor’s claim period', () => {
  test.each(WIDTH_LIST)('at %i px, a claim period outside the limits is refused beside its field', async (width) => {
    const context = await organiserAt(width);
    try {
      const page = await openRaffle(context, 'plain');
      const problems = watch(page);
      await expect(page.locator('#raffle-schedule').textContent()).resolves.toContain(
        'Winners do not claim their prizes: there is no claim period.',
      );
      await page.click('#editor-summary');
      const input = page.getByRole('spinbutton', { name: 'Claim period (days) (optional)' });
      await expect(input.inputValue()).resolves.toBe('');
      await expect(input.getAttribute('min')).resolves.toBe(String(LIMITS.claim.days.min));
      await expect(input.getAttribute('max')).resolves.toBe(String(LIMITS.claim.days.max));
      await expect(page.locator('#claimDays-hint').textContent()).resolves.toContain(
        `from ${LIMITS.claim.days.min} to ${LIMITS.claim.days.max}`,
      );
      await input.fill(String(LIMITS.claim.days.max + 1));
      await page.click('#save-raffle');
      await page.locator('#claimDays-error:not([hidden])').waitFor();
      await expect(page.locator('#claimDays-error').textContent()).resolves.toBe(
        `Enter a whole number of days from ${LIMITS.claim.days.min} to ${LIMITS.claim.days.max}, or leave it empty for no claim step.`,
      );
      await expect(input.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('claimDays');
      await expectGoodState(page, 'claims-editor-refused');
      await shootPart(page.locator('#editor'), 'claims-editor-refused');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a claim period set (sent as a number) shows in the overview; emptied, it is sent as null and the raffle has none again', async () => {
    const context = await organiserAt(WIDTHS.laptop);
    try {
      const page = await openRaffle(context, 'plain');
      const problems = watch(page);
      const sent: unknown[] = [];
      page.on('request', (req) => {
        if (req.method() === 'PATCH' && new URL(req.url()).pathname === '/raffle/raffles/plain') sent.push(req.postDataJSON());
      });
      await page.click('#editor-summary');
      await page.fill('#claimDays', '7');
      await page.click('#save-raffle');
      await expect(statusOf(page, 'success')).resolves.toBe('Saved: Claim period (days).');
      await expect(page.locator('#raffle-schedule').textContent()).resolves.toContain(
        'Each winner has 7 days from their draw to claim the prize.',
      );
      await expect(page.locator('#claimDays').inputValue()).resolves.toBe('7');

      await page.fill('#claimDays', '');
      await page.click('#save-raffle');
      await page.waitForFunction(() => /no claim period/.test(document.getElementById('raffle-schedule')?.textContent ?? ''));
      expect(sent).toEqual([{ claimDays: 7 }, { claimDays: null }]);
      const raffle = await adminCall<{ claimDays: number | null }>(runtime, 'GET', '/raffle/raffles/plain');
      expect(raffle.body.claimDays).toBeNull();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: past the deadline, and the sweep', () => {
  const claimBy = (): number => Date.parse(claimsDraw.winners[2].claim!.claimBy);

  test('past the deadline, the unclaimed win reads as expired (voided within the sweep’s period) at 1000 and 390 px; a page opened before marks it in vain, and says why in words', async () => {
    // A page opened while the win waited: its "Mark claimed" is still there.
    const staleContext = await organiserAt(WIDTHS.laptop);
    try {
      const stale = await openRaffle(staleContext, 'claims');
      const silent = claimsDraw.winners[2];
      const staleButton = winnerItem(stale, claimsDraw.drawId, silent.ticket).getByRole('button', {
        name: `Mark claimed: ${silent.name!}`,
      });
      await expect(staleButton.count()).resolves.toBe(1);

      // A sweep just before the deadline (it finds nothing), then the clock past the deadline: the next sweep is minutes of the clock away.
      const before = sweepsDone;
      clock.advanceTo(claimBy() - 5 * 60_000);
      await eventually(() => sweepsDone > before, 'the claim sweep brought about before the deadline');
      clock.advanceTo(claimBy() + 60_000);
      const now = (await apiDraws('claims')).find((d) => d.drawId === claimsDraw.drawId)!;
      expect(now.winners.map((w) => w.claim?.state)).toEqual(['claimed', 'claimed', 'expired']);

      for (const width of WIDTH_LIST) {
        const context = await organiserAt(width);
        try {
          const page = await openRaffle(context, 'claims');
          const problems = watch(page);
          const item = winnerItem(page, claimsDraw.drawId, silent.ticket);
          await expect(item.locator('.badge').allTextContents()).resolves.toEqual(['claim expired']);
          await expect(item.locator('.claim-note').textContent()).resolves.toMatch(
            new RegExp(
              `^Not claimed by the deadline, .+: the win is voided and a replacement drawn within ${LIMITS.claim.sweepMinutes} minutes\\.$`,
            ),
          );
          await expect(item.getByRole('button', { name: /^Mark claimed/ }).count()).resolves.toBe(0);
          await expectGoodState(page, 'claims-expired');
          await shootPart(page.locator('#history-section'), 'claims-expired');
          expect(problems).toEqual([]);
        } finally {
          await context.close();
        }
      }

      // The stale page's button: the API refuses (410 claim_expired), in words, and the keyboard is at why.
      answerDialogs(stale, ['']);
      await staleButton.focus();
      await stale.keyboard.press('Enter');
      await expect(statusOf(stale, 'error')).resolves.toBe(
        'Marking the claim failed: The time to claim this prize has passed, so it goes to someone else.',
      );
      await expect(stale.locator('#status').getAttribute('role')).resolves.toBe('alert');
      await expect(stale.evaluate(() => document.activeElement?.id)).resolves.toBe('status');
      // The draw is shown again as the server has it now: nothing left to mark.
      await winnerItem(stale, claimsDraw.drawId, silent.ticket).locator('.mark-claimed-button').waitFor({ state: 'detached' });
    } finally {
      await staleContext.close();
    }
  });

  test('the next sweep voids the win as not claimed by the deadline (never as the organiser’s words) and shows its replacement, which has its own claim period, at 1000 and 390 px', async () => {
    clock.advance(LIMITS.claim.sweepMinutes * 60_000);
    const replacement = await eventually(
      async () => (await apiDraws('claims')).find((d) => d.replaces?.drawId === claimsDraw.drawId && d.status === 'complete'),
      'the replacement of the unclaimed win',
    );
    const silent = claimsDraw.winners[2];
    expect(replacement.replaces).toEqual({ drawId: claimsDraw.drawId, ticket: silent.ticket });
    const original = (await apiDraws('claims')).find((d) => d.drawId === claimsDraw.drawId)!;
    expect(original.winners[2].void).toMatchObject({ reason: 'unclaimed', voidedBy: 'the claim deadline' });

    for (const width of WIDTH_LIST) {
      const context = await organiserAt(width);
      try {
        const page = await openRaffle(context, 'claims');
        const problems = watch(page);
        const item = winnerItem(page, claimsDraw.drawId, silent.ticket);
        await expect(item.getAttribute('data-status')).resolves.toBe('void');
        await expect(item.locator('.badge').allTextContents()).resolves.toEqual(['void']);
        await expect(item.locator('.void-note').textContent()).resolves.toMatch(
          /^Void: not claimed by the deadline, .+ · .+ · replaced in draw [0-9a-f]{8}$/,
        );
        await expect(item.locator('.void-note a').textContent()).resolves.toBe(replacement.drawId.slice(0, 8));
        await expect(item.locator('.claim-note').count()).resolves.toBe(0);
        await expect(item.getByRole('button').count()).resolves.toBe(0);
        // The replacement: what it replaces, and its winner's own deadline.
        const replacing = page.locator(`#history .draw[data-draw-id="${replacement.drawId}"]`);
        await expect(replacing.locator('.replaces').textContent()).resolves.toMatch(
          new RegExp(`^Replaces a voided winner of draw ${claimsDraw.drawId.slice(0, 8)} \\(drawn .+\\)$`),
        );
        await expect(replacing.locator('li.winner .claim-note').textContent()).resolves.toMatch(WAITING);
        await expect(replacing.getByRole('button', { name: /^Mark claimed: / }).count()).resolves.toBe(1);
        await expect(page.locator('#history').textContent()).resolves.not.toMatch(/\bunclaimed\b|the claim deadline/);
        await expectGoodState(page, 'claims-swept');
        await shootPart(page.locator('#history-section'), 'claims-swept');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  test('in German, every claim state, the void and the editor read in German, and fit a phone', async () => {
    const context = await organiserContext(browser, runtime, {
      locale: 'de-DE',
      viewport: { width: WIDTHS.phone, height: 900 },
      isMobile: true,
    });
    await context.clock.setSystemTime(clock.now());
    try {
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=claims`);
      await page.locator('#history .draw li.winner .claim-note').first().waitFor();
      await expect(winnerItem(page, claimsDraw.drawId, claimsDraw.winners[0].ticket).locator('.claim-note').textContent()).resolves.toMatch(
        new RegExp(`^Als angefordert markiert von ${ORGANISER}, .+: „${NOTE}“$`),
      );
      await expect(winnerItem(page, claimsDraw.drawId, claimsDraw.winners[2].ticket).locator('.void-note').textContent()).resolves.toMatch(
        /^Ungültig: bis zur Frist, .+, nicht angefordert · /,
      );
      await page.click('#editor-summary');
      await expect(page.locator('label[for="claimDays"]').textContent()).resolves.toMatch(/^Abholfrist \(Tage\)/);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).not.toMatch(/\b(claimed|Claim by|Mark claimed|Claim period|left)\b/);
      await expectGoodState(page, 'claims-de');
      await shootPart(page.locator('#history-section'), 'claims-de');
      await shootPart(page.locator('#editor'), 'claims-de-editor');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('draw.html on a deployment that emails no winner', () => {
  let quietDir: string;
  let quiet: Runtime;

  beforeAll(async () => {
    quietDir = tmpDir('raffle-claims-quiet-');
    quiet = await startTestRuntime({ config: testConfig({ notifyWinners: false }), localDir: quietDir });
    await createRaffle(quiet, {
      raffleId: 'quiet',
      title: 'Raffle whose winners are called',
      prizes: [{ name: 'Bicycle', winners: 2 }],
      closesAt: fromNow(quiet, 30 * DAY_MS),
      confirmEntries: false,
      claimDays: 2,
    });
    for (const person of PEOPLE.slice(0, 3)) await enter(quiet, 'quiet', person);
    expect((await adminCall(quiet, 'POST', '/raffle/raffles/quiet/draw', { prize: 'Bicycle', winners: 2, early: true })).status).toBe(201);
  });

  afterAll(async () => {
    await quiet?.stop();
    if (quietDir) fs.rmSync(quietDir, { recursive: true, force: true });
  });

  test.each(WIDTH_LIST)(
    'at %i px, config.js says winnerMail false and the page says, near the winners, that nobody can claim by link and the organiser marks each claim',
    async (width) => {
      const context = await organiserAt(width, quiet);
      try {
        const page = await openRaffle(context, 'quiet', quiet);
        const problems = watch(page);
        await expect(
          page.evaluate(() => (window as unknown as { RAFFLE_CONFIG: { winnerMail: boolean } }).RAFFLE_CONFIG.winnerMail),
        ).resolves.toBe(false);
        const said =
          'Winners are not emailed on this installation, so nobody can claim a prize through a link. Reach each winner yourself, then mark their claim here before its deadline: a win not marked by then is voided and drawn again.';
        // Beside the draw's result and over the past draws.
        for (const id of ['#claim-mail-note', '#history-claim-mail-note']) {
          await expect(page.locator(id).isVisible()).resolves.toBe(true);
          await expect(page.locator(id).textContent()).resolves.toBe(said);
        }
        const [drawn] = await apiDraws('quiet', quiet);
        await expect(page.locator('#history li.winner .mark-claimed-button').count()).resolves.toBe(drawn.winners.length);
        await expectGoodState(page, 'claims-no-winner-mail');
        await shootPart(page.locator('#history-section'), 'claims-no-winner-mail');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  test('a winner just drawn is marked claimed from the result, without a note: the result shows the claim, with the keyboard on it', async () => {
    const context = await organiserAt(WIDTHS.laptop, quiet);
    try {
      const page = await openRaffle(context, 'quiet', quiet);
      const problems = watch(page);
      // The draw asks first (entries are open), then "Mark claimed" asks for the note, left empty.
      answerDialogs(page, [true, '']);
      await page.fill('#winners', '1');
      await page.click('#draw-button');
      const winner = page.locator('#winners-list li.winner');
      await winner.locator('.claim-note').waitFor();
      await expect(winner.locator('.claim-note').textContent()).resolves.toMatch(/^Claim by .+: 1 day and 23 hours left\.$/);
      const name = (await winner.locator('.name').textContent()) ?? '';
      await winner.getByRole('button', { name: `Mark claimed: ${name}` }).focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => / is marked claimed\.$/.test(document.getElementById('status')?.textContent ?? ''));
      await expect(page.locator('#status').getAttribute('data-state')).resolves.toBe('success');
      await page.waitForFunction(() => document.activeElement?.closest('#winners-list') !== null);
      await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe('claim-note');
      await expect(winner.locator('.claim-note').textContent()).resolves.toMatch(new RegExp(`^Marked claimed by ${ORGANISER}, [^“]+$`));
      await expect(winner.getByRole('button', { name: /^Mark claimed/ }).count()).resolves.toBe(0);
      await shootPart(page.locator('#draw-section'), 'claims-result-marked');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
