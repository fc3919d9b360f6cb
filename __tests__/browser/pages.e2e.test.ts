/**
 * The public pages in a real browser: Debian's Chromium driven by playwright-core, against the local
 * runtime (real handlers, DynamoDB Local, the mutual-TLS admin server) running config/dev.json as `npm
 * start` does (entries confirmed from their email where a raffle asks for it). The raffles are made
 * through the admin API, one per state a visitor can meet: open (confirmed by email, with rules; or
 * counted at once), opening later, closed, drawn, a draft nobody may see, and no raffle at all. Each
 * page is looked at 1000 and 390 px wide (expectFits writes the screenshots). Also the organiser's
 * door: an early draw asks first, and another site cannot make the organiser's browser draw. No skip:
 * a missing Chromium fails.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
import type { RaffleView } from '../../model/api';
import { launchChromium, startAll } from '../support/browser';
import { confirmationLink } from '../support/outbox';
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
  fromNow,
  HOUR_MS,
  organiserContext,
  publicCount,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
} from './helpers';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
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

describe('draw.html over mutual TLS', () => {
  test.each([
    ['its closing time', 'deadline', /Entries are open until .*Draw now anyway\?/s],
    ['its scheduled draw', 'scheduled', /A draw is scheduled for .*Draw now anyway\?/s],
  ] as const)(
    'before %s, asks the organiser first: dismissing draws nothing, accepting draws early',
    async (_label, raffleId, question) => {
      await createRaffle(runtime, {
        raffleId,
        title: `Early ${raffleId}`,
        prizes: [{ name: 'Prize', winners: 1 }],
        closesAt: fromNow(runtime, HOUR_MS),
        drawAt: fromNow(runtime, 2 * HOUR_MS),
        confirmEntries: false,
      });
      await enter(runtime, raffleId, {
        email: `early-${raffleId}@example.com`,
        name: 'Early Bird',
        phone: phoneOf(raffleId === 'deadline' ? 103 : 104),
      });
      // Closed early by the organiser: the scheduled draw is what is still ahead.
      if (raffleId === 'scheduled') await setStatus(runtime, raffleId, 'closed');
      const context = await organiserContext(browser, runtime);
      try {
        const page = await context.newPage();
        const dialogs = answerDialogs(page, [false, true]);
        const drawCount = async () =>
          (await adminCall<{ draws: unknown[] }>(runtime, 'GET', `/raffle/raffles/${raffleId}/draws`)).body.draws.length;
        await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=${raffleId}`);
        await page.locator('#draw-section:not([hidden])').waitFor();

        await page.click('#draw-button');
        await page.locator('#status[data-state="info"]').waitFor();
        await expect(page.locator('#status').textContent()).resolves.toMatch(/Nothing was drawn/);
        expect(dialogs).toEqual([expect.stringMatching(question)]);
        expect(await drawCount()).toBe(0);

        await page.click('#draw-button');
        await page.locator('#status[data-state="success"]').waitFor();
        expect(dialogs).toHaveLength(2);
        expect(await drawCount()).toBe(1);
        await page.waitForFunction(() => document.querySelectorAll('#history .draw').length === 1);
      } finally {
        await context.close();
      }
    },
  );

  test("another site cannot make the organiser's browser draw: an auto-submitted form and a no-cors fetch draw nothing", async () => {
    await createRaffle(runtime, {
      raffleId: 'target',
      title: 'Target',
      prizes: [{ name: 'Prize', winners: 3 }],
      closesAt: fromNow(runtime, DAY_MS),
      confirmEntries: false,
    });
    await enter(runtime, 'target', { email: 'target@example.com', name: 'Target', phone: phoneOf(105) });
    const drawPath = '/raffle/raffles/target/draw';
    const drawUrl = `${runtime.adminUrl}${drawPath}`;
    // The attacker's site: another origin, whose pages the organiser happens to open.
    const attacks: Record<string, string> = {
      '/form-urlencoded': `<form method="POST" action="${drawUrl}"><input name="winners" value="3"></form><script>document.forms[0].submit()</script>`,
      // text/plain with a name and value that add up to JSON: the classic way to forge a JSON body with a form.
      '/form-text-json': `<form method="POST" enctype="text/plain" action="${drawUrl}"><input name='{"winners":3,"early":true,"x":"' value='"}'></form><script>document.forms[0].submit()</script>`,
      '/fetch-no-cors': `<script>fetch(${JSON.stringify(drawUrl)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"winners":3,"early":true}' }).finally(() => { document.title = 'sent'; });</script>`,
    };
    const attacker = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>win a prize</title></head><body>${attacks[req.url ?? ''] ?? ''}</body></html>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    const context = await organiserContext(browser, runtime);
    try {
      // The organiser's browser holds the client certificate and has used it.
      const organiser = await context.newPage();
      await organiser.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=target`);
      await organiser.waitForFunction(() => /^\d+ confirmed entrants?/.test(document.getElementById('count')?.textContent ?? ''));

      for (const attack of Object.keys(attacks)) {
        const logged = requestLog.length;
        const page = await context.newPage();
        const arrived = page
          .waitForEvent('requestfinished', { predicate: (r) => r.url() === drawUrl, timeout: 15_000 })
          .catch(() => undefined);
        const failed = page
          .waitForEvent('requestfailed', { predicate: (r) => r.url() === drawUrl, timeout: 15_000 })
          .catch(() => undefined);
        await page.goto(`${attackerOrigin}${attack}`);
        await Promise.race([arrived, failed]);
        // The forged request reached the admin server, with the certificate, and was refused there.
        await eventually(
          () => requestLog.slice(logged).some((line) => line.startsWith(`POST ${drawPath} `)),
          `the forged draw (${attack}) to reach the admin server`,
        );
        const answered = requestLog.slice(logged).filter((line) => line.startsWith(`POST ${drawPath} `));
        expect({ attack, answered: answered.map((l) => l.split(' ')[2]) }).toEqual({
          attack,
          answered: [expect.stringMatching(/^4\d\d$/)],
        });
        await page.close();
      }
      expect((await adminCall<{ draws: unknown[] }>(runtime, 'GET', '/raffle/raffles/target/draws')).body.draws).toHaveLength(0);
    } finally {
      await context.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });

  test('renders a hostile entrant name as text in the winners and the past draws; one key per draw', async () => {
    await enter(runtime, 'target', { email: 'mallory@example.com', name: HOSTILE_NAME, phone: phoneOf(106) });
    const context = await organiserContext(browser, runtime);
    try {
      const page = await context.newPage();
      const problems = watch(page);
      // Entries are still open: each draw asks first, and the organiser says yes.
      const dialogs = answerDialogs(page, [true, true]);
      const drawRequests: string[] = [];
      page.on('request', (req) => {
        if (req.url().endsWith('/raffle/raffles/target/draw')) drawRequests.push(req.headers()['idempotency-key'] ?? '');
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=target`);
      await page.waitForFunction(() => /^\d+ confirmed entrants?/.test(document.getElementById('count')?.textContent ?? ''));
      // The prize's own number of winners to start with.
      await expect(page.locator('#winners').inputValue()).resolves.toBe('3');

      // More winners than entrants: everyone eligible is drawn, so the hostile entrant is among them.
      await page.fill('#winners', '50');
      await page.click('#draw-button');
      await page.locator('#status[data-state="success"]').waitFor();
      const names = await page.locator('#winners-list .name').allTextContents();
      expect(names).toContain(HOSTILE_NAME);
      await page.locator('#history .draw').first().waitFor();
      await expect(page.locator('#history .name').allTextContents()).resolves.toContain(HOSTILE_NAME);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('main').innerHTML()).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(problems).toEqual([]);
      expect(dialogs).toEqual([expect.stringMatching(/Draw now anyway\?/)]);
      // Asked, then sent again with "early" under the same key: one key for the one draw.
      expect(new Set(drawRequests).size).toBe(1);
      expect(drawRequests[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

      // Nobody is left: a second click (a fresh key) says so instead of failing.
      await page.click('#draw-button');
      await page.waitForFunction(() => /No one is eligible/.test(document.getElementById('status')?.textContent ?? ''));
      expect(new Set(drawRequests).size).toBe(2);
    } finally {
      await context.close();
    }
  });

  test('a draw that fails on the network is retried with the same Idempotency-Key', async () => {
    const context = await organiserContext(browser, runtime);
    try {
      const page = await context.newPage();
      const keys: string[] = [];
      // The first attempt dies on the network (as a dropped connection would); later ones go through.
      await page.route('**/raffle/raffles/target/draw', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) await route.abort('connectionreset');
        else await route.continue();
      });
      answerDialogs(page, [true]);
      await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=target`);
      await page.locator('#draw-section:not([hidden])').waitFor();
      await page.click('#draw-button');
      // Everyone has won by now, so the retried request (and its early one) reach the handler and get their 409s.
      await page.waitForFunction(() => /No one is eligible/.test(document.getElementById('status')?.textContent ?? ''));
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).not.toBe('');
    } finally {
      await context.close();
    }
  });
});
