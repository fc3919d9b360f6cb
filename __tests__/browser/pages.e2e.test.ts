/**
 * The public pages in a real browser: Debian's Chromium driven by playwright-core, against the local
 * runtime (real handlers, DynamoDB Local, the mutual-TLS admin server) running config/dev.json as `npm
 * start` does (entries confirmed from their email where a raffle asks for it). The raffles are made
 * through the admin API, one per state a visitor can meet: open (confirmed by email, with rules; or
 * counted at once), opening later, closed, drawn, a draft nobody may see, and no raffle at all. Each
 * page is looked at 1000 and 390 px wide (expectFits writes the screenshots). The organiser's door is
 * organiser-door.e2e.test.ts. No skip: a missing Chromium fails.
 */
import * as fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
import type { RaffleView } from '../../model/api';
import { launchChromium, startAll } from '../support/browser';
import { confirmationLink } from '../support/outbox';
import { phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import {
  adminCall,
  answerDialogs,
  createRaffle,
  DAY_MS,
  enter,
  expectFits,
  fromNow,
  HOUR_MS,
  publicCount,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
} from './helpers';

const RULES = 'https://example.com/raffle-rules';
const PRIVACY = 'https://example.com/privacy';

let localDir: string;
let runtime: Runtime;
let browser: Browser;
/** The runtime's request log: what reached the servers, e.g. "POST /raffle/raffles/target/draw 403 3 ms". */
const requestLog: string[] = [];

/** Entries close at half past an hour, three days on: its time in Tokyo (UTC+9, no summer time) is known. */
const FAIR_CLOSES = new Date(Math.floor((Date.now() + 3 * DAY_MS) / HOUR_MS) * HOUR_MS + 30 * 60_000);
let fair: RaffleView;
let quick: RaffleView;

beforeAll(async () => {
  localDir = tmpDir('raffle-browser-');
  // Start both at once: Chromium's launch overlaps the runtime's start.
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig(), localDir, log: (line) => requestLog.push(line) }), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
  fair = await createRaffle(runtime, {
    raffleId: 'fair',
    title: 'Spring fair raffle',
    // Markup in the organiser's text is text, and a blank line starts a paragraph.
    description: 'In aid of the village hall roof. <b>not bold</b>\n\nWinners are told by email within a week.\nAsk at the desk.',
    prizes: [
      { name: 'Hamper for two', winners: 1 },
      { name: 'Garden voucher', winners: 3 },
    ],
    closesAt: FAIR_CLOSES.toISOString(),
    rulesUrl: RULES,
    privacyUrl: PRIVACY,
  });
  quick = await createRaffle(runtime, {
    raffleId: 'quick',
    title: 'Quick raffle',
    description: 'Entries count at once.',
    prizes: [{ name: 'Mug', winners: 2 }],
    closesAt: fromNow(runtime, 5 * HOUR_MS),
    confirmEntries: false,
  });
  await createRaffle(runtime, {
    raffleId: 'later',
    title: 'Summer concert raffle',
    prizes: [{ name: 'Two tickets', winners: 1 }],
    opensAt: fromNow(runtime, 2 * DAY_MS),
    closesAt: fromNow(runtime, 9 * DAY_MS),
  });
  await createRaffle(runtime, {
    raffleId: 'shut',
    title: 'Book club raffle',
    prizes: [{ name: 'Books', winners: 1 }],
    closesAt: fromNow(runtime, DAY_MS),
  });
  await setStatus(runtime, 'shut', 'closed');
  await createRaffle(runtime, {
    raffleId: 'done',
    title: 'Winter raffle',
    prizes: [{ name: 'Sledge', winners: 1 }],
    closesAt: fromNow(runtime, DAY_MS),
    confirmEntries: false,
  });
  await enter(runtime, 'done', { email: 'winnie@example.com', name: 'Winnie Winter', phone: phoneOf(100) });
  await setStatus(runtime, 'done', 'closed');
  expect((await adminCall(runtime, 'POST', '/raffle/raffles/done/draw', { prize: 'Sledge' })).status).toBe(201);
  await createRaffle(runtime, {
    raffleId: 'hidden',
    title: 'Draft raffle',
    prizes: [{ name: 'X', winners: 1 }],
    closesAt: fromNow(runtime, DAY_MS),
    status: 'draft',
  });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

const ids = (page: Page, list: string): Promise<(string | null)[]> =>
  page.locator(`#${list} > li`).evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.raffleId ?? null));

