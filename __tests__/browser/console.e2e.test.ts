/**
 * The organiser's console (draw.html: the raffles, a new one, one raffle's page with its status
 * buttons, settings, registrations chart, entrants, search, paging, erasure, export, draws by prize,
 * void and redraw, verifiable draws) and the public results of its raffle, in Debian's Chromium
 * against the local runtime: real handlers, DynamoDB Local, the mutual-TLS admin server. No skip.
 *
 * One runtime for the file, and the tests build on each other in order, as an organiser's day would:
 * the raffles and a new one (with a refusal said beside its field), a raffle's status and chart; list
 * and search a crowd, erase someone, export, draw three prizes, void a winner, then check what the
 * public sees, erase a winner, and the layout at 1000 and 390 px; last, verifiable draws in a raffle
 * whose entries are closed: the checkbox only when config.js and the raffle offer them, one from
 * commitment to winners, one whose page is reloaded before its round and revealed from the history,
 * and one a large raffle would give. Their rounds come when the test moves the server's clock on to
 * them, never by real time while the test runs (the margin is 90 s here, 30 by default); the page asks
 * again every 3 s of its own time, as it does, so those waits are for the page's state.
 */
import * as fs from 'fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { maskedName } from '../../functions/results/mask';
import { OUTBOX_CSP, readOutbox, renderOutboxPage } from '../../local/outbox';
import type { Runtime } from '../../local/runtime';
import { LIMITS } from '../../model/limits';
import { renderSiteConfig } from '../../site/assets';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/commitment';
import { send } from '../local/http-client';
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
  expectFits,
  expectGoodState,
  fromNow,
  HOUR_MS,
  organiserContext as newOrganiserContext,
  publicCount,
  shootPart,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
  type Person,
} from './helpers';

/** Markup that would run if a page ever used innerHTML with data (the CSP would stop the handler; the <img> would still appear). */
const HOSTILE_HTML = '<img src=x onerror=window.__pwned=1>';
/** A spreadsheet formula: text on a page, neutralised in the CSV. */
const HOSTILE_FORMULA = '=HYPERLINK("x")';
const LONG_EMAIL = 'a.really.long.address.that.keeps.going.and.going.for.ever@sub.domain.example.com';

/** Entered in "fair" (confirmed by email): the ones drawn there. */
const PEOPLE: readonly Person[] = [
  { email: 'ada@example.com', name: 'Ada Lovelace', phone: phoneOf(1) },
  { email: 'grace.hopper@example.com', name: 'Grace Hopper', phone: phoneOf(2) },
  { email: 'mallory@example.com', name: HOSTILE_HTML, phone: phoneOf(3) },
  { email: 'eve@example.com', name: HOSTILE_FORMULA, phone: phoneOf(4) },
  { email: LONG_EMAIL, name: 'Zed Longaddress', phone: phoneOf(5) },
];
const TO_ERASE: Person = { email: 'to-erase@example.com', name: 'Erin Erase', phone: phoneOf(6) };
/** Entered in "proof", whose entries then close: the pool of the verifiable draws. */
const PROVERS: readonly Person[] = [
  { email: 'vera@example.com', name: 'Vera Verifiable', phone: phoneOf(7) },
  { email: 'victor@example.com', name: 'Victor Checked', phone: phoneOf(8) },
  { email: 'wanda@example.com', name: 'Wanda Waiting', phone: phoneOf(9) },
  { email: 'xavier@example.com', name: 'Xavier Frozen', phone: phoneOf(10) },
];
/** "crowd": more than one default page of entrants (LIMITS.entrantsPage.default), confirmed over four hours. */
const CROWD = 56;
const CROWD_HOURS = 4;
const REASON = 'Could not be reached by phone or email within a week';
const ERASED_REASON = 'Erased on request, prize passed on';
const FAIR_PRIZES = [
  { name: 'Hamper for two', winners: 2 },
  { name: 'Bicycle', winners: 1 },
  { name: 'Tea set', winners: 1 },
];

/**
 * Seconds from a verifiable draw's commitment to its round: longer than any test takes, so that the round
 * comes only when the test moves the server's clock on to it (and under 2 minutes, which the page says in seconds).
 */
const MARGIN_SECONDS = 90;

let localDir: string;
let runtime: Runtime;
let browser: Browser;
/** The server's clock: real time, moved on by the crowd's hours, a lapsed closing time and the verifiable tests' rounds. */
const clock = new TestClock();

