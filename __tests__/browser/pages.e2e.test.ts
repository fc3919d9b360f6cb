/**
 * The public pages in a real browser: Debian's Chromium driven by playwright-core, against the local
 * runtime (real handlers, DynamoDB Local, the mutual-TLS admin server) running config/dev.json as `npm
 * start` does (entries confirmed from their email where a raffle asks for it). The raffles are made
 * through the admin API, one per state a visitor can meet: open (confirmed by email, with rules; or
 * counted at once), opening later, closed, drawn (fast, with a voided and an erased winner; and
 * verifiably), a German one, a draft nobody may see, and no raffle at all. Every state of every page is
 * checked at 1000 and 390 px by expectGoodState (layout, axe-core, no raw message key; it writes the
 * screenshots), several states per page load. The organiser's door is organiser-door.e2e.test.ts. No
 * skip: a missing Chromium fails. Nothing waits for a length of time: only for conditions.
 */
import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { maskedName } from '../../functions/results/mask';
import type { Runtime } from '../../local/runtime';
import type { RaffleView } from '../../model/api';
import { TestClock } from '../../testkit/clock';
import { roundTime } from '../../verify/commitment';
import { adminTls, postJson } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';
import { ENTRY_CASES, VALID_ENTRY } from '../support/entry-cases';
import { confirmationLink } from '../support/outbox';
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
  HOUR_MS,
  publicCount,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
} from './helpers';

const RULES = 'https://example.com/raffle-rules';
const PRIVACY = 'https://example.com/privacy';
/** A verifiable draw's round comes this long after its commitment: only when the test moves the server's clock on. */
const MARGIN_SECONDS = 90;
/** An Arabic name; shown masked ("محمد ع.") its full stop must stay on its left, the end of a right-to-left name. */
const ARABIC = { email: 'mohammed@example.com', name: 'محمد علي', phone: phoneOf(110) };

let localDir: string;
let runtime: Runtime;
let browser: Browser;
const clock = new TestClock();

/** Entries close at half past an hour, three days on: its time in Tokyo (UTC+9, no summer time) is known. */
const FAIR_CLOSES = new Date(Math.floor((Date.now() + 3 * DAY_MS) / HOUR_MS) * HOUR_MS + 30 * 60_000);
let fair: RaffleView;
let quick: RaffleView;
/** The draws of "done": Rosette (the Arabic name alone), Sledge (its winner voided), Sledge's replacement (its winner erased), and that one's replacement. */
const done = { rosette: '', sledge: '', replacement: '', second: '', voided: '' };
/** The draws of "proof": a fast one, then a verifiable one over those who had not won, and one waiting for its round. */
const proof = { fast: '', verifiable: '', waiting: '' };

interface DrawAnswer {
  drawId: string;
  winners: { email: string; name: string }[];
  verifiable?: { round: number };
}

async function draw(raffleId: string, body: Record<string, unknown>): Promise<DrawAnswer> {
  const answer = await adminCall<DrawAnswer>(runtime, 'POST', `/raffle/raffles/${raffleId}/draw`, body);
  expect({ raffleId, status: answer.status }).toEqual({ raffleId, status: 201 });
  return answer.body;
}

/** A verifiable draw: committed (202), its round reached by moving the server's clock, then asked again with the same key (201). */
async function verifiableDraw(raffleId: string, prize: string): Promise<DrawAnswer> {
  const key = `verifiable-${raffleId}-${prize}`;
  const ask = () =>
    postJson(`${runtime.adminUrl}/raffle/raffles/${raffleId}/draw`, { mode: 'verifiable', prize }, adminTls(runtime.certs), {
      'idempotency-key': key,
    });
  const committed = await ask();
  expect(committed.status).toBe(202);
  clock.advanceTo(roundTime(committed.json<DrawAnswer>().verifiable!.round) * 1000);
  return eventually(async () => {
    const answer = await ask();
    return answer.status === 201 || answer.status === 200 ? answer.json<DrawAnswer>() : null;
  }, 'the verifiable draw after its round');
}