describe('index.html: the front door', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the open, upcoming and recently drawn raffles, each with its status and times, linking to its form or its results; no draft, nothing closed and undrawn',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/index.html`);
        await page.locator('#open-list li').first().waitFor();
        await expect(ids(page, 'open-list')).resolves.toEqual(expect.arrayContaining(['fair', 'quick']));
        await expect(ids(page, 'upcoming-list')).resolves.toEqual(['later']);
        await expect(ids(page, 'drawn-list')).resolves.toEqual(['done']);
        const everything = await page.locator('main').textContent();
        expect(everything).not.toContain('Draft raffle');
        expect(everything).not.toContain('Book club raffle');

        const item = (id: string) => page.locator(`li[data-raffle-id="${id}"]`);
        await expect(item('fair').locator('a').getAttribute('href')).resolves.toBe('apply.html?raffle=fair');
        await expect(item('fair').locator('a').textContent()).resolves.toBe(fair.title);
        await expect(item('fair').locator('.badge').textContent()).resolves.toBe('Open');
        await expect(item('fair').locator('.raffle-meta').textContent()).resolves.toMatch(
          /^Open Entries close .+: [23] days( and \d+ hours?)? left\.$/,
        );
        await expect(item('later').locator('.badge').textContent()).resolves.toBe('Opens soon');
        await expect(item('later').locator('.raffle-meta').textContent()).resolves.toMatch(
          /Entries open .+, in 1 day and \d+ hours?, and close /,
        );
        await expect(item('done').locator('a').getAttribute('href')).resolves.toBe('results.html?raffle=done');
        await expect(item('done').locator('.badge').textContent()).resolves.toBe('Drawn');
        await expect(page.locator('#zone-note').textContent()).resolves.toMatch(/^Times are in your time zone \(.+\)\.$/);
        await expectFits(page, 'index');

        // Keyboard only: Tab to the raffle's link, Enter opens its form.
        for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.textContent)) !== fair.title; i++) {
          await page.keyboard.press('Tab');
        }
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/apply\.html\?raffle=fair$/);
        await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, fair.title);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('apply.html', () => {
  let context: BrowserContext;
  afterEach(async () => context?.close());

  test('an open raffle: title, description as text paragraphs, prizes, the closing time in the visitor’s time zone with the time left, the rules to accept; "check your email", and the emailed link confirms only on its button and links back', async () => {
    // A visitor in Tokyo (UTC+9 all year), on a phone.
    context = await visitorContext(browser, WIDTHS.phone, { timezoneId: 'Asia/Tokyo', locale: 'en-GB' });
    const page = await context.newPage();
    const problems = watch(page);
    const dialogs = answerDialogs(page, []);
    await page.goto(`${runtime.publicUrl}/apply.html?raffle=fair`);
    await page.locator('#entry:not([hidden])').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe(fair.title);
    await expect(page.locator('#description p').allTextContents()).resolves.toEqual([
      'In aid of the village hall roof. <b>not bold</b>',
      'Winners are told by email within a week.Ask at the desk.',
    ]);
    await expect(page.locator('#description b').count()).resolves.toBe(0);
    await expect(page.locator('#description br').count()).resolves.toBe(1);
    await expect(page.locator('#prizes li').allTextContents()).resolves.toEqual(['Hamper for two: 1 winner', 'Garden voucher: 3 winners']);
    // The closing time as the visitor's clock says it: Tokyo's day, hour and zone, and the time left.
    const tokyo = (options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'Asia/Tokyo' }).format(FAIR_CLOSES);
    const timing = (await page.locator('#timing').textContent()) ?? '';
    expect(timing).toContain(tokyo({ weekday: 'long' }));
    expect(timing).toContain(tokyo({ hour: 'numeric', minute: '2-digit' }));
    expect(timing).toContain('GMT+9');
    expect(timing).toMatch(/^Entries close .+: [23] days( and \d+ hours?)? left\.$/);
    await expect(page.locator('#how-it-works').textContent()).resolves.toMatch(/We email you a link to confirm your entry/);
    await expect(page.locator('#count').textContent()).resolves.toBe('Nobody has entered yet.');
    await expect(page.locator('#rules-link').getAttribute('href')).resolves.toBe(RULES);
    await expect(page.locator('#privacy-link').getAttribute('href')).resolves.toBe(PRIVACY);
    await expect(page.locator('#notice').isHidden()).resolves.toBe(true);
    // The honeypot is in the form (a bot fills it) but off the page, out of the tab order and of screen readers.
    const trap = await page.locator('input[name="website"]').boundingBox();
    expect((trap?.x ?? 0) + (trap?.width ?? 0)).toBeLessThanOrEqual(0);
    await expect(page.locator('input[name="website"]').getAttribute('tabindex')).resolves.toBe('-1');
    await expect(page.locator('.trap').getAttribute('aria-hidden')).resolves.toBe('true');
    await expectFits(page, 'apply-open');

    // Submitting empty keeps the request local and marks each field, the rules' box too.
    await page.click('#submit');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#phone-error').textContent()).resolves.toMatch(/phone/i);
    await expect(page.locator('#consent-error').textContent()).resolves.toBe('Accept the rules to enter.');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');

    // Keyboard only: type into the focused field, Tab to the next ones, Space ticks the box, Enter submits.
    await page.keyboard.type('Jo.Bloggs@Example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Jo Bloggs');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('phone');
    // A national number, which the server refuses: the page says so first, from the model's rule, and sends nothing.
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST') posts.push(new URL(req.url()).pathname);
    });
    await page.keyboard.type('07911 123456');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('consent');
    await page.keyboard.press('Space');
    await expect(page.locator('#consent').isChecked()).resolves.toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect(page.locator('#phone-error').textContent()).resolves.toMatch(/Start with \+ and your country code/);
    expect(posts).toEqual([]);
    await page.fill('#phone', '');
    await page.focus('#phone');
    await page.keyboard.type('+44 7911 123456');
    await page.keyboard.press('Enter');
    await page.locator('#status[data-state="success"]').waitFor();
    const checkEmail = await page.locator('#status').textContent();
    expect(checkEmail).toMatch(/^Check your email/);
    expect(posts).toEqual(['/raffle/raffles/fair/apply']);
    expect(await publicCount(runtime, 'fair')).toBe(0);

    // The email's link. Opening it (as a mail scanner would) confirms nothing, and the token leaves the address bar.
    const link = confirmationLink(runtime.outboxDir, 'Jo.Bloggs@example.com');
    expect(link.url).toBe(`${runtime.publicUrl}/confirm.html?token=${link.token}`);
    await page.goto(link.url);
    await page.locator('#confirm-button').waitFor();
    await expect(page.evaluate(() => window.location.href)).resolves.toBe(`${runtime.publicUrl}/confirm.html`);
    expect(await publicCount(runtime, 'fair')).toBe(0);
    await page.click('#confirm-button');
    await page.locator('#status[data-state="success"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/You are entered/);
    expect(await publicCount(runtime, 'fair')).toBe(1);
    // Back to the raffle the entry is in (the answer names it), by its title.
    await page.waitForFunction((title) => document.getElementById('back-link')?.textContent === `Back to the raffle: ${title}`, fair.title);
    await expect(page.locator('#back-link').getAttribute('href')).resolves.toBe('apply.html?raffle=fair');
    await expectFits(page, 'confirm-done');
    await page.click('#back-link');
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '1 person has entered.');
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);

    // The same raffle on a laptop.
    const laptop = await visitorContext(browser, WIDTHS.laptop);
    try {
      const wide = await laptop.newPage();
      await wide.goto(`${runtime.publicUrl}/apply.html?raffle=fair`);
      await wide.locator('#entry:not([hidden])').waitFor();
      await expectFits(wide, 'apply-open');
    } finally {
      await laptop.close();
    }
  });

  test('a raffle that counts entries at once says so, asks no consent, and counts the entry', async () => {
    context = await visitorContext(browser, WIDTHS.laptop);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
    await page.locator('#entry:not([hidden])').waitFor();
    await expect(page.locator('#how-it-works').textContent()).resolves.toMatch(/you are entered as soon as you send this form/);
    await expect(page.locator('#consent-field').isHidden()).resolves.toBe(true);
    await page.fill('#email', 'quick@example.com');
    await page.fill('#name', 'Quick Silver');
    await page.fill('#phone', phoneOf(101));
    await page.click('#submit');
    await page.locator('#status[data-state="success"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^You are entered\./);
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '1 person has entered.');
    expect(await publicCount(runtime, quick.raffleId)).toBe(1);
    expect(problems).toEqual([]);
  });

  test.each([
    [
      'closed',
      'shut',
      /^Entries to this raffle are closed\. Thank you for your interest/,
      'results.html?raffle=shut',
      'See the results of this raffle',
    ],
    ['upcoming', 'later', /^This raffle is not open yet\. Entries open .+, in 1 day and \d+ hours?: come back then\.$/, null, null],
    ['drawn', 'done', /^Entries are closed\. The winners have been drawn\.$/, 'results.html?raffle=done', 'See the winners'],
    ['unknown', 'no-such-raffle', /^There is no raffle at this address/, 'index.html', 'See the open raffles'],
    // A draft is nobody's business but the organiser's: to the public it does not exist.
    ['draft', 'hidden', /^There is no raffle at this address/, 'index.html', 'See the open raffles'],
  ])('a raffle %s (%s) says so at once instead of showing the form, at 1000 and 390 px', async (state, raffleId, said, href, label) => {
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      context = await visitorContext(browser, width);
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${runtime.publicUrl}/apply.html?raffle=${raffleId}`);
      await page.locator('#notice:not([hidden])').waitFor();
      await expect(page.locator('#notice-text').textContent()).resolves.toMatch(said);
      await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
      if (href) {
        await expect(page.locator('#notice-link-a').getAttribute('href')).resolves.toBe(href);
        await expect(page.locator('#notice-link-a').textContent()).resolves.toBe(label);
      } else {
        await expect(page.locator('#notice-link').isHidden()).resolves.toBe(true);
      }
      if (state === 'unknown' || state === 'draft') await expect(page.locator('h1').textContent()).resolves.toBe('Raffle not found');
      await expectFits(page, `apply-${state}`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  test('entries that close while the page is open: sending the form shows the raffle closed', async () => {
    await createRaffle(runtime, {
      raffleId: 'closing',
      title: 'Closing raffle',
      prizes: [{ name: 'Pen', winners: 1 }],
      closesAt: fromNow(runtime, DAY_MS),
    });
    context = await visitorContext(browser, WIDTHS.laptop);
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/apply.html?raffle=closing`);
    await page.locator('#entry:not([hidden])').waitFor();
    await setStatus(runtime, 'closing', 'closed');
    // A warm apply function trusts the raffle it read for a few seconds (functions/apply/handler.ts): its
    // answer once it reads it again is the API's own 403, given here at once.
    await page.route('**/raffle/raffles/closing/apply', (route) =>
      route.fulfill({
        status: 403,
        json: { error: { code: 'entries_closed', message: 'Entries are closed: this raffle no longer accepts registrations.' } },
      }),
    );
    await page.fill('#email', 'late@example.com');
    await page.fill('#name', 'Late Comer');
    await page.fill('#phone', phoneOf(102));
    await page.click('#submit');
    await page.locator('#notice:not([hidden])').waitFor();
    await expect(page.locator('#notice-text').textContent()).resolves.toMatch(/^Entries to this raffle are closed\./);
    await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
  });

  test('with no raffle named, lists the open raffles to pick from; with only one open, goes straight to it', async () => {
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      context = await visitorContext(browser, width);
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/apply.html`);
      await page.locator('#picker-list li').first().waitFor();
      await expect(ids(page, 'picker-list')).resolves.toEqual(expect.arrayContaining(['fair', 'quick']));
      await expect(ids(page, 'picker-list')).resolves.not.toContain('later');
      await expect(page.locator('li[data-raffle-id="quick"] a').getAttribute('href')).resolves.toBe('apply.html?raffle=quick');
      await expectFits(page, 'apply-list');
      await context.close();
    }
    // What the list would be with one raffle open: the page goes to it.
    context = await visitorContext(browser, WIDTHS.laptop);
    const page = await context.newPage();
    const only = (await adminCall<{ raffles: { raffleId: string }[] }>(runtime, 'GET', '/raffle/raffles')).body.raffles.filter(
      (r) => r.raffleId === 'quick',
    );
    await page.route('**/raffle/raffles', (route) => route.fulfill({ json: { raffles: only } }));
    await page.goto(`${runtime.publicUrl}/apply.html`);
    await page.waitForURL(/\/apply\.html\?raffle=quick$/);
    await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, quick.title);
  });

  test('a used or broken confirmation link says so, and asks the person to enter again', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/confirm.html?token=${'A'.repeat(43)}`);
    await page.click('#confirm-button');
    await page.locator('#status[data-state="error"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/does not work any more/);
    await page.goto(`${runtime.publicUrl}/confirm.html`);
    await expect(page.locator('#confirm-button').isDisabled()).resolves.toBe(true);
  });

  test('a field the server rejects is marked inline with the server message', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
    await page.locator('#entry:not([hidden])').waitFor();
    await page.fill('#email', 'someone@example.com');
    await page.fill('#name', 'Someone');
    // Passes the page's shape check, fails the server's numbering-plan check.
    await page.fill('#phone', '+44 7700 900');
    await page.click('#submit');
    await page.locator('#phone-error:not([hidden])').waitFor();
    await expect(page.locator('#phone').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#status').isHidden()).resolves.toBe(true);
  });
});