beforeAll(async () => {
  localDir = tmpDir('raffle-console-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [
      startTestRuntime({
        // config/dev.json as npm start runs it (entries confirmed from their email), and the beacon margin
        // above, which config.js gives the page.
        config: testConfig({ verifiable: { marginSeconds: MARGIN_SECONDS } }),
        localDir,
        clock,
      }),
      launchChromium(),
    ],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
  // A crowd, counted at once, over four hours of the server's clock: four bars on its chart.
  await createRaffle(runtime, {
    raffleId: 'crowd',
    title: 'Crowd raffle',
    description: 'Many people.',
    prizes: [{ name: 'Umbrella', winners: 1 }],
    closesAt: fromNow(runtime, 30 * DAY_MS),
    confirmEntries: false,
    verifiableDraws: false,
  });
  for (let i = 0; i < CROWD; i++) {
    if (i > 0 && i % (CROWD / CROWD_HOURS) === 0) clock.advance(HOUR_MS);
    await enter(runtime, 'crowd', { email: `seed${i}@example.com`, name: `Seed ${i}`, phone: phoneOf(1000 + i) });
  }
  await createRaffle(runtime, {
    raffleId: 'fair',
    title: 'Spring fair raffle',
    description: 'In aid of the hall.',
    prizes: FAIR_PRIZES,
    closesAt: fromNow(runtime, 30 * DAY_MS),
  });
  for (const person of [...PEOPLE, TO_ERASE]) await enter(runtime, 'fair', person);
  await createRaffle(runtime, {
    raffleId: 'proof',
    title: 'Verifiable raffle',
    prizes: [
      { name: 'Signed print', winners: 1 },
      { name: 'Reveal later', winners: 1 },
      { name: 'Frozen later', winners: 1 },
    ],
    closesAt: fromNow(runtime, 30 * DAY_MS),
    confirmEntries: false,
  });
  for (const person of PROVERS) await enter(runtime, 'proof', person);
  await setStatus(runtime, 'proof', 'closed');
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

const adminGet = async <T>(pathAndQuery: string): Promise<T> => {
  const answer = await adminCall<T>(runtime, 'GET', pathAndQuery);
  expect(answer.status).toBe(200);
  return answer.body;
};

interface ApiWinner {
  ticket: number;
  status: string;
  email: string | null;
  name: string | null;
  phone: string | null;
}
interface ApiDraw {
  drawId: string;
  prize: string | null;
  winners: ApiWinner[];
  replaces: { drawId: string } | null;
}
const apiDraws = async (raffleId = 'fair'): Promise<ApiDraw[]> =>
  (await adminGet<{ draws: ApiDraw[] }>(`/raffle/raffles/${raffleId}/draws`)).draws;

const organiserContext = (options: Parameters<typeof newOrganiserContext>[2] = {}): Promise<BrowserContext> =>
  newOrganiserContext(browser, runtime, options);

/** A raffle's page, loaded: its count, first page of entrants and history all in. */
async function openRaffle(context: BrowserContext, raffleId = 'fair'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=${raffleId}`);
  await consoleLoaded(page);
  return page;
}

async function consoleLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => /^\d+ confirmed entrants?/.test(document.getElementById('count')?.textContent ?? ''));
  await page.waitForFunction(() => /page \d+\.$|^No entrants/.test(document.getElementById('entrants-summary')?.textContent ?? ''));
}

const rowAddresses = (page: Page): Promise<string[]> => page.locator('#entrants-body .address').allTextContents();
/** A North American test phone as the console groups it for reading: "+1 415 555 0001". */
const readable = (phone: string): string => phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 $1 $2 $3');
/** Where the keyboard is: the focused element's id ("" for <body>, which must never be where an action leaves it). */
const focused = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');
/** Waits for the status line to say `text` (it may say something else first); resolves with its state. */
const statusIs = async (page: Page, text: string): Promise<string> => {
  await page.waitForFunction((t) => document.getElementById('status')?.textContent === t, text);
  return (await page.locator('#status').getAttribute('data-state')) ?? '';
};
const statusOf = async (page: Page, state: string): Promise<string> => {
  await page.locator(`#status[data-state="${state}"]`).waitFor();
  return (await page.locator('#status').textContent()) ?? '';
};

describe('draw.html: the raffles, a new one and its settings', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: every raffle with its status and count, each a link to its page', async (width) => {
    const context = await organiserContext({ viewport: { width, height: 900 }, isMobile: width === WIDTHS.phone });
    try {
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.locator('#raffles-body tr').first().waitFor();
      const row = (id: string) => page.locator(`#raffles-body tr[data-raffle-id="${id}"]`);
      await expect(row('crowd').locator('td.number').textContent()).resolves.toBe(String(CROWD));
      await expect(row('fair').locator('td.raffle-status .badge').textContent()).resolves.toBe('Open');
      await expect(row('proof').locator('td.raffle-status .badge').textContent()).resolves.toBe('Closed');
      // One status shows: in its column on a laptop, under the title on a phone.
      await expect(row('fair').locator('.badge:visible').count()).resolves.toBe(1);
      await expect(row('fair').locator('a').getAttribute('href')).resolves.toBe('draw.html?raffle=fair');
      await expect(page.locator('#editor-summary').textContent()).resolves.toBe('Create a raffle');
      await expect(page.locator('#editor').getAttribute('open')).resolves.toBeNull();
      await expectGoodState(page, 'console-list');

      // A new raffle at a taken address: refused beside the address, in words.
      await page.click('#editor-summary');
      await page.fill('#raffleId', 'crowd');
      await page.fill('#raffle-title', 'Another crowd');
      await page.fill('#prize-1-name', 'Hat');
      await page.fill('#closesAt', '2031-10-31T18:00');
      await page.click('#save-raffle');
      await page.locator('#raffleId-error:not([hidden])').waitFor();
      await expect(page.locator('#raffleId-error').textContent()).resolves.toBe(
        'A raffle with this address already exists. Choose another.',
      );
      await expectGoodState(page, 'console-create-refused');
      await shootPart(page.locator('#editor'), 'console-create-refused');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('creating a raffle: a taken address is refused beside its field; a new one opens as a draft, by keyboard, and is published after a question', async () => {
    const context = await organiserContext();
    try {
      const page = await context.newPage();
      const problems = watch(page);
      const dialogs = answerDialogs(page, [false, true]);
      const sent: unknown[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === '/raffle/raffles') sent.push(req.postDataJSON());
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.locator('#raffles-body tr').first().waitFor();
      // Keyboard only: the summary opens the form.
      await page.focus('#editor-summary');
      await page.keyboard.press('Enter');
      await expect(page.locator('#editor').getAttribute('open')).resolves.toBe('');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('raffleId');
      await page.keyboard.type('fair');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Autumn raffle');
      await page.keyboard.press('Tab');
      await page.keyboard.type('First line.\n\nSecond paragraph.');
      // The raffle's language, the page's own to start with.
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('raffle-language');
      await expect(page.locator('#raffle-language').inputValue()).resolves.toBe('en');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prize-1-name');
      await page.keyboard.type('Pumpkin');
      await page.fill('#closesAt', '2031-10-31T18:00');
      await page.focus('#save-raffle');
      await page.keyboard.press('Enter');
      await page.locator('#raffleId-error:not([hidden])').waitFor();
      // In words, never the API's own sentence.
      await expect(page.locator('#raffleId-error').textContent()).resolves.toBe(
        'A raffle with this address already exists. Choose another.',
      );
      await expect(page.locator('#raffleId').getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('raffleId');
      await expectFits(page, 'console-create-refused');

      await page.fill('#raffleId', 'autumn');
      await page.click('#save-raffle');
      await page.waitForURL(/\/raffle\/draw\.html\?raffle=autumn$/);
      expect(sent).toHaveLength(2);
      // The time typed in the organiser's time zone, sent as an instant; a draft unless published at once.
      expect(sent[1]).toMatchObject({
        raffleId: 'autumn',
        title: 'Autumn raffle',
        description: 'First line.\n\nSecond paragraph.',
        prizes: [{ name: 'Pumpkin', winners: 1 }],
        closesAt: new Date('2031-10-31T18:00').toISOString(),
        status: 'draft',
      });
      await page.waitForFunction(() => document.querySelector('#raffle-meta .badge')?.textContent === 'Draft');
      await expect(page.locator('h1').textContent()).resolves.toBe('Autumn raffle');
      // A draft is not drawn: no draw form until it is published.
      await expect(page.locator('#draw-section').isHidden()).resolves.toBe(true);
      await expectGoodState(page, 'console-draft');

      // Publishing asks first: no, then yes.
      const publish = page.getByRole('button', { name: 'Publish' });
      await publish.click();
      await expect(statusOf(page, 'info')).resolves.toBe('Nothing was changed.');
      await publish.click();
      await expect(statusOf(page, 'success')).resolves.toBe('“Autumn raffle” is open now.');
      expect(dialogs).toEqual([expect.stringMatching(/^Publish “Autumn raffle”\?/), expect.stringMatching(/^Publish “Autumn raffle”\?/)]);
      await expect(page.locator('#raffle-meta .badge').textContent()).resolves.toBe('Open');
      await expect(page.locator('#draw-section').isVisible()).resolves.toBe(true);
      expect((await send(`${runtime.publicUrl}/raffle/raffles/autumn`)).status).toBe(200);
      await expect(page.locator('#status-actions button').allTextContents()).resolves.toEqual(['Close entries now', 'Archive']);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('an edit that entries forbid is refused beside its field, in words; an allowed one is saved; closing asks first; a reopening after the closing time names the closing time', async () => {
    const context = await organiserContext();
    try {
      const page = await openRaffle(context);
      const problems = watch(page);
      const dialogs = answerDialogs(page, [true, true]);
      const patches: unknown[] = [];
      page.on('request', (req) => {
        if (req.method() === 'PATCH') patches.push(req.postDataJSON());
      });
      await page.click('#editor-summary');
      await expect(page.locator('#editor-summary').textContent()).resolves.toBe('Edit this raffle');
      // People have entered: the first prize cannot be renamed.
      await page.fill('#prize-1-name', 'Hamper for four');
      await page.click('#save-raffle');
      await page.locator('#prizes-error:not([hidden])').waitFor();
      await expect(page.locator('#prizes-error').textContent()).resolves.toBe(
        'People have entered for these prizes: prizes can only be added after the last one now.',
      );
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prize-1-name');
      // Only what changed was sent.
      expect(patches).toEqual([{ prizes: [...FAIR_PRIZES.map((p, i) => (i === 0 ? { ...p, name: 'Hamper for four' } : p))] }]);

      // Put back, and a new prize after the last: allowed.
      await page.fill('#prize-1-name', 'Hamper for two');
      await page.click('#add-prize');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prize-4-name');
      await page.keyboard.type('Cake');
      await page.click('#save-raffle');
      await expect(statusOf(page, 'success')).resolves.toBe('Saved: Prizes.');
      await expect(page.locator('#prizes-error').isHidden()).resolves.toBe(true);
      await page.waitForFunction(() =>
        Array.from((document.getElementById('prize') as HTMLSelectElement).options).some((o) => o.value === 'Cake'),
      );
      FAIR_PRIZES.push({ name: 'Cake', winners: 1 });

      // Closing a raffle asks, then closes it; reopening is offered.
      await createRaffle(runtime, {
        raffleId: 'brief',
        title: 'Brief raffle',
        prizes: [{ name: 'Pen', winners: 1 }],
        closesAt: fromNow(runtime, HOUR_MS),
      });
      const brief = await openRaffle(context, 'brief');
      const briefDialogs = answerDialogs(brief, [true]);
      // Its language, which its public pages and emails speak: a select of the languages, sent alone.
      const briefPatches: unknown[] = [];
      brief.on('request', (req) => {
        if (req.method() === 'PATCH') briefPatches.push(req.postDataJSON());
      });
      await brief.click('#editor-summary');
      await expect(brief.locator('#raffle-language').inputValue()).resolves.toBe('en');
      await expect(brief.locator('#raffle-language option').allTextContents()).resolves.toEqual(['English', 'Deutsch']);
      await brief.selectOption('#raffle-language', 'de');
      await brief.click('#save-raffle');
      await expect(statusOf(brief, 'success')).resolves.toBe('Saved: Language.');
      expect(briefPatches).toEqual([{ language: 'de' }]);
      expect((await send(`${runtime.publicUrl}/raffle/raffles/brief`)).json<{ language: string }>().language).toBe('de');
      await brief.click('#editor-summary');
      await brief.getByRole('button', { name: 'Close entries now' }).click();
      await expect(statusIs(brief, '“Brief raffle” is closed now.')).resolves.toBe('success');
      expect(briefDialogs).toEqual([expect.stringMatching(/^Close entries to “Brief raffle” now\?/)]);
      // Its closing time passes (the server's clock moves on): reopening is refused beside the closing time.
      clock.advance(2 * HOUR_MS);
      await brief.getByRole('button', { name: 'Reopen entries' }).click();
      await brief.locator('#closesAt-error:not([hidden])').waitFor();
      await expect(brief.locator('#closesAt-error').textContent()).resolves.toBe(
        'Set a closing time after the opening time and still ahead, to take entries.',
      );
      await expect(brief.locator('#editor').getAttribute('open')).resolves.toBe('');
      await expect(statusOf(brief, 'error')).resolves.toMatch(/^Reopen entries: not done\./);
      await expectGoodState(brief, 'console-reopen-refused');
      expect(problems).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: a raffle’s registrations', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the counts, and a chart of confirmations per hour with a title, a description and the same figures as a table',
    async (width) => {
      // Someone registered in "fair" and not confirmed yet: waiting.
      expect(
        (
          await send(`${runtime.publicUrl}/raffle/raffles/fair/apply`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: `waiting-${width}@example.com`, name: 'Wait Ing', phone: phoneOf(20 + (width % 7)) }),
          })
        ).status,
      ).toBe(202);
      const context = await organiserContext({ viewport: { width, height: 900 }, isMobile: width === WIDTHS.phone });
      try {
        const page = await openRaffle(context, 'crowd');
        const problems = watch(page);
        await expect(page.locator('#count').textContent()).resolves.toBe(`${CROWD} confirmed entrants`);
        await expect(page.locator('#raffle-meta').textContent()).resolves.toMatch(
          /^Open Entries close .+: \d+ days( and \d+ hours?)? left\.$/,
        );
        const chart = page.locator('#chart svg');
        await expect(chart.getAttribute('role')).resolves.toBe('img');
        await expect(page.locator('#chart-title').textContent()).resolves.toBe('Confirmed registrations per hour');
        await expect(page.locator('#chart-desc').textContent()).resolves.toMatch(
          new RegExp(`^${CROWD} confirmed registrations from .+ to .+; the most in one hour: ${CROWD / CROWD_HOURS}, `),
        );
        await expect(chart.locator('rect.chart-bar').count()).resolves.toBe(CROWD_HOURS);
        // The table has the same figures (hidden until opened; its rows are there for a screen reader's table view).
        await page.click('#chart-details summary');
        const cells = await page.locator('#chart-body td.number').allTextContents();
        expect(cells).toEqual(Array.from({ length: CROWD_HOURS }, () => String(CROWD / CROWD_HOURS)));
        await expectGoodState(page, 'console-raffle');
        await shootPart(page.locator('#overview'), 'console-overview');
        await shootPart(page.locator('#registrations'), 'console-registrations');

        const fairPage = await openRaffle(context, 'fair');
        await expect(fairPage.locator('#count').textContent()).resolves.toMatch(
          /^\d+ confirmed entrants · [12] waiting for their email to be confirmed$/,
        );
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  test('counts the table was too busy to give at first (503 service_busy, then the gateway\'s bare 500) are asked for again, not left "not available"', async () => {
    const context = await organiserContext();
    try {
      const page = await context.newPage();
      const answers: number[] = [];
      await page.route('**/raffle/raffles/fair/stats', async (route) => {
        answers.push(answers.length);
        if (answers.length === 1)
          await route.fulfill({
            status: 503,
            headers: { 'retry-after': '2' },
            json: { error: { code: 'service_busy', message: 'Busy.' } },
          });
        else if (answers.length === 2) await route.fulfill({ status: 500, json: { message: 'Internal Server Error' } });
        else await route.continue();
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=fair`);
      await consoleLoaded(page);
      await expect(page.locator('#count').textContent()).resolves.toMatch(/^\d+ confirmed entrants/);
      expect(answers).toHaveLength(3);
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: the entrant list', () => {
  test('lists entrants a page at a time (Next and Previous over the cursor), and a search by address prefix narrows it, by keyboard', async () => {
    const everyone = (await adminGet<{ entrants: { email: string }[] }>(`/raffle/raffles/crowd/entrants?limit=${LIMITS.entrantsPage.max}`))
      .entrants;
    expect(everyone).toHaveLength(CROWD);
    const pageSize = LIMITS.entrantsPage.default;
    expect(everyone.length).toBeGreaterThan(pageSize);

    const context = await organiserContext();
    try {
      const page = await openRaffle(context, 'crowd');
      const problems = watch(page);
      const listRequests: string[] = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname === '/raffle/raffles/crowd/entrants') listRequests.push(url.search);
      });
      const first = await rowAddresses(page);
      expect(first).toEqual(everyone.slice(0, pageSize).map((e) => e.email));
      await expect(page.locator('#entrants-summary').textContent()).resolves.toBe(`${pageSize} entrants on page 1.`);
      await expect(page.locator('#prev-page').isDisabled()).resolves.toBe(true);
      await expect(page.locator('#next-page').isDisabled()).resolves.toBe(false);
      // Every column: the entrant (name, address, phone grouped for reading), the entry time, won.
      const seed = page.locator('#entrants-body tr', { has: page.locator('.address', { hasText: /^seed1@example\.com$/ }) });
      await expect(seed.locator('.name').textContent()).resolves.toBe('Seed 1');
      await expect(seed.locator('.phone').textContent()).resolves.toBe('+1 415 555 1001');
      await expect(seed.locator('td.entered').textContent()).resolves.toMatch(/\d/);
      await expect(seed.locator('td.won').textContent()).resolves.toBe('No');
      // Erasing is behind the row's "More", not a red button on every row.
      await expect(page.locator('#entrants-body .erase-button:visible').count()).resolves.toBe(0);
      await expectGoodState(page, 'console-entrants');

      await page.click('#next-page');
      await page.waitForFunction(() => document.getElementById('page-label')?.textContent === 'Page 2');
      const second = await rowAddresses(page);
      expect(second).toEqual(everyone.slice(pageSize).map((e) => e.email));
      await expect(page.locator('#next-page').isDisabled()).resolves.toBe(true);
      await expect(page.locator('#prev-page').isDisabled()).resolves.toBe(false);
      // The pager button the organiser pressed went disabled: the focus stays on the pager, not lost.
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prev-page');

      await page.click('#prev-page');
      await page.waitForFunction(() => document.getElementById('page-label')?.textContent === 'Page 1');
      await expect(rowAddresses(page)).resolves.toEqual(first);
      expect(new Set([...first, ...second]).size).toBe(everyone.length);
      // The second page was asked for with the cursor the first returned; back to page 1 without one.
      expect(listRequests).toEqual([expect.stringMatching(/^\?cursor=[A-Za-z0-9_-]+$/), '']);

      // Keyboard only: from the top of a fresh page, Tab to the search box, type, Enter.
      await page.reload();
      await consoleLoaded(page);
      for (let i = 0; i < 60 && (await page.evaluate(() => document.activeElement?.id)) !== 'prefix'; i++) await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prefix');
      // The focus is visible.
      await expect(page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).resolves.toBe('solid');
      await page.keyboard.type('Seed1');
      await page.keyboard.press('Enter');
      const expected = (await adminGet<{ entrants: { email: string }[] }>('/raffle/raffles/crowd/entrants?prefix=seed1')).entrants.map(
        (e) => e.email,
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(CROWD);
      await page.waitForFunction((n) => document.querySelectorAll('#entrants-body tr').length === n, expected.length);
      await expect(rowAddresses(page)).resolves.toEqual(expected);
      await expect(page.locator('#entrants-summary').textContent()).resolves.toMatch(/whose address starts with “Seed1” on page 1\.$/);
      expect(listRequests[listRequests.length - 1]).toBe('?prefix=Seed1');

      await page.fill('#prefix', 'nobody-by-this-name');
      await page.press('#prefix', 'Enter');
      await page.waitForFunction(() => document.getElementById('entrants-summary')?.textContent?.startsWith('No entrants'));
      await expect(page.locator('#entrants-body tr').count()).resolves.toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('erasure asks first, naming the address: dismissing erases nothing; accepting erases that one entrant and the count drops by one', async () => {
    const before = await publicCount(runtime, 'fair');
    const context = await organiserContext();
    try {
      const page = await openRaffle(context);
      const problems = watch(page);
      const dialogs = answerDialogs(page, [false, true]);
      const deletes: string[] = [];
      page.on('request', (req) => {
        if (req.method() === 'DELETE') deletes.push(new URL(req.url()).pathname);
      });
      await page.fill('#prefix', 'to-erase');
      await page.click('#search-button');
      await page.waitForFunction(() => document.querySelectorAll('#entrants-body tr').length === 1);
      const erase = page.getByRole('button', { name: `Erase ${TO_ERASE.email}` });
      await page.locator('#entrants-body .row-more summary').click();

      await erase.click();
      await expect(statusOf(page, 'info')).resolves.toBe('Nothing was erased.');
      expect(dialogs).toEqual([expect.stringContaining(`Erase ${TO_ERASE.email} (${TO_ERASE.name})?`)]);
      expect(deletes).toEqual([]);
      expect(await publicCount(runtime, 'fair')).toBe(before);
      await expect(rowAddresses(page)).resolves.toEqual([TO_ERASE.email]);

      await erase.click();
      await expect(statusOf(page, 'success')).resolves.toBe(`${TO_ERASE.email} was erased.`);
      expect(dialogs).toHaveLength(2);
      expect(deletes).toEqual(['/raffle/raffles/fair/entrants/to-erase%40example.com']);
      await page.waitForFunction(
        (n) => new RegExp(`^${n} confirmed entrants`).test(document.getElementById('count')?.textContent ?? ''),
        before - 1,
      );
      await page.waitForFunction(
        () => document.getElementById('entrants-summary')?.textContent === 'No entrants whose address starts with “to-erase”.',
      );
      expect(await publicCount(runtime, 'fair')).toBe(before - 1);
      // The row is gone: the keyboard is at the list it was in, not on <body>.
      await page.waitForFunction(() => document.activeElement?.id === 'entrants-heading');
      await expectGoodState(page, 'console-erased');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the export link downloads every entrant of the raffle as CSV, formulas neutralised', async () => {
    const context = await organiserContext();
    try {
      const page = await openRaffle(context);
      await expect(page.locator('#export-link').getAttribute('href')).resolves.toBe('/raffle/raffles/fair/entrants.csv');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-link')]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('email,name,phone,entered_at,won,won_draw_id,won_at,voided_at');
      const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.email).sort()).toEqual(PEOPLE.map((p) => p.email).sort());
      const byEmail = new Map(rows.map((r) => [r.email, r]));
      expect(byEmail.get('eve@example.com')).toMatchObject({ name: `'${HOSTILE_FORMULA}`, phone: phoneOf(4), won: 'false' });
      expect(byEmail.get('mallory@example.com')?.name).toBe(HOSTILE_HTML);
    } finally {
      await context.close();
    }
  });
});

describe('draw.html: draws, prizes, void and redraw', () => {
  test('a draw of one of the raffle’s prizes, by keyboard, asks first while entries are open and shows each winner with email, name and phone; the history groups draws by prize', async () => {
    const context = await organiserContext();
    try {
      const page = await openRaffle(context);
      const problems = watch(page);
      const dialogs = answerDialogs(page, [true, true, true]);
      const bodies: unknown[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname === '/raffle/raffles/fair/draw') bodies.push(req.postDataJSON());
      });
      // The prizes of the raffle, each with its number of winners; the first chosen, with its number.
      await expect(page.locator('#prize option').allTextContents()).resolves.toEqual(
        FAIR_PRIZES.map((p) => `${p.name} (${p.winners} winner${p.winners === 1 ? '' : 's'})`),
      );
      await expect(page.locator('#winners').inputValue()).resolves.toBe('2');
      // The raffle offers verifiable draws and the deployment has them: offered.
      await expect(page.locator('#verifiable-field').isVisible()).resolves.toBe(true);

      // Keyboard only: the prize, Tab to the number, Tab to the button, Enter.
      await page.focus('#prize');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('winners');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('2');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('draw-button');
      await page.keyboard.press('Enter');
      await expect(statusOf(page, 'success')).resolves.toBe('2 winners drawn.');
      expect(dialogs).toEqual([expect.stringMatching(/^Entries are open until .*Draw now anyway\?$/s)]);
      // The keyboard is at the winners.
      await expect(focused(page)).resolves.toBe('result-heading');
      expect(bodies).toEqual([
        { prize: 'Hamper for two', winners: 2 },
        { prize: 'Hamper for two', winners: 2, early: true },
      ]);
      await expect(page.locator('#result-summary').textContent()).resolves.toMatch(/^Prize: Hamper for two · 2 winners · /);

      const winners = page.locator('#winners-list li.winner');
      await expect(winners.count()).resolves.toBe(2);
      for (let i = 0; i < 2; i++) {
        const w = winners.nth(i);
        const email = (await w.locator('a.email').textContent()) ?? '';
        const person = PEOPLE.find((p) => p.email === email);
        expect(person).toBeDefined();
        await expect(w.locator('.name').textContent()).resolves.toBe(person!.name);
        await expect(w.locator('a.email').getAttribute('href')).resolves.toBe(`mailto:${person!.email}`);
        await expect(w.locator('a.phone').textContent()).resolves.toBe(readable(person!.phone));
        await expect(w.locator('a.phone').getAttribute('href')).resolves.toBe(`tel:${person!.phone}`);
        await expect(w.getByRole('button', { name: `Void and redraw: ${person!.name}` }).count()).resolves.toBe(1);
      }
      await expectGoodState(page, 'console-drawn');

      // Two more prizes: choosing one sets its number of winners.
      await page.selectOption('#prize', 'Bicycle');
      await expect(page.locator('#winners').inputValue()).resolves.toBe('1');
      await page.click('#draw-button');
      await page.waitForFunction(() => document.querySelectorAll('#history .draw').length === 2);
      await page.selectOption('#prize', 'Tea set');
      await page.click('#draw-button');
      await page.waitForFunction(() => document.querySelectorAll('#history .draw').length === 3);
      expect(bodies.filter((b) => !(b as { early?: boolean }).early)).toEqual([
        { prize: 'Hamper for two', winners: 2 },
        { prize: 'Bicycle', winners: 1 },
        { prize: 'Tea set', winners: 1 },
      ]);

      // Newest group first.
      await expect(page.locator('#history .prize-heading').allTextContents()).resolves.toEqual(['Tea set', 'Bicycle', 'Hamper for two']);
      const groupDraws = (heading: string) =>
        page.locator('#history .prize-group', { has: page.locator('.prize-heading', { hasText: heading }) }).locator('.draw');
      await expect(groupDraws('Hamper for two').locator('.winner').count()).resolves.toBe(2);
      await expect(groupDraws('Bicycle').locator('.winner').count()).resolves.toBe(1);
      // Its method in words people know, and its time the one the results page shows (happenedAt), labelled "drawn".
      const bicycle = (await adminGet<{ draws: { prize: string; happenedAt: string }[] }>('/raffle/raffles/fair/draws')).draws.find(
        (d) => d.prize === 'Bicycle',
      )!;
      const drawnAt = await page.evaluate(
        (iso) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)),
        bicycle.happenedAt,
      );
      await expect(groupDraws('Bicycle').locator('.meta').textContent()).resolves.toMatch(
        new RegExp(`^Draw [0-9a-f]{8} · Prize: Bicycle · 1 winner · \\d+ entrants · drawn ${drawnAt} · Random draw$`),
      );

      // The entrant list says who won, in which draw.
      const hamper = (await apiDraws()).find((d) => d.prize === 'Hamper for two')!;
      await page.fill('#prefix', hamper.winners[0].email!);
      await page.click('#search-button');
      await page.waitForFunction(() => document.querySelectorAll('#entrants-body tr').length === 1);
      await expect(page.locator('#entrants-body td.won').textContent()).resolves.toBe(`Yes, draw ${hamper.drawId.slice(0, 8)}`);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('void and redraw asks for a reason, voids that winner and shows the replacement; a second void of the same winner shows the API error', async () => {
    const hamper = (await apiDraws()).find((d) => d.prize === 'Hamper for two')!;
    const voided = hamper.winners[0];
    const context = await organiserContext();
    try {
      const page = await openRaffle(context);
      // A second tab, opened before the void: its button is stale.
      const stale = await openRaffle(context);
      const problems = watch(page);
      const dialogs = answerDialogs(page, [false, '   ', REASON]);
      const voids: { path: string; key: string; body: unknown }[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname.endsWith('/void')) {
          voids.push({ path: new URL(req.url()).pathname, key: req.headers()['idempotency-key'] ?? '', body: req.postDataJSON() });
        }
      });
      const hamperDraw = page.locator(`#history .draw[data-draw-id="${hamper.drawId}"]`);
      const voidButton = hamperDraw.getByRole('button', { name: `Void and redraw: ${voided.name!}` });

      await voidButton.click();
      await expect(statusOf(page, 'info')).resolves.toBe('Nothing was voided.');
      expect(dialogs[0]).toContain(`Void the win of ${voided.name!} <${voided.email!}> in draw ${hamper.drawId.slice(0, 8)}`);
      expect(dialogs[0]).toContain(`at most ${LIMITS.voidReasonLength} characters`);
      await voidButton.click();
      await expect(statusOf(page, 'error')).resolves.toBe('A reason is required to void a win: nothing was voided.');
      await expect(page.locator('#status').getAttribute('role')).resolves.toBe('alert');
      expect(voids).toEqual([]);

      await voidButton.click();
      await expect(statusOf(page, 'success')).resolves.toMatch(/ is void\. Replacement drawn: /);
      expect(voids).toEqual([
        {
          path: `/raffle/raffles/fair/draws/${hamper.drawId}/void`,
          key: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
          body: { ticket: voided.ticket, reason: REASON },
        },
      ]);
      // The keyboard is at the replacement.
      await page.waitForFunction(() => document.activeElement?.id === 'result-heading');
      await expect(page.locator('#result-heading').textContent()).resolves.toBe('Replacement winner');
      await expect(page.locator('#result-summary').textContent()).resolves.toMatch(
        new RegExp(`^Replaces a voided winner of draw ${hamper.drawId.slice(0, 8)} \\(drawn .+\\) · Prize: Hamper for two · 1 winner`),
      );
      await expect(page.locator('#winners-list li.winner').getAttribute('data-status')).resolves.toBe('won');

      // The history: the voided winner marked void, with the reason; the replacement in the hamper's group, saying what it replaces.
      await page.waitForFunction(
        (id) => document.querySelector(`#history .draw[data-draw-id="${id}"] .winner[data-status="void"]`) !== null,
        hamper.drawId,
      );
      const voidedItem = hamperDraw.locator('.winner[data-status="void"]');
      await expect(voidedItem.locator('.name').textContent()).resolves.toBe(voided.name);
      await expect(voidedItem.locator('.badge').textContent()).resolves.toBe('void');
      await expect(voidedItem.locator('.void-note').textContent()).resolves.toMatch(
        new RegExp(`^Void: ${REASON} · .+ · replaced in draw [0-9a-f]{8}$`),
      );
      await expect(voidedItem.getByRole('button').count()).resolves.toBe(0);
      const hamperGroup = page.locator('#history .prize-group', { has: page.locator('.prize-heading', { hasText: 'Hamper for two' }) });
      await expect(hamperGroup.locator('.draw').count()).resolves.toBe(2);
      await expect(hamperGroup.locator('.draw').first().locator('.replaces').textContent()).resolves.toMatch(
        new RegExp(`^Replaces a voided winner of draw ${hamper.drawId.slice(0, 8)} \\(drawn .+\\)$`),
      );
      await expect(page.locator('#history .prize-heading').first().textContent()).resolves.toBe('Hamper for two');

      // The stale tab tries the same void: the API's code and message reach its alert region.
      answerDialogs(stale, ['Another reason']);
      await stale
        .locator(`#history .draw[data-draw-id="${hamper.drawId}"]`)
        .getByRole('button', { name: `Void and redraw: ${voided.name!}` })
        .click();
      // In words (never the server's sentence), and the keyboard is at the message.
      await expect(statusOf(stale, 'error')).resolves.toBe('The void failed: That win was already voided.');
      await expect(stale.locator('#status').getAttribute('role')).resolves.toBe('alert');
      await expect(focused(stale)).resolves.toBe('status');
      await expectGoodState(stale, 'console-error');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('hostile names, results.html and erased winners', () => {
  test('names are text on both pages: markup and formulas show as typed, nothing runs', async () => {
    // Every registered person has won by now (2 + 1 + 1 + the replacement), the two hostile names among them.
    const winners = (await apiDraws()).flatMap((d) => d.winners.map((w) => w.name));
    expect(winners).toEqual(expect.arrayContaining([HOSTILE_HTML, HOSTILE_FORMULA]));
    const organiser = await organiserContext();
    const visitor = await browser.newContext();
    try {
      const page = await openRaffle(organiser);
      const problems = watch(page);
      await page.locator('#history .draw').first().waitFor();
      await expect(page.locator('#history .name').allTextContents()).resolves.toEqual(
        expect.arrayContaining([HOSTILE_HTML, HOSTILE_FORMULA]),
      );
      await page.fill('#prefix', 'mallory');
      await page.press('#prefix', 'Enter');
      await page.waitForFunction(() => document.querySelectorAll('#entrants-body tr').length === 1);
      await expect(page.locator('#entrants-body .name').textContent()).resolves.toBe(HOSTILE_HTML);
      await expect(page.locator('img').count()).resolves.toBe(0);
      await expect(page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
      expect(problems).toEqual([]);

      const results = await visitor.newPage();
      const resultsProblems = watch(results);
      await results.goto(`${runtime.publicUrl}/results.html?raffle=fair`);
      await results.locator('#results .draw').first().waitFor();
      const shown = await results.locator('#results .name').allTextContents();
      expect(shown).toEqual(expect.arrayContaining([maskedName(HOSTILE_HTML), maskedName(HOSTILE_FORMULA)]));
      await expect(results.locator('img').count()).resolves.toBe(0);
      await expect(results.evaluate(() => (window as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
      expect(resultsProblems).toEqual([]);
    } finally {
      await organiser.close();
      await visitor.close();
    }
  });

  test('results.html shows each completed draw of the raffle by prize, winners masked, voids and replacements as such, and never an address or a phone', async () => {
    const draws = await apiDraws();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems = watch(page);
      const answer = page.waitForResponse((res) => new URL(res.url()).pathname === '/raffle/raffles/fair/results');
      await page.goto(`${runtime.publicUrl}/results.html?raffle=fair`);
      const body = await (await answer).text();
      await page.locator('#results .draw').first().waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe('Results: Spring fair raffle');
      await expect(page.locator('#results .prize-heading').allTextContents()).resolves.toEqual(['Hamper for two', 'Tea set', 'Bicycle']);
      await expect(page.locator('#results .draw').count()).resolves.toBe(draws.length);
      const hamperGroup = page.locator('#results .prize-group', { has: page.locator('.prize-heading', { hasText: 'Hamper for two' }) });
      // (The results page's own words are pages.e2e.test.ts's: here, that the replacement says what it replaces.)
      await expect(hamperGroup.locator('.draw').first().locator('.replaces').textContent()).resolves.toMatch(/ the draw of .+\.$/);
      const voidedWinner = hamperGroup.locator('.winner[data-status="void"]');
      await expect(voidedWinner.count()).resolves.toBe(1);
      await expect(voidedWinner.locator('.badge').textContent()).resolves.toMatch(/void|replaced/);
      const voidedName = draws.flatMap((d) => d.winners).find((w) => w.status === 'void')!.name!;
      await expect(voidedWinner.locator('.name').textContent()).resolves.toBe(maskedName(voidedName));

      // Each winner by masked name, e.g. "Ada L.".
      const shown = await page.locator('#results .name').allTextContents();
      expect(shown.sort()).toEqual(PEOPLE.map((p) => maskedName(p.name)).sort());
      await expect(page.locator('#how-shown').textContent()).resolves.toMatch(/first name and the initial of their last name/);
      await expect(page.locator('#freshness').textContent()).resolves.toContain(`within ${LIMITS.resultsMaxAgeSeconds} seconds`);
      // The raffle offers verifiable draws: how to check one is said.
      await expect(page.locator('#verify-help').count()).resolves.toBe(1);

      // Never an address or a phone number: not in the page, not in what the server sent.
      const text = await page.evaluate(() => document.body.innerText);
      // No run of digits that could be a phone number in what the page says (times are "6:11:48", counts short).
      expect(text).not.toMatch(/\+?\d[\d\s().-]{5,}\d/);
      for (const seen of [text, body, await page.content()]) {
        expect(seen).not.toContain('@');
        for (const p of PEOPLE) {
          expect(seen).not.toContain(p.phone);
          expect(seen).not.toContain(p.phone.slice(-7));
        }
      }
      expect(text).not.toContain(LONG_EMAIL.split('@')[0]);
      expect(body).not.toContain('grace.hopper');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('erasing a winner shows them as "(erased)", with nothing of them and no void; "Replace" fills their slot by its ticket, the history links the replacement; results.html says "(erased)"', async () => {
    // Any standing winner but the one with the long address, which the layout test wants in the history.
    const { draw, winner } = (await apiDraws())
      .flatMap((d) => d.winners.map((w) => ({ draw: d, winner: w })))
      .find((x) => x.winner.status === 'won' && x.winner.email !== LONG_EMAIL)!;
    // Someone who has not won yet, so the replacement finds a winner.
    await enter(runtime, 'fair', { email: 'late@example.com', name: 'Late Comer', phone: phoneOf(40) });
    const organiser = await organiserContext();
    const visitor = await browser.newContext();
    try {
      const page = await openRaffle(organiser);
      // A second tab, opened before the erasure: it still shows the winner, name and all.
      const stale = await openRaffle(organiser);
      const problems = watch(page);
      const dialogs = answerDialogs(page, [true, ERASED_REASON]);
      const voids: unknown[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && new URL(req.url()).pathname.endsWith('/void')) voids.push(req.postDataJSON());
      });
      await page.fill('#prefix', winner.email!);
      await page.press('#prefix', 'Enter');
      await page.waitForFunction(() => document.querySelectorAll('#entrants-body tr').length === 1);
      await page.locator('#entrants-body .row-more summary').click();
      await page.getByRole('button', { name: `Erase ${winner.email!}` }).click();
      await expect(statusOf(page, 'success')).resolves.toBe(`${winner.email!} was erased.`);
      const erased = page.locator(`#history .draw[data-draw-id="${draw.drawId}"] .winner[data-status="erased"]`);
      await erased.waitFor();
      await expect(erased.locator('.name').textContent()).resolves.toBe('(erased)');
      await expect(erased.locator('.badge').textContent()).resolves.toBe('erased');
      await expect(erased.locator('a').count()).resolves.toBe(0);
      // No "Void and redraw" (which the API would refuse: the address names nobody now), but "Replace".
      await expect(erased.getByRole('button', { name: /^Void/ }).count()).resolves.toBe(0);
      const replace = erased.getByRole('button', { name: `Replace the erased winner (ticket ${winner.ticket})` });
      await expect(replace.count()).resolves.toBe(1);
      await expect(page.locator('#history').textContent()).resolves.not.toContain(winner.email!);
      await expect(page.locator('#history').textContent()).resolves.not.toContain(winner.phone!);
      await expect(page.locator('#history').textContent()).resolves.not.toContain(readable(winner.phone!));
      await expect(page.locator('#history').textContent()).resolves.not.toContain(winner.name!);

      await replace.click();
      await expect(statusIs(page, 'The erased winner’s place is void. Replacement drawn: Late Comer <late@example.com>.')).resolves.toBe(
        'success',
      );
      expect(dialogs[1]).toMatch(
        new RegExp(`^Replace the erased winner of draw ${draw.drawId.slice(0, 8)} \\(ticket ${winner.ticket}\\)\\?`),
      );
      expect(voids).toEqual([{ ticket: winner.ticket, reason: ERASED_REASON }]);
      await page.waitForFunction(() => document.activeElement?.id === 'result-heading');
      await expect(page.locator('#result-heading').textContent()).resolves.toBe('Replacement winner');
      await expect(page.locator('#winners-list .name').allTextContents()).resolves.toEqual(['Late Comer']);
      // The history: the slot stays erased (nothing of the person returns), links its replacement, offers nothing more.
      const replacement = (await apiDraws()).find(
        (d) => d.replaces?.drawId === draw.drawId && d.winners.some((w) => w.name === 'Late Comer'),
      )!;
      await page.waitForFunction((id) => document.querySelector(`#history .draw[data-draw-id="${id}"]`) !== null, replacement.drawId);
      await expect(erased.locator('.void-note').textContent()).resolves.toBe(`Replaced in draw ${replacement.drawId.slice(0, 8)}`);
      await expect(erased.locator('.void-note a').getAttribute('href')).resolves.toBe(`#draw-${replacement.drawId}`);
      await expect(erased.getByRole('button').count()).resolves.toBe(0);
      await expect(page.locator(`#history .draw[data-draw-id="${replacement.drawId}"] .replaces`).textContent()).resolves.toMatch(
        new RegExp(`^Replaces an erased winner of draw ${draw.drawId.slice(0, 8)} \\(drawn .+\\)$`),
      );
      // The reason given for an erased slot may name the person: it is not shown.
      await expect(page.locator('#history').textContent()).resolves.not.toContain(ERASED_REASON);
      // The link leads to the replacement draw.
      await erased.locator('.void-note a').click();
      await expect(focused(page)).resolves.toBe(`draw-${replacement.drawId}`);
      await expectGoodState(page, 'console-erased-replaced');
      expect(problems).toEqual([]);

      // The stale tab still shows the winner with "Void and redraw": it names the slot by its ticket, and the API
      // says it was replaced already, in words.
      answerDialogs(stale, ['Another reason']);
      await stale
        .locator(`#history .draw[data-draw-id="${draw.drawId}"]`)
        .getByRole('button', { name: `Void and redraw: ${winner.name!}` })
        .click();
      await expect(statusOf(stale, 'error')).resolves.toBe('The void failed: That win was already voided.');

      const results = await visitor.newPage();
      await results.goto(`${runtime.publicUrl}/results.html?raffle=fair`);
      const shown = results.locator(`#results .draw[data-draw-id="${draw.drawId}"] .winner[data-status="erased"]`);
      await shown.waitFor();
      await expect(shown.locator('.name').textContent()).resolves.toBe('(erased)');
      await expect(results.locator('#results .name').allTextContents()).resolves.not.toContain(maskedName(winner.name!));
    } finally {
      await organiser.close();
      await visitor.close();
    }
  });
});

describe('at 1000 and 390 px', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px, the raffle’s page (entrants and history), its results and its form never scroll sideways',
    async (width) => {
      const phone = width === WIDTHS.phone;
      const organiser = await organiserContext({ viewport: { width, height: 900 }, isMobile: phone });
      const visitor = await visitorContext(browser, width);
      try {
        const page = await openRaffle(organiser);
        await page.locator('#history .draw').first().waitFor();
        // The longest address is among the winners: it wraps.
        await expect(page.locator('#history a.email', { hasText: LONG_EMAIL }).count()).resolves.toBe(1);
        await expectGoodState(page, 'console-history');
        // The draw method in words, never the algorithm's name.
        await expect(page.locator('#history').textContent()).resolves.not.toMatch(/sampling|ranking/);
        await expect(page.locator('#history .meta').first().textContent()).resolves.toMatch(/ · Random draw$/);
        // The entrant table fits the screen: no column (Won, the row's actions) off to the side, the phone grouped.
        const table = page.locator('#entrants .table-wrap');
        const { scroll, client } = await table.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        expect(scroll).toBeLessThanOrEqual(client);
        await expect(page.locator('#entrants-body tr').first().locator('td.won').isVisible()).resolves.toBe(true);
        await expect(page.locator('#entrants-body .phone').first().textContent()).resolves.toMatch(/^\+1 \d{3} \d{3} \d{4}$/);
        // An address breaks before its @ or a dot, never inside a word: each of its lines ends at one of those.
        const lines = await page.locator('#entrants-body .address', { hasText: LONG_EMAIL }).evaluate((node) => {
          const range = document.createRange();
          const text = Array.from(node.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE);
          const tops = text.map((n) => {
            range.selectNodeContents(n);
            return Array.from(range.getClientRects()).map((r) => Math.round(r.top));
          });
          // A piece (between two break points) on more than one line was broken inside.
          return tops.filter((rects) => new Set(rects).size > 1).length;
        });
        expect(lines).toBe(0);
        // Erasing is behind "More", in the row.
        await expect(page.locator('#entrants-body .erase-button:visible').count()).resolves.toBe(0);
        await page.locator('#entrants-body .row-more summary').first().click();
        await expect(page.locator('#entrants-body .erase-button:visible').count()).resolves.toBe(1);
        const opened = await table.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        expect(opened.scroll).toBeLessThanOrEqual(opened.client);
        await expectGoodState(page, 'console-entrants-more');
        await shootPart(page.locator('#draw-section'), 'console-draw');
        // A refused edit, said beside its field.
        await page.click('#editor-summary');
        await page.fill('#prize-2-name', 'Tandem');
        await page.click('#save-raffle');
        await page.locator('#prizes-error:not([hidden])').waitFor();
        await expectGoodState(page, 'console-edit-refused');
        await shootPart(page.locator('#editor'), 'console-edit-refused');
        // The tables may scroll inside their boxes, which the keyboard can reach.
        await expect(page.locator('#entrants .table-wrap').getAttribute('tabindex')).resolves.toBe('0');

        const results = await visitor.newPage();
        await results.goto(`${runtime.publicUrl}/results.html?raffle=fair`);
        await results.locator('#results .draw').first().waitFor();
        await expectFits(results, 'results-drawn');

        const apply = await visitor.newPage();
        await apply.goto(`${runtime.publicUrl}/apply.html?raffle=fair`);
        await apply.waitForFunction(() => /people have entered/.test(document.getElementById('count')?.textContent ?? ''));
        await expect(apply.locator('footer a').getAttribute('href')).resolves.toBe('results.html?raffle=fair');
        await expectFits(apply, 'apply-fair');
      } finally {
        await organiser.close();
        await visitor.close();
      }
    },
  );
});

describe('draw.html in German', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px, a browser that prefers German gets every word in German; the switcher in the header takes it back to English, and keeps the choice',
    async (width) => {
      const context = await organiserContext({ locale: 'de-DE', viewport: { width, height: 900 }, isMobile: width === WIDTHS.phone });
      try {
        const list = await context.newPage();
        const problems = watch(list);
        await list.goto(`${runtime.adminUrl}/raffle/draw.html`);
        await list.locator('#raffles-body tr').first().waitFor();
        await expect(list.locator('html').getAttribute('lang')).resolves.toBe('de');
        await expect(list.title()).resolves.toBe('Verlosungen (Veranstalter)');
        await expect(list.locator('#raffles-body tr[data-raffle-id="fair"] td.raffle-status .badge').textContent()).resolves.toBe('Offen');
        // Every column on the screen, the counts too, in German's longer words.
        const wrap = list.locator('#raffles-wrap');
        const { scroll, client } = await wrap.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        expect(scroll).toBeLessThanOrEqual(client);
        await expectGoodState(list, 'console-list-de');

        const page = await context.newPage();
        await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=fair`);
        await page.waitForFunction(() => /^\d+ bestätigte Teilnahmen/.test(document.getElementById('count')?.textContent ?? ''));
        await page.waitForFunction(() => /Seite \d+\.$/.test(document.getElementById('entrants-summary')?.textContent ?? ''));
        await page.locator('#history .draw').first().waitFor();
        await expect(page.title()).resolves.toBe('Spring fair raffle (Veranstalter)');
        await expect(page.locator('#draw-heading').textContent()).resolves.toBe('Auslosung');
        await expect(page.locator('#draw-button').textContent()).resolves.toBe('Gewinner auslosen');
        await expect(page.locator('#history-heading').textContent()).resolves.toBe('Bisherige Auslosungen');
        await expect(page.locator('#history .meta').first().textContent()).resolves.toMatch(/^Auslosung [0-9a-f]{8} · Preis: /);
        await expect(page.locator('#language-switch').inputValue()).resolves.toBe('de');
        // The entrant table fits in German's longer words, a row's "Mehr" opened too.
        await page.locator('#entrants-body .row-more summary').first().click();
        const entrants = await page.locator('#entrants .table-wrap').evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
        expect(entrants.scroll).toBeLessThanOrEqual(entrants.client);
        // Nothing English is left in what the page says (names, prizes and addresses aside).
        const text = await page.evaluate(() => document.body.innerText);
        expect(text).not.toMatch(/\b(Entrants|Draw winners|Past draws|Registrations|winners?|Prize:|Loading)\b/);
        await expectGoodState(page, 'console-raffle-de');

        // The switcher: English, kept in this browser.
        await Promise.all([page.waitForEvent('load'), page.selectOption('#language-switch', 'en')]);
        await page.waitForFunction(() => /^\d+ confirmed entrants/.test(document.getElementById('count')?.textContent ?? ''));
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
        await expect(page.evaluate(() => localStorage.getItem('raffle.language'))).resolves.toBe('en');
        await page.evaluate(() => localStorage.removeItem('raffle.language'));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('draw.html: a verifiable draw', () => {
  /** Waits for what the test's own listeners record (a response body is read a moment after the page has it). */
  const until = (condition: () => boolean): Promise<boolean> => eventually(condition, 'the recorded answers');
  /** The server's clock moved on to the round's time: the local beacon has it, and the next ask reveals. */
  const roundComes = (round: number): void => clock.advanceTo(roundTime(round) * 1000);
  const DRAW_PATH = '/raffle/raffles/proof/draw';

  interface Commitment {
    drawId: string;
    status: string;
    verifiable: { round: number; poolSize: number; chainHash: string; beacon?: { round: number } };
  }

  /** Every POST of a draw the tab sends (key and body) and every answer (status and body), across reloads. */
  function recordDraws(page: Page): { asked: { key: string; body: unknown }[]; answers: { status: number; body: Commitment }[] } {
    const asked: { key: string; body: unknown }[] = [];
    const answers: { status: number; body: Commitment }[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === DRAW_PATH) {
        asked.push({ key: req.headers()['idempotency-key'] ?? '', body: req.postDataJSON() });
      }
    });
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && new URL(res.url()).pathname === DRAW_PATH) {
        void res.json().then((body: Commitment) => answers.push({ status: res.status(), body }));
      }
    });
    return { asked, answers };
  }

  /** Those of "proof" who have not won yet: the pool of its next draw. */
  const eligible = async (): Promise<number> => {
    const won = new Set((await apiDraws('proof')).flatMap((d) => d.winners.map((w) => w.email)));
    return PROVERS.filter((p) => !won.has(p.email)).length;
  };

  test('offered only when the raffle offers it and config.js gives a beacon margin: otherwise neither the checkbox nor its hint shows', async () => {
    const context = await organiserContext();
    try {
      // A raffle without verifiable draws, in a deployment that has them.
      const crowd = await openRaffle(context, 'crowd');
      await expect(crowd.locator('#verifiable-field').isHidden()).resolves.toBe(true);
      await expect(crowd.getByRole('checkbox').count()).resolves.toBe(0);

      // What a deployment without verifiable draws serves: config.js with no beaconMarginSeconds.
      await context.route('**/raffle/config.js', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/javascript; charset=utf-8',
          body: renderSiteConfig({ abilities: { mail: true, verifiableDraws: false }, winnerMail: false }),
        }),
      );
      const page = await openRaffle(context, 'proof');
      const problems = watch(page);
      await expect(
        page.evaluate(() => 'beaconMarginSeconds' in (window as unknown as { RAFFLE_CONFIG: object }).RAFFLE_CONFIG),
      ).resolves.toBe(false);
      await expect(page.locator('#verifiable-field').isHidden()).resolves.toBe(true);
      await expect(page.locator('#draw-form').getByRole('checkbox').count()).resolves.toBe(0);
      await expect(page.locator('#verifiable-hint').isVisible()).resolves.toBe(false);
      // The form starts with the prize.
      await expect(page.locator('#draw-form select:visible, #draw-form input:visible').first().getAttribute('id')).resolves.toBe('prize');
      // The raffle form says what the deployment cannot switch on.
      await expect(page.locator('#verifiableDraws').isDisabled()).resolves.toBe(true);
      await expect(page.locator('#verifiableDraws-hint').textContent()).resolves.toMatch(/^This installation has no verifiable draws/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('ticked by keyboard, commits (202) and shows its round, asks again with the same key until the round decides, then shows the winner and "Verifiable" in the history; the public results carry the beacon', async () => {
    const pool = await eligible();
    const context = await organiserContext();
    try {
      const page = await openRaffle(context, 'proof');
      const problems = watch(page);
      const { asked, answers } = recordDraws(page);

      // The label and hint give the margin config.js gives (beaconMarginSeconds, 90 here), not a fixed 30.
      const margin = await page.evaluate(
        () => (window as unknown as { RAFFLE_CONFIG: { beaconMarginSeconds?: number } }).RAFFLE_CONFIG.beaconMarginSeconds,
      );
      expect(margin).toBe(MARGIN_SECONDS);
      // Keyboard only: Space ticks the box (labelled, with its hint), Tab to the prize, the number, the button.
      const box = page.getByRole('checkbox', {
        name: new RegExp(`^Verifiable draw \\(anyone can check the winners; takes about ${margin} seconds\\)$`),
      });
      await expect(box.getAttribute('aria-describedby')).resolves.toBe('verifiable-hint');
      await expect(page.locator('#verifiable-hint').textContent()).resolves.toBe(
        `The entrant list is fixed first; a public beacon round about ${margin} seconds later then picks the winners.`,
      );
      await box.focus();
      await page.keyboard.press('Space');
      await expect(box.isChecked()).resolves.toBe(true);
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('prize');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('winners');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('draw-button');
      await page.keyboard.press('Enter');

      // The commitment: its round and pool in the status, the button held while the page waits.
      const committedText = await statusOf(page, 'info');
      await until(() => answers.length > 0);
      const committed = answers.find((a) => a.status === 202)?.body;
      expect(committed).toMatchObject({ status: 'committed', verifiable: { poolSize: pool, chainHash: 'local' } });
      const round = committed!.verifiable.round;
      expect(committedText).toMatch(
        new RegExp(
          `^Committed: waiting for beacon round ${round} over ${pool} entrants… .*\\(local beacon: not publicly verifiable\\)\\.$`,
        ),
      );
      await expect(page.locator('#draw-button').isDisabled()).resolves.toBe(true);
      const item = page.locator(`#history .draw[data-draw-id="${committed!.drawId}"]`);
      // While it waits, the history says so (the round has not come: the server's clock is not there yet).
      await page.waitForFunction(
        (id) =>
          /Verifiable: .*round \d+/.test(
            document.querySelector(`#history .draw[data-draw-id="${id}"] .verifiable-note`)?.textContent ?? '',
          ),
        committed!.drawId,
      );
      expect(answers.every((a) => a.status === 202)).toBe(true);
      await expect(item.locator('.verifiable-note').textContent()).resolves.toBe(
        `Verifiable: local beacon (not publicly verifiable), waiting for round ${round} over ${pool} entrants`,
      );
      await expectGoodState(page, 'console-verifiable-committed');

      // The round comes (the server's clock moved on to it): the winner, with name, address and phone.
      roundComes(round);
      await expect(statusOf(page, 'success')).resolves.toBe(`1 winner drawn by beacon round ${round}.`);
      const winner = page.locator('#winners-list li.winner');
      await expect(winner.count()).resolves.toBe(1);
      const email = (await winner.locator('a.email').textContent()) ?? '';
      const person = PROVERS.find((p) => p.email === email);
      expect(person).toBeDefined();
      await expect(winner.locator('.name').textContent()).resolves.toBe(person!.name);
      await expect(winner.locator('a.phone').textContent()).resolves.toBe(readable(person!.phone));
      await expect(page.locator('#result-summary').textContent()).resolves.toMatch(
        new RegExp(
          `^Prize: Signed print · 1 winner · .* · Verifiable: local beacon \\(not publicly verifiable\\), round ${round} over ${pool} entrants$`,
        ),
      );
      await expect(page.locator('#draw-button').isDisabled()).resolves.toBe(false);
      await expect(page.locator('#draw-progress').isHidden()).resolves.toBe(true);

      // One draw, one key: every request the same, a 202 (or more) and then the 201.
      expect(asked.length).toBeGreaterThanOrEqual(2);
      expect(new Set(asked.map((a) => a.key)).size).toBe(1);
      for (const a of asked) expect(a.body).toEqual({ mode: 'verifiable', prize: 'Signed print', winners: 1 });
      await until(() => answers.length === asked.length);
      expect(answers.map((a) => a.status)).toEqual([...asked.slice(1).map(() => 202), 201]);

      // The history: the draw, its winner, and its round.
      await page.waitForFunction(
        (id) =>
          /^Verifiable: .*, round \d+ /.test(
            document.querySelector(`#history .draw[data-draw-id="${id}"] .verifiable-note`)?.textContent ?? '',
          ),
        committed!.drawId,
      );
      await expect(item.locator('.winner .name').allTextContents()).resolves.toEqual([person!.name]);
      await expectGoodState(page, 'console-verifiable-done');
      expect(problems).toEqual([]);

      // The public door: the draw with its beacon, the winner masked.
      const results = (await send(`${runtime.publicUrl}/raffle/raffles/proof/results`)).json<{
        draws: (Commitment & { winners: { name: string }[] })[];
      }>().draws;
      const shown = results.find((d) => d.drawId === committed!.drawId);
      expect(shown).toMatchObject({ status: 'complete', verifiable: { round, poolSize: pool, beacon: { round } } });
      expect(shown!.winners.map((w) => w.name)).toEqual([maskedName(person!.name)]);
    } finally {
      await context.close();
    }
  });

  test('a reload before the round abandons nothing: the key is kept, "Reveal" in the history (by keyboard) resumes the same request with the same key and shows the winner; a browser without the key gets no button', async () => {
    const context = await organiserContext();
    const elsewhere = await organiserContext();
    try {
      const page = await openRaffle(context, 'proof');
      const problems = watch(page);
      // Recorded across the reload: the listeners belong to the tab, not to one load of the page.
      const { asked, answers } = recordDraws(page);

      await page.locator('#verifiable').check();
      await page.selectOption('#prize', 'Reveal later');
      await page.locator('#draw-button').press('Enter');
      await expect(statusOf(page, 'info')).resolves.toMatch(/^Committed: waiting for beacon round \d+ /);
      await until(() => answers.length > 0);
      expect(answers[0]!.status).toBe(202);
      const { drawId, verifiable } = answers[0]!.body;
      const round = verifiable.round;
      const storeName = `raffle:verifiable:${drawId}`;
      // The page keeps the key and the request it committed with.
      const kept = JSON.parse((await page.evaluate((name) => localStorage.getItem(name), storeName)) ?? 'null') as {
        key: string;
        body: unknown;
      } | null;
      expect(kept).toEqual({ key: asked[0]!.key, body: { mode: 'verifiable', prize: 'Reveal later', winners: 1 } });

      // Reloaded at once, before the round: only the commitment was asked for.
      expect(asked).toHaveLength(1);
      await page.reload();
      await consoleLoaded(page);
      expect(asked).toHaveLength(1);

      // The history offers Reveal, and a line at the top says a draw is waiting, with its own button.
      const item = page.locator(`#history .draw[data-draw-id="${drawId}"]`);
      const reveal = item.getByRole('button', { name: `Reveal draw ${drawId.slice(0, 8)} (beacon round ${round})` });
      await reveal.waitFor();
      await expect(reveal.evaluate((b) => b.firstChild?.textContent)).resolves.toBe('Reveal');
      await expectGoodState(page, 'console-verifiable-waiting');
      await expect(page.locator('#waiting .waiting-intro').textContent()).resolves.toBe(
        'A verifiable draw started in this browser is waiting to be revealed:',
      );
      await expect(page.locator('#waiting li .waiting-draw').allTextContents()).resolves.toEqual([
        `Draw ${drawId.slice(0, 8)} · Prize: Reveal later · beacon round ${round} `,
      ]);
      await expect(
        page
          .locator('#waiting')
          .getByRole('button', { name: /^Reveal draw / })
          .count(),
      ).resolves.toBe(1);

      // Another browser (no key kept) sees the commitment, a note instead of the button, no notice, and asks nothing.
      const other = await openRaffle(elsewhere, 'proof');
      const otherItem = other.locator(`#history .draw[data-draw-id="${drawId}"]`);
      await otherItem.locator('.reveal-note').waitFor();
      await expect(otherItem.locator('.reveal-note').textContent()).resolves.toBe(
        'Started in another browser: reveal it from there, or repeat the request with its Idempotency-Key.',
      );
      await expect(otherItem.getByRole('button').count()).resolves.toBe(0);
      await expect(other.locator('#waiting').isHidden()).resolves.toBe(true);
      expect(asked).toHaveLength(1);

      // Reveal, by keyboard: the very request and key, until the round decides; the winner shows, focus on them.
      await reveal.focus();
      await page.keyboard.press('Enter');
      roundComes(round);
      await expect(statusOf(page, 'success')).resolves.toBe(`1 winner drawn by beacon round ${round}.`);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('result-heading');
      const email = (await page.locator('#winners-list li.winner a.email').allTextContents()).join();
      expect(PROVERS.map((p) => p.email)).toContain(email);
      expect(new Set(asked.map((a) => a.key))).toEqual(new Set([kept!.key]));
      for (const a of asked) expect(a.body).toEqual({ mode: 'verifiable', prize: 'Reveal later', winners: 1 });
      await until(() => answers.length === asked.length);
      expect(answers.map((a) => a.status)).toEqual([202, ...asked.slice(2).map(() => 202), 201]);

      // Settled: the key is forgotten, the notice and the button are gone, the history shows the winner and the round.
      await expect(page.evaluate((name) => localStorage.getItem(name), storeName)).resolves.toBeNull();
      await page.waitForFunction(
        (id) => /, round \d+ /.test(document.querySelector(`#history .draw[data-draw-id="${id}"] .verifiable-note`)?.textContent ?? ''),
        drawId,
      );
      await expect(item.getByRole('button', { name: /^Reveal/ }).count()).resolves.toBe(0);
      await expect(page.locator('#waiting').isHidden()).resolves.toBe(true);
      await expect(item.locator('.winner a.email').allTextContents()).resolves.toEqual([email]);
      expect(problems).toEqual([]);
    } finally {
      await elsewhere.close();
      await context.close();
    }
  });

  test('a large raffle: a first answer "freezing" shows the list being frozen and keeps the key; the commitment follows; after the round, "pending" shows the winners being drawn, then the winner', async () => {
    const context = await organiserContext();
    try {
      const page = await openRaffle(context, 'proof');
      const problems = watch(page);
      const { asked } = recordDraws(page);
      // The answers are made what a pool over the inline limit gets: first the draw recorded, its list not
      // yet frozen; after the round, the beacon verified and the winners not yet claimed. (The server
      // does each step here; the page learns of it on its next ask, as it would.)
      const rewrites: string[] = [];
      await page.route(`**${DRAW_PATH}`, async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as { status: string; verifiable: Record<string, unknown> | null };
        if (rewrites.length === 0) {
          rewrites.push('freezing');
          return route.fulfill({ response, json: { ...body, status: 'freezing', verifiable: null } });
        }
        if (response.status() === 201) {
          rewrites.push('pending');
          return route.fulfill({ response, status: 202, json: { ...body, status: 'pending', winners: [], winnerCount: 0 } });
        }
        return route.fulfill({ response });
      });

      await page.locator('#verifiable').check();
      await page.selectOption('#prize', 'Frozen later');
      await page.locator('#draw-button').click();
      await page.waitForFunction(() => /^Freezing the list of entrants/.test(document.getElementById('draw-progress')?.textContent ?? ''));
      await expect(page.locator('#draw-button').textContent()).resolves.toBe('Freezing the list…');
      const key = asked[0]!.key;
      const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('raffle:verifiable:')));
      const kept = await page.evaluate((names) => names.map((n) => JSON.parse(localStorage.getItem(n) ?? 'null')?.key), stored);
      expect(kept).toContain(key);

      const committedText = await statusOf(page, 'info');
      expect(committedText).toMatch(/^Committed: waiting for beacon round \d+ over \d+ entrants… /);
      // The round comes (the server's clock moved on to it): the server reveals, its answer made "pending".
      roundComes(Number(/beacon round (\d+)/.exec(committedText)![1]));
      await page.waitForFunction(() =>
        /^Round \d+ is out: drawing the winners in rank order/.test(document.getElementById('draw-progress')?.textContent ?? ''),
      );
      await expect(page.locator('#draw-button').textContent()).resolves.toBe('Drawing the winners…');
      await expect(statusOf(page, 'success')).resolves.toMatch(/^1 winner drawn by beacon round \d+\.$/);
      expect(rewrites).toEqual(['freezing', 'pending']);
      expect(new Set(asked.map((a) => a.key))).toEqual(new Set([key]));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('the local outbox', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the site’s styles, every email wrapped to the screen, the newest first, and a filter by address',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        // The page local/outbox.ts renders, under the policy it names, on the public door (the style sheets are the site's own).
        await page.route(`${runtime.publicUrl}/__outbox**`, (route) =>
          route.fulfill({
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': OUTBOX_CSP },
            body: renderOutboxPage(runtime.outboxDir, readOutbox(runtime.outboxDir), new URL(route.request().url()).search.slice(1)),
          }),
        );
        await page.goto(`${runtime.publicUrl}/__outbox`);
        const all = readOutbox(runtime.outboxDir);
        expect(all.length).toBeGreaterThan(2);
        await expect(page.locator('.outbox-message').count()).resolves.toBe(all.length);
        await expect(page.locator('.outbox-message h2').first().textContent()).resolves.toBe(all[all.length - 1].subject);
        // Styled: the site's style sheet applies (the page's column and its cards).
        await expect(page.locator('main').evaluate((m) => getComputedStyle(m).maxWidth)).resolves.not.toBe('none');
        await expectGoodState(page, 'outbox');

        await page.fill('#to', 'ada@');
        await Promise.all([page.waitForURL(/\/__outbox\?to=ada%40$/), page.press('#to', 'Enter')]);
        const toAda = all.filter((m) => m.to.toLowerCase().includes('ada@'));
        expect(toAda.length).toBeGreaterThan(0);
        await expect(page.locator('.outbox-message').count()).resolves.toBe(toAda.length);
        await expect(page.locator('#outbox-count').textContent()).resolves.toMatch(/^\d+ emails? to “ada@”\. Show every email$/);
        await expectGoodState(page, 'outbox-filtered');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