beforeAll(async () => {
  localDir = tmpDir('raffle-browser-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig({ verifiable: { marginSeconds: MARGIN_SECONDS } }), localDir, clock }), launchChromium()],
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
    raffleId: 'messe',
    title: 'Herbstmarkt-Verlosung',
    description: 'Zugunsten der Bücherei.',
    prizes: [{ name: 'Präsentkorb', winners: 1 }],
    closesAt: fromNow(runtime, 4 * DAY_MS),
    rulesUrl: RULES,
    language: 'de',
  });
  await createRaffle(runtime, {
    raffleId: 'grace',
    title: 'Grace raffle',
    prizes: [{ name: 'Cake', winners: 1 }],
    closesAt: fromNow(runtime, DAY_MS),
  });

  // "done": the Arabic name drawn alone for the Rosette, then three more, the Sledge's winner voided and the replacement erased.
  await createRaffle(runtime, {
    raffleId: 'done',
    title: 'Winter raffle',
    prizes: [
      { name: 'Rosette', winners: 1 },
      { name: 'Sledge', winners: 1 },
    ],
    closesAt: fromNow(runtime, DAY_MS),
    confirmEntries: false,
  });
  await enter(runtime, 'done', ARABIC);
  done.rosette = (await draw('done', { prize: 'Rosette', early: true })).drawId;
  for (const [i, name] of ['Winnie Winter', 'Ada Lovelace', 'Grace Hopper'].entries()) {
    await enter(runtime, 'done', { email: `winter${i}@example.com`, name, phone: phoneOf(100 + i) });
  }
  await setStatus(runtime, 'done', 'closed');
  const sledge = await draw('done', { prize: 'Sledge' });
  done.sledge = sledge.drawId;
  done.voided = sledge.winners[0].name;
  const voided = await adminCall<{ replacement: DrawAnswer }>(runtime, 'POST', `/raffle/raffles/done/draws/${sledge.drawId}/void`, {
    email: sledge.winners[0].email,
    reason: 'Could not be reached',
  });
  expect(voided.status).toBe(201);
  done.replacement = voided.body.replacement.drawId;
  const erased = voided.body.replacement.winners[0].email;
  expect((await adminCall(runtime, 'DELETE', `/raffle/raffles/done/entrants/${encodeURIComponent(erased)}`)).status).toBe(200);
  // The erased winner's slot replaced too, named by its ticket (nothing else of them is left).
  const history = await adminCall<{ draws: { drawId: string; winners: { ticket: number }[] }[] }>(
    runtime,
    'GET',
    '/raffle/raffles/done/draws',
  );
  const ticket = history.body.draws.find((d) => d.drawId === done.replacement)!.winners[0].ticket;
  const again = await adminCall<{ replacement: DrawAnswer }>(runtime, 'POST', `/raffle/raffles/done/draws/${done.replacement}/void`, {
    ticket,
    reason: 'Erased on request',
  });
  expect(again.status).toBe(201);
  done.second = again.body.replacement.drawId;

  // "proof": three entrants, one wins a fast draw, the verifiable draw is over the two left.
  await createRaffle(runtime, {
    raffleId: 'proof',
    title: 'Proof raffle',
    prizes: [
      { name: 'First', winners: 1 },
      { name: 'Second', winners: 1 },
      { name: 'Third', winners: 1 },
    ],
    closesAt: fromNow(runtime, DAY_MS),
    confirmEntries: false,
    verifiableDraws: true,
  });
  for (let i = 0; i < 3; i++)
    await enter(runtime, 'proof', { email: `proof${i}@example.com`, name: `Prover ${i}`, phone: phoneOf(120 + i) });
  await setStatus(runtime, 'proof', 'closed');
  proof.fast = (await draw('proof', { prize: 'First' })).drawId;
  proof.verifiable = (await verifiableDraw('proof', 'Second')).drawId;
  // A third, committed and left waiting: nobody asks for it again, so it stays committed.
  const waiting = await postJson(
    `${runtime.adminUrl}/raffle/raffles/proof/draw`,
    { mode: 'verifiable', prize: 'Third' },
    adminTls(runtime.certs),
    {
      'idempotency-key': 'verifiable-proof-third',
    },
  );
  expect(waiting.status).toBe(202);
  proof.waiting = waiting.json<DrawAnswer>().drawId;

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
const text = (page: Page, selector: string): Promise<string | null> => page.locator(selector).textContent();
const focused = (page: Page): Promise<string | undefined> => page.evaluate(() => document.activeElement?.id);

/** Every POST the page sends, by path. */
function posts(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (req) => {
    if (req.method() === 'POST') sent.push(new URL(req.url()).pathname);
  });
  return sent;
}