describe('results.html', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: one raffle’s results, a list to pick from without one, and an unknown raffle said so',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/results.html?raffle=done`);
        await page.locator('#results .draw').first().waitFor();
        await expect(page.locator('h1').textContent()).resolves.toBe('Results: Winter raffle');
        await expect(page.locator('#timing').textContent()).resolves.toMatch(/^Entries (are closed|closed .+)\.$/);
        await expect(page.locator('#results .prize-heading').allTextContents()).resolves.toEqual(['Sledge']);
        await expect(page.locator('#results .name').allTextContents()).resolves.toEqual(['Winnie W.']);
        await expectFits(page, 'results-raffle');

        await page.goto(`${runtime.publicUrl}/results.html`);
        await page.locator('#picker-list li').first().waitFor();
        // Drawn raffles first; each a link to its results.
        await expect(ids(page, 'picker-list').then((list) => list[0])).resolves.toBe('done');
        await expect(page.locator('li[data-raffle-id="fair"] a').getAttribute('href')).resolves.toBe('results.html?raffle=fair');
        await expectFits(page, 'results-list');

        await page.goto(`${runtime.publicUrl}/results.html?raffle=no-such-raffle`);
        await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Raffle not found');
        await expect(page.locator('#results-empty').textContent()).resolves.toMatch(/^There is no raffle at this address/);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