describe('index.html: the front door', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the open, upcoming and recently drawn raffles with status and times, linking on; none at all said so; the language switcher in the header, by keyboard',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/index.html`);
        await page.locator('#open-list li').first().waitFor();
        await expect(ids(page, 'open-list')).resolves.toEqual(expect.arrayContaining(['fair', 'quick']));
        await expect(ids(page, 'upcoming-list')).resolves.toEqual(['later']);
        await expect(ids(page, 'drawn-list')).resolves.toEqual(expect.arrayContaining(['done', 'proof']));
        const everything = await text(page, 'main');
        expect(everything).not.toContain('Draft raffle');
        expect(everything).not.toContain('Book club raffle');

        const item = (id: string) => page.locator(`li[data-raffle-id="${id}"]`);
        await expect(item('fair').locator('a').getAttribute('href')).resolves.toBe('apply.html?raffle=fair');
        await expect(item('fair').locator('a bdi').textContent()).resolves.toBe(fair.title);
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
        await expect(text(page, '#zone-note')).resolves.toMatch(/^Times are in your time zone \(.+\)\.$/);
        await expectGoodState(page, 'index');

        // Keyboard only: the header's links, then the language switcher, are the first stops.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        await expect(focused(page)).resolves.toBe('language-switch');
        await expect(page.locator('header #language-switch').isVisible()).resolves.toBe(true);
        // Tab on to the raffle's link; Enter opens its form.
        for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement?.textContent)) !== fair.title; i++) {
          await page.keyboard.press('Tab');
        }
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/apply\.html\?raffle=fair$/);
        await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, fair.title);

        // No raffle at all.
        await page.route('**/raffle/raffles', (route) => route.fulfill({ json: { raffles: [] } }));
        await page.goto(`${runtime.publicUrl}/index.html`);
        await page.waitForFunction(() => document.getElementById('raffles-loading')?.textContent?.startsWith('There is no raffle'));
        await expectGoodState(page, 'index-none');
        await page.unroute('**/raffle/raffles');

        // German, chosen with the switcher by keyboard: the page reloads in it, and the choice is kept.
        await page.goto(`${runtime.publicUrl}/index.html`);
        await page.locator('#open-list li').first().waitFor();
        await page.focus('#language-switch');
        await page.keyboard.press('ArrowDown');
        await page.waitForFunction(
          () => document.documentElement.lang === 'de' && document.querySelector('h1')?.textContent === 'Verlosungen',
        );
        await page.locator('#open-list li').first().waitFor();
        await expect(item('fair').locator('.badge').textContent()).resolves.toBe('Offen');
        await expect(page.evaluate(() => document.title)).resolves.toBe('Verlosungen');
        await expectGoodState(page, 'index-de');
        await page.goto(`${runtime.publicUrl}/index.html`);
        await page.waitForFunction(() => document.documentElement.lang === 'de');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('apply.html and confirm.html: an entry confirmed by email', () => {
  test.each([WIDTHS.phone, WIDTHS.laptop])(
    'at %i px: the raffle, its consent box beside its label, errors in words with the focus on the first, "check your email" focused and the form gone, an email held back said so, confirmation only on the button, and Back to it still confirmed',
    async (width) => {
      // On a phone, a visitor in Tokyo (UTC+9 all year).
      const context = await visitorContext(browser, width, width === WIDTHS.phone ? { timezoneId: 'Asia/Tokyo', locale: 'en-GB' } : {});
      try {
        const page = await context.newPage();
        const problems = watch(page);
        const sent = posts(page);
        const countBefore = await publicCount(runtime, 'fair');
        await page.goto(`${runtime.publicUrl}/apply.html?raffle=fair`);
        await page.locator('#entry:not([hidden])').waitFor();
        await expect(text(page, 'h1')).resolves.toBe(fair.title);
        await expect(page.locator('#description p').allTextContents()).resolves.toEqual([
          'In aid of the village hall roof. <b>not bold</b>',
          'Winners are told by email within a week.Ask at the desk.',
        ]);
        await expect(page.locator('#description b').count()).resolves.toBe(0);
        await expect(page.locator('#prizes li').allTextContents()).resolves.toEqual([
          'Hamper for two: 1 winner',
          'Garden voucher: 3 winners',
        ]);
        if (width === WIDTHS.phone) {
          // The closing time as the visitor's clock says it: Tokyo's day, hour and zone, and the time left.
          const tokyo = (options: Intl.DateTimeFormatOptions) =>
            new Intl.DateTimeFormat('en', { ...options, timeZone: 'Asia/Tokyo' }).format(FAIR_CLOSES);
          const timing = (await text(page, '#timing')) ?? '';
          expect(timing).toContain(tokyo({ weekday: 'long' }));
          expect(timing).toContain(tokyo({ hour: 'numeric', minute: '2-digit' }));
          expect(timing).toContain('GMT+9');
          expect(timing).toMatch(/^Entries close .+: [23] days( and \d+ hours?)? left\.$/);
        }
        // How it works, with the grace period for confirmations.
        const how = (await text(page, '#how-it-works')) ?? '';
        expect(how).toMatch(/We email you a link to confirm your entry/);
        expect(how).toContain('Entries made before the deadline can still be confirmed from the email until the draw.');
        await expect(page.locator('#rules-link').getAttribute('href')).resolves.toBe(RULES);
        await expect(page.locator('#privacy-link').getAttribute('href')).resolves.toBe(PRIVACY);
        await expect(text(page, '#consent-label')).resolves.toBe('I accept the raffle rules and the privacy notice.');
        await expect(page.locator('#notice').isHidden()).resolves.toBe(true);
        // The consent box is a box (not a 100%-wide input on a line of its own), left of its label on the same line.
        const box = (await page.locator('#consent').boundingBox())!;
        const label = (await page.locator('#consent-label').boundingBox())!;
        expect(box.width).toBeLessThanOrEqual(24);
        expect(box.height).toBeLessThanOrEqual(24);
        expect(box.x + box.width).toBeLessThanOrEqual(label.x);
        expect(box.y).toBeLessThan(label.y + label.height);
        expect(box.y + box.height).toBeGreaterThan(label.y);
        // The honeypot is in the form (a bot fills it) but off the page, out of the tab order and of screen readers.
        const trap = await page.locator('input[name="website"]').boundingBox();
        expect((trap?.x ?? 0) + (trap?.width ?? 0)).toBeLessThanOrEqual(0);
        await expect(page.locator('input[name="website"]').getAttribute('tabindex')).resolves.toBe('-1');
        await expectGoodState(page, 'apply-open');

        // Submitting empty keeps the request local, marks each field in words, and focuses the first.
        await page.click('#submit');
        await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(text(page, '#email-error')).resolves.toBe('Enter your email address.');
        await expect(text(page, '#name-error')).resolves.toBe('Enter your name.');
        await expect(text(page, '#phone-error')).resolves.toBe('Enter your phone number.');
        await expect(text(page, '#consent-error')).resolves.toBe('Accept the rules to enter.');
        await expect(focused(page)).resolves.toBe('email');
        await expectGoodState(page, 'apply-errors');

        // Keyboard only: type into the focused field, Tab to the next ones, Space ticks the box, Enter submits.
        const email = `jo.bloggs.${width}@Example.com`;
        // A phone per width: both entries are confirmed, and a phone enters a raffle once.
        const phone = width === WIDTHS.phone ? '+44 7911 123456' : '+44 7911 123457';
        await page.keyboard.type(email);
        await page.keyboard.press('Tab');
        await page.keyboard.type('Jo Bloggs');
        await page.keyboard.press('Tab');
        await expect(focused(page)).resolves.toBe('phone');
        // A national number, which the server refuses: the page says so first, from the model's rule, and sends nothing.
        await page.keyboard.type('07911 123456');
        await page.keyboard.press('Tab');
        await expect(focused(page)).resolves.toBe('consent');
        await page.keyboard.press('Space');
        await expect(page.locator('#consent').isChecked()).resolves.toBe(true);
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Enter');
        await expect(text(page, '#phone-error')).resolves.toBe('Start with + and your country code, for example +44 7911 123456.');
        await expect(focused(page)).resolves.toBe('phone');
        expect(sent).toEqual([]);
        await page.fill('#phone', '');
        await page.keyboard.type(phone);
        await expectGoodState(page, 'apply-filled');
        await page.keyboard.press('Enter');

        // "Check your email": the message takes the focus, the form goes, and a second Enter sends nothing.
        await page.locator('#status[data-state="success"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe(
          'Check your email: we sent a link to confirm your entry. It works for 48 hours. You are entered once you confirm.',
        );
        await expect(focused(page)).resolves.toBe('status');
        await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
        await expectGoodState(page, 'apply-check-email');
        await page.keyboard.press('Enter');
        await expect(page.locator('#status').isVisible()).resolves.toBe(true);
        await expect(page.locator('.field-error:visible').count()).resolves.toBe(0);
        expect(sent).toEqual(['/raffle/raffles/fair/apply']);
        expect(await publicCount(runtime, 'fair')).toBe(countBefore);
        const link = confirmationLink(runtime.outboxDir, email.replace('Example', 'example'));

        // Enter someone else: the form again, empty, focused. The same address at once: the resend limit held the email back, and the page says so.
        await page.click('#again-button');
        await expect(focused(page)).resolves.toBe('email');
        await expect(page.locator('#email').inputValue()).resolves.toBe('');
        await page.fill('#email', email);
        await page.fill('#name', 'Jo Bloggs');
        await page.fill('#phone', phone);
        await page.check('#consent');
        await page.click('#submit');
        await page.locator('#status[data-state="info"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe(
          'We emailed this address a link less than a minute ago, so we did not send another. Use the link in that email (look in your spam folder too). You can ask for a new one in 1 minute.',
        );
        await expect(focused(page)).resolves.toBe('status');
        await expectGoodState(page, 'apply-held');

        // The email's link. Opening it (as a mail scanner would) confirms nothing, and the token leaves the address bar.
        expect(link.url).toBe(`${runtime.publicUrl}/confirm.html?token=${link.token}`);
        await page.goto(link.url);
        await page.locator('#confirm-button').waitFor();
        await expect(page.evaluate(() => window.location.href)).resolves.toBe(`${runtime.publicUrl}/confirm.html`);
        expect(await publicCount(runtime, 'fair')).toBe(countBefore);
        await expectGoodState(page, 'confirm-waiting');
        await page.click('#confirm-button');
        await page.locator('#status[data-state="success"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe('You are entered. Good luck! We will contact you if you win.');
        await expect(focused(page)).resolves.toBe('status');
        const count = await publicCount(runtime, 'fair');
        expect(count).toBe(countBefore + 1);
        // Back to the raffle the entry is in (the answer names it), by its title.
        await page.waitForFunction(
          (title) => document.getElementById('back-link')?.textContent === `Back to the raffle: ${title}`,
          fair.title,
        );
        await expect(page.locator('#back-link').getAttribute('href')).resolves.toBe('apply.html?raffle=fair');
        await expectGoodState(page, 'confirm-done');

        // To the form, then the browser's Back: the confirm page still says the entry is confirmed, and sends nothing.
        await page.click('#back-link');
        await page.waitForFunction(
          (n) => document.getElementById('count')?.textContent === `${n} ${n === 1 ? 'person has' : 'people have'} entered.`,
          count,
        );
        const confirmsBefore = sent.filter((p) => p === '/raffle/confirm').length;
        await page.goBack();
        await page.locator('#status[data-state="success"]').waitFor();
        await expect(text(page, '#status')).resolves.toMatch(/^You are entered\./);
        await expect(page.locator('#confirm-form').isVisible()).resolves.toBe(false);
        expect(sent.filter((p) => p === '/raffle/confirm').length).toBe(confirmsBefore);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe('apply.html: other states', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: a raffle that counts entries at once says so, asks no consent, and says "you are entered" with the focus on it',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
        await page.locator('#entry:not([hidden])').waitFor();
        await expect(text(page, '#how-it-works')).resolves.toMatch(/you are entered as soon as you send this form/);
        await expect(page.locator('#consent-field').isHidden()).resolves.toBe(true);
        const before = await publicCount(runtime, quick.raffleId);
        await page.fill('#email', `quick.${width}@example.com`);
        await page.fill('#name', 'Quick Silver');
        await page.fill('#phone', phoneOf(width === WIDTHS.phone ? 101 : 102));
        await page.click('#submit');
        await page.locator('#status[data-state="success"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe('You are entered. Good luck! We will contact you if you win.');
        await expect(focused(page)).resolves.toBe('status');
        await page.waitForFunction(
          (n) => document.getElementById('count')?.textContent === `${n} ${n === 1 ? 'person has' : 'people have'} entered.`,
          before + 1,
        );
        // The entry's label, as a confirmation shows it: the one the entry holds.
        await page.locator('#label-box').waitFor();
        await expect(text(page, '#label')).resolves.toMatch(/^[0-9a-f]{20}$/);
        await expectGoodState(page, 'apply-entered');
        // Someone else: the form again, and the label gone with the answer it belonged to.
        await page.click('#again-button');
        await expect(page.locator('#label-box').isVisible()).resolves.toBe(false);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

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
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/apply.html?raffle=${raffleId}`);
        await page.locator('#notice:not([hidden])').waitFor();
        await expect(text(page, '#notice-text')).resolves.toMatch(said);
        await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
        if (href) {
          await expect(page.locator('#notice-link-a').getAttribute('href')).resolves.toBe(href);
          await expect(text(page, '#notice-link-a')).resolves.toBe(label);
        } else {
          await expect(page.locator('#notice-link').isHidden()).resolves.toBe(true);
        }
        if (state === 'unknown' || state === 'draft') await expect(text(page, 'h1')).resolves.toBe('Raffle not found');
        await expectGoodState(page, `apply-${state}`);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  test('the deadline passing while the page is open closes the form by itself: no form after the deadline', async () => {
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      // The page's own clock, moved on past the closing time (5 hours ahead) instead of waiting for it.
      await page.clock.install();
      await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
      await page.locator('#entry:not([hidden])').waitFor();
      await page.clock.fastForward(6 * HOUR_MS);
      await page.locator('#notice:not([hidden])').waitFor();
      await expect(text(page, '#notice-text')).resolves.toMatch(/^Entries closed .+\. Thank you for your interest/);
      await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
      await expect(page.locator('#entry').isVisible()).resolves.toBe(false);
    } finally {
      await context.close();
    }
  });

  test.each([WIDTHS.laptop, WIDTHS.phone])(
    "at %i px: an entry the gateway refuses itself (API Gateway's bare 500 when the function is throttled) says it was not saved and to try again, keeps what was typed, and goes through when sent again",
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        let refused = 0;
        await page.route(`**/raffle/raffles/${quick.raffleId}/apply`, async (route) => {
          if (refused++ === 0) await route.fulfill({ status: 500, json: { message: 'Internal Server Error' } });
          else await route.continue();
        });
        await page.goto(`${runtime.publicUrl}/apply.html?raffle=${quick.raffleId}`);
        await page.locator('#entry:not([hidden])').waitFor();
        const before = await publicCount(runtime, quick.raffleId);
        const email = `throttled.${width}@example.com`;
        await page.fill('#email', email);
        await page.fill('#name', 'Patient Person');
        await page.fill('#phone', phoneOf(width === WIDTHS.phone ? 130 : 131));
        await page.click('#submit');
        await page.locator('#status[data-state="error"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe(
          'Your entry was not saved. The raffle could not answer just now. Wait a moment and try again.',
        );
        await expect(focused(page)).resolves.toBe('status');
        await expect(page.locator('#email').inputValue()).resolves.toBe(email);
        expect(await publicCount(runtime, quick.raffleId)).toBe(before);
        await expectGoodState(page, 'apply-gateway-refused');

        await page.click('#submit');
        await page.locator('#status[data-state="success"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe('You are entered. Good luck! We will contact you if you win.');
        expect(await publicCount(runtime, quick.raffleId)).toBe(before + 1);
        expect(refused).toBe(2);
      } finally {
        await context.close();
      }
    },
  );

  test('entries that close while the page is open: sending the form shows the raffle closed', async () => {
    await createRaffle(runtime, {
      raffleId: 'closing',
      title: 'Closing raffle',
      prizes: [{ name: 'Pen', winners: 1 }],
      closesAt: fromNow(runtime, DAY_MS),
    });
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
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
      await page.fill('#phone', phoneOf(103));
      await page.click('#submit');
      await page.locator('#notice:not([hidden])').waitFor();
      await expect(text(page, '#notice-text')).resolves.toMatch(/^Entries to this raffle are closed\./);
      await expect(page.locator('#apply-form').isVisible()).resolves.toBe(false);
    } finally {
      await context.close();
    }
  });

  test('with no raffle named, lists the open raffles to pick from; with only one open, goes straight to it', async () => {
    for (const width of [WIDTHS.laptop, WIDTHS.phone]) {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        await page.goto(`${runtime.publicUrl}/apply.html`);
        await page.locator('#picker-list li').first().waitFor();
        await expect(ids(page, 'picker-list')).resolves.toEqual(expect.arrayContaining(['fair', 'quick']));
        await expect(ids(page, 'picker-list')).resolves.not.toContain('later');
        await expect(page.locator('li[data-raffle-id="quick"] a').getAttribute('href')).resolves.toBe('apply.html?raffle=quick');
        await expectGoodState(page, 'apply-picker');
      } finally {
        await context.close();
      }
    }
    // What the list would be with one raffle open: the page goes to it.
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      const only = (await adminCall<{ raffles: { raffleId: string }[] }>(runtime, 'GET', '/raffle/raffles')).body.raffles.filter(
        (r) => r.raffleId === 'quick',
      );
      await page.route('**/raffle/raffles', (route) => route.fulfill({ json: { raffles: only } }));
      await page.goto(`${runtime.publicUrl}/apply.html`);
      await page.waitForURL(/\/apply\.html\?raffle=quick$/);
      await page.waitForFunction((title) => document.querySelector('h1')?.textContent === title, quick.title);
    } finally {
      await context.close();
    }
  });
});

describe('apply.html: one rule set with the server', () => {
  test('every row of the shared table of entries gets, from the page’s rules.js, the outcome the server gives; the visible form refuses U+202E and an umlaut before the @ in words, and sends nothing', async () => {
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      const problems = watch(page);
      const sent = posts(page);
      await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
      await page.locator('#entry:not([hidden])').waitFor();
      // A string, not a function: the test's transform must not touch the page's dynamic import.
      const outcomes = await page.evaluate<{ field: string; reason: string }[][]>(`(async () => {
        const rules = await import(new URL('rules.js', location.href).href);
        const cases = ${JSON.stringify(ENTRY_CASES)};
        const valid = ${JSON.stringify(VALID_ENTRY)};
        return cases.map((c) => rules.registrationProblems({ ...valid, [c.field]: c.typed }).map((p) => ({ field: p.field, reason: p.reason })));
      })()`);
      expect(ENTRY_CASES.map((c, i) => ({ why: c.why, problems: outcomes[i] }))).toEqual(
        ENTRY_CASES.map((c) => ({ why: c.why, problems: 'reason' in c.expected ? [{ field: c.field, reason: c.expected.reason }] : [] })),
      );

      await page.fill('#email', 'jörg@bücher.example');
      await page.fill('#name', 'evil\u202Egnp.exe');
      await page.fill('#phone', phoneOf(104));
      await page.click('#submit');
      await expect(text(page, '#email-error')).resolves.toBe(
        'Use only the letters a to z, digits and . _ + - before the @ of your address.',
      );
      await expect(text(page, '#name-error')).resolves.toBe(
        'Remove the special characters from your name (tabs, line breaks or direction marks).',
      );
      await expect(page.locator('#phone-error').isHidden()).resolves.toBe(true);
      await expect(focused(page)).resolves.toBe('email');
      expect(sent).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a field the server refuses is marked in the page’s words from its code and reason, never the server’s sentence, with the focus on it', async () => {
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/apply.html?raffle=quick`);
      await page.locator('#entry:not([hidden])').waitFor();
      const refusals = [
        { field: 'name', reason: 'too_long', words: 'Use at most 100 characters.' },
        { field: 'phone', reason: 'some_newer_reason', words: 'Check this field.' },
      ];
      for (const { field, reason, words } of refusals) {
        await page.route('**/raffle/raffles/quick/apply', (route) =>
          route.fulfill({
            status: 400,
            json: { error: { code: 'invalid_field', field, reason, message: `${field} is wrong (the server's English).` } },
          }),
        );
        await page.fill('#email', 'someone@example.com');
        await page.fill('#name', 'Someone');
        await page.fill('#phone', phoneOf(105));
        await page.click('#submit');
        await page.locator(`#${field}-error:not([hidden])`).waitFor();
        await expect(text(page, `#${field}-error`)).resolves.toBe(words);
        await expect(page.locator(`#${field}`).getAttribute('aria-invalid')).resolves.toBe('true');
        await expect(focused(page)).resolves.toBe(field);
        await expect(page.locator('#status').isHidden()).resolves.toBe(true);
        await page.unroute('**/raffle/raffles/quick/apply');
      }
      // An error about no field: said in words, with the focus on the message.
      await page.route('**/raffle/raffles/quick/apply', (route) =>
        route.fulfill({ status: 503, json: { error: { code: 'service_busy', message: 'Busy.', requestId: 'req-1' } } }),
      );
      await page.click('#submit');
      await page.locator('#status[data-state="error"]').waitFor();
      await expect(text(page, '#status')).resolves.toBe(
        'Your entry was not saved. The raffle is very busy. Wait a moment and try again. (Reference: req-1)',
      );
      await expect(focused(page)).resolves.toBe('status');
      await expectGoodState(page, 'apply-failed');
    } finally {
      await context.close();
    }
  });
});

describe('confirm.html: other states', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: a used or broken link says so and asks the person to enter again; no code at all says so',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        let page = await context.newPage();
        await page.goto(`${runtime.publicUrl}/confirm.html?token=${'A'.repeat(43)}`);
        await page.click('#confirm-button');
        await page.locator('#status[data-state="error"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe(
          'This link does not work any more: it has expired or was already used. Enter again to get a new one.',
        );
        await expect(focused(page)).resolves.toBe('status');
        await expectGoodState(page, 'confirm-invalid');
        // A fresh tab (the same address in this tab is a reload, which keeps the code with its history entry).
        await page.close();
        page = await context.newPage();
        await page.goto(`${runtime.publicUrl}/confirm.html`);
        await page.locator('#status[data-state="error"]').waitFor();
        await expect(text(page, '#status')).resolves.toBe('This link has no confirmation code. Open the link from your email again.');
        await expect(page.locator('#confirm-button').isDisabled()).resolves.toBe(true);
        await expectGoodState(page, 'confirm-no-code');
      } finally {
        await context.close();
      }
    },
  );

  test('an entry made before the deadline and confirmed after it counts, and the page says why', async () => {
    const person = { email: 'late.confirmer@example.com', name: 'Late Confirmer', phone: phoneOf(106) };
    expect((await postJson(`${runtime.publicUrl}/raffle/raffles/grace/apply`, person)).status).toBe(202);
    await setStatus(runtime, 'grace', 'closed');
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      await page.goto(confirmationLink(runtime.outboxDir, person.email).url);
      await page.click('#confirm-button');
      await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('before the deadline'));
      await expect(text(page, '#status')).resolves.toBe(
        'You are entered. Good luck! We will contact you if you win. Entries are closed now, but yours was made before the deadline, so it counts in the draw.',
      );
      expect(await publicCount(runtime, 'grace')).toBe(1);
      await expectGoodState(page, 'confirm-after-deadline');
    } finally {
      await context.close();
    }
  });
});

describe('a raffle in German', () => {
  test('its form speaks German without being asked (the raffle’s language), errors too; its confirmation page turns German once it knows the raffle', async () => {
    const context = await visitorContext(browser, WIDTHS.phone);
    try {
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(`${runtime.publicUrl}/apply.html?raffle=messe`);
      await page.locator('#entry:not([hidden])').waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de');
      await expect(page.evaluate(() => document.title)).resolves.toBe('Herbstmarkt-Verlosung: teilnehmen');
      await expect(page.locator('#language-switch').inputValue()).resolves.toBe('de');
      await expect(text(page, 'label[for="email"]')).resolves.toBe('E-Mail-Adresse');
      await expect(text(page, '#submit')).resolves.toBe('Teilnehmen');
      await expect(text(page, '#prizes li')).resolves.toBe('Präsentkorb: 1 Gewinner');
      await page.click('#submit');
      await expect(text(page, '#email-error')).resolves.toBe('Geben Sie Ihre E-Mail-Adresse ein.');
      await expectGoodState(page, 'apply-de');
      await page.fill('#email', 'erika@example.com');
      await page.fill('#name', 'Erika Mustermann');
      await page.fill('#phone', '+49 30 1234567');
      await page.check('#consent');
      await page.click('#submit');
      await page.locator('#status[data-state="success"]').waitFor();
      await expect(text(page, '#status')).resolves.toMatch(/^Sehen Sie in Ihr E-Mail-Postfach/);
      await expectGoodState(page, 'apply-de-check-email');

      await page.goto(confirmationLink(runtime.outboxDir, 'erika@example.com').url);
      await page.click('#confirm-button');
      await page.waitForFunction(() => document.getElementById('back-link')?.textContent === 'Zurück zur Verlosung: Herbstmarkt-Verlosung');
      await expect(text(page, '#status')).resolves.toBe('Sie nehmen teil. Viel Glück! Wir melden uns, wenn Sie gewinnen.');
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de');
      await expect(page.locator('#language-switch').inputValue()).resolves.toBe('de');
      await expectGoodState(page, 'confirm-de');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('results.html', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: the draws first (the time each happened, one count, a replaced winner linked to the replacement, an erased one, a verifiable draw over its pool), the explanation folded; none yet, a list to pick from, an unknown raffle',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(`${runtime.publicUrl}/results.html?raffle=done`);
        await page.locator('#results .draw').nth(3).waitFor();
        await expect(text(page, 'h1')).resolves.toBe('Results: Winter raffle');
        await expect(text(page, '#timing')).resolves.toMatch(/^Entries (are closed|closed .+)\.$/);
        await expect(page.locator('#results .prize-heading').allTextContents()).resolves.toEqual(['Sledge', 'Rosette']);
        const drawOf = (id: string) => page.locator(`#draw-${id}`);
        for (const id of [done.rosette, done.sledge, done.replacement, done.second]) {
          await expect(drawOf(id).locator('.meta').textContent()).resolves.toMatch(/^Drawn .+ · \d (person|people) had entered$/);
        }
        // The voided winner: struck, "replaced", linked to the replacement draw, which links back.
        const voided = drawOf(done.sledge).locator('.winner');
        await expect(voided.getAttribute('data-status')).resolves.toBe('void');
        await expect(voided.locator('.name').textContent()).resolves.toBe(maskedName(done.voided));
        await expect(voided.locator('.badge').textContent()).resolves.toBe('replaced: see the replacement');
        await expect(voided.locator('.badge a').getAttribute('href')).resolves.toBe(`#draw-${done.replacement}`);
        await expect(drawOf(done.replacement).locator('.replaces a').getAttribute('href')).resolves.toBe(`#draw-${done.sledge}`);
        await expect(drawOf(done.replacement).locator('.replaces').textContent()).resolves.toMatch(
          /^Replaces a winner of the draw of .+\.$/,
        );
        // The erased winner: "(erased)", and linked to the draw that replaced them.
        const erased = drawOf(done.replacement).locator('.winner');
        await expect(erased.getAttribute('data-status')).resolves.toBe('erased');
        await expect(erased.locator('.name').textContent()).resolves.toBe('(erased)');
        await expect(erased.locator('.badge a').getAttribute('href')).resolves.toBe(`#draw-${done.second}`);
        await expect(drawOf(done.second).locator('.replaces a').getAttribute('href')).resolves.toBe(`#draw-${done.replacement}`);
        // The Arabic name in its own <bdi>: its full stop stays at its end, which is its left.
        const arabic = drawOf(done.rosette).locator('.winner .name');
        await expect(arabic.textContent()).resolves.toBe('محمد ع.');
        await expect(arabic.evaluate((e) => e.tagName)).resolves.toBe('BDI');
        const stopIsLeftmost = await arabic.evaluate((e) => {
          const node = e.firstChild as Text;
          const rectOf = (i: number) => {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            return range.getBoundingClientRect();
          };
          const stop = rectOf(node.data.length - 1);
          return Array.from({ length: node.data.length - 1 }, (_, i) => rectOf(i)).every(
            (r) => r.width === 0 || stop.right <= r.left + 0.5,
          );
        });
        expect(stopIsLeftmost).toBe(true);
        // Results first; how they are drawn and shown after them, folded.
        await expect(page.locator('#about').evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
        await expect(
          page.evaluate(
            () =>
              document.getElementById('results')!.compareDocumentPosition(document.getElementById('about')!) &
              Node.DOCUMENT_POSITION_FOLLOWING,
          ),
        ).resolves.toBeTruthy();
        await expectGoodState(page, 'results-draws');

        // The verifiable draw: one count, its pool (the two who had not won), beside the fast draw's three entrants.
        await page.goto(`${runtime.publicUrl}/results.html?raffle=proof`);
        await drawOf(proof.verifiable).waitFor();
        await expect(drawOf(proof.verifiable).locator('.meta').textContent()).resolves.toMatch(
          /^Drawn .+ · drawn among 2 people who had not won$/,
        );
        await expect(drawOf(proof.fast).locator('.meta').textContent()).resolves.toMatch(/^Drawn .+ · 3 people had entered$/);
        await expect(drawOf(proof.verifiable).textContent()).resolves.not.toMatch(/\b3\b.*entr/);
        await expect(drawOf(proof.verifiable).locator('.commitment').textContent()).resolves.toMatch(
          /^Verifiable draw, decided by the local beacon \(not publicly verifiable\), round \d+\.$/,
        );
        const waiting = drawOf(proof.waiting);
        await expect(waiting.locator('.meta').textContent()).resolves.toMatch(/^Committed .+ · drawn among 1 person who had not won$/);
        await expect(waiting.locator('.commitment').textContent()).resolves.toMatch(
          /^Verifiable draw, committed: waiting for the local beacon \(not publicly verifiable\), round \d+\.$/,
        );
        await expect(waiting.locator('.winners').textContent()).resolves.toBe('The winners are known once the round exists.');
        await page.locator('#about summary').click();
        await expect(page.locator('#verify-help').isVisible()).resolves.toBe(true);
        await expect(text(page, '#verify-command')).resolves.toBe(`npm ci && npm run verify-draw -- --site ${runtime.publicUrl} <draw id>`);
        await expectGoodState(page, 'results-verifiable');

        await page.goto(`${runtime.publicUrl}/results.html?raffle=fair`);
        await page.waitForFunction(
          () => document.getElementById('results-empty')?.textContent === 'No draws yet: come back after the draw.',
        );
        await expectGoodState(page, 'results-none');

        await page.goto(`${runtime.publicUrl}/results.html`);
        await page.locator('#picker-list li').first().waitFor();
        // Drawn raffles first; each a link to its results.
        await expect(ids(page, 'picker-list').then((list) => list.slice(0, 2).sort())).resolves.toEqual(['done', 'proof']);
        await expect(page.locator('li[data-raffle-id="fair"] a').getAttribute('href')).resolves.toBe('results.html?raffle=fair');
        await expectGoodState(page, 'results-list');

        await page.goto(`${runtime.publicUrl}/results.html?raffle=no-such-raffle`);
        await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Raffle not found');
        await expect(text(page, '#results-empty')).resolves.toMatch(/^There is no raffle at this address/);
        await expectGoodState(page, 'results-not-found');

        // In German, chosen by the visitor: kept over the raffle's English.
        await page.goto(`${runtime.publicUrl}/results.html?raffle=done`);
        await page.locator('#results .draw').first().waitFor();
        await page.selectOption('#language-switch', 'de');
        await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Ergebnisse: Winter raffle');
        await page.locator('#results .draw').nth(3).waitFor();
        await expect(drawOf(done.replacement).locator('.winner .name').textContent()).resolves.toBe('(gelöscht)');
        await expectGoodState(page, 'results-de');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
