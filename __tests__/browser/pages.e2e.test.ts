/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core, against the local runtime
 * (real handlers, DynamoDB Local, the mutual-TLS admin server) running config/dev.json as `npm start`
 * does (entries confirmed from their email). A test that needs another configuration (entries closed,
 * a deadline or a schedule ahead) gets a runtime of its own with it, as the functions read their
 * settings once, from the configuration. No skip: a missing Chromium fails.
 */
import * as fs from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RaffleConfig } from '../../config/schema';
import type { Runtime } from '../../local/runtime';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { adminTls, postJson, send } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';
import { confirmationLink } from '../support/outbox';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

let runtime: Runtime;
let browser: Browser;
/** The runtime's request log: what reached the servers, e.g. "POST /raffle/draw 403 3 ms". */
const requestLog: string[] = [];
/** Folders of the runtimes this file starts, removed at the end. */
const folders: string[] = [];

/** A runtime running config/dev.json with `overrides`, in a folder of its own. */
function startPagesRuntime(overrides: Partial<RaffleConfig> = {}, log?: (line: string) => void): Promise<Runtime> {
  const localDir = tmpDir('raffle-browser-');
  folders.push(localDir);
  return startTestRuntime({ config: testConfig(overrides), localDir, ...(log ? { log } : {}) });
}

beforeAll(async () => {
  // Start both at once: Chromium's launch overlaps the runtime's start.
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startPagesRuntime({}, (line) => requestLog.push(line)), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** Registers and confirms through the API, as a person with their mailbox would: the entry counts. */
async function enter(person: { email: string; name: string; phone: string }, raffle: Runtime = runtime): Promise<void> {
  expect((await postJson(`${raffle.publicUrl}/raffle/apply`, person)).status).toBe(202);
  const { token } = confirmationLink(raffle.outboxDir, person.email);
  expect((await postJson(`${raffle.publicUrl}/raffle/confirm`, { token })).status).toBe(200);
}

const organiserContext = (raffle: Runtime = runtime) =>
  browser.newContext({
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin: raffle.adminUrl, certPath: raffle.certs.clientCertPath, keyPath: raffle.certs.clientKeyPath }],
  });
const publicCount = async (): Promise<number> => (await send(`${runtime.publicUrl}/raffle/count`)).json<{ count: number }>().count;

/** Everything that would show a broken page: script errors, CSP violations, failed loads, dialogs. */
function watch(page: Page): { problems: string[]; dialogs: string[] } {
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A 409 or 404 answer is logged by Chromium as a failed resource; only CSP and script errors count.
    if (msg.type() === 'error' && !/status of (409|403|400)/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { problems, dialogs };
}

describe('apply.html', () => {
  let context: BrowserContext;
  afterEach(async () => context?.close());

  test('shows inline validation, then "check your email"; the emailed link confirms only on its button, and only then counts', async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${runtime.publicUrl}/`);
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '0 people have entered.');
    // The honeypot is in the form (a bot fills it) but off the page, out of the tab order and of screen readers.
    const trap = await page.locator('input[name="website"]').boundingBox();
    expect((trap?.x ?? 0) + (trap?.width ?? 0)).toBeLessThanOrEqual(0);
    await expect(page.locator('input[name="website"]').getAttribute('tabindex')).resolves.toBe('-1');
    await expect(page.locator('.trap').getAttribute('aria-hidden')).resolves.toBe('true');

    // Submitting empty keeps the request local and marks each field.
    await page.click('#submit');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#email-error').isVisible()).resolves.toBe(true);
    await expect(page.locator('#phone-error').textContent()).resolves.toMatch(/phone/i);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');

    // Keyboard only: type into the focused field, tab to the next ones, press Enter to submit.
    await page.keyboard.type('Jo.Bloggs@Example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Jo Bloggs');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('phone');
    // A national number, which the server refuses: the page says so first, from the model's rule, and sends nothing.
    const requests: string[] = [];
    page.on('request', (req) => requests.push(`${req.method()} ${new URL(req.url()).pathname}`));
    await page.keyboard.type('07911 123456');
    await page.keyboard.press('Enter');
    await expect(page.locator('#phone-error').textContent()).resolves.toMatch(/Start with \+ and your country code/);
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    await expect(page.locator('#phone').getAttribute('maxlength')).resolves.toBe('32');
    await page.fill('#phone', '');
    await page.focus('#phone');
    await page.keyboard.type('+44 7911 123456');
    await page.keyboard.press('Enter');
    await page.locator('#status[data-state="success"]').waitFor();
    const checkEmail = await page.locator('#status').textContent();
    expect(checkEmail).toMatch(/Check your email/);
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(await publicCount()).toBe(0);

    // The same person again (another spelling): the very same message; nobody learns who has entered.
    await page.fill('#email', 'jo.bloggs+again@example.com');
    await page.fill('#name', 'Jo Bloggs');
    await page.fill('#phone', '+44 7911 123456');
    await page.click('#submit');
    await page.waitForFunction((previous) => document.getElementById('status')?.textContent === previous, checkEmail);

    // The email's link. Opening it (as a mail scanner would) confirms nothing, and the token leaves the address bar.
    const link = confirmationLink(runtime.outboxDir, 'Jo.Bloggs@example.com');
    expect(link.url).toBe(`${runtime.publicUrl}/confirm.html?token=${link.token}`);
    await page.goto(link.url);
    await page.locator('#confirm-button').waitFor();
    await expect(page.evaluate(() => window.location.href)).resolves.toBe(`${runtime.publicUrl}/confirm.html`);
    expect(await publicCount()).toBe(0);
    await page.click('#confirm-button');
    await page.locator('#status[data-state="success"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/You are entered/);
    expect(await publicCount()).toBe(1);

    await page.goto(`${runtime.publicUrl}/`);
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '1 person has entered.');
    expect(seen.problems).toEqual([]);
    expect(seen.dialogs).toEqual([]);
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
    await page.goto(`${runtime.publicUrl}/apply.html`);
    await page.fill('#email', 'someone@example.com');
    await page.fill('#name', 'Someone');
    // Passes the page's shape check, fails the server's numbering-plan check.
    await page.fill('#phone', '+44 7700 900');
    await page.click('#submit');
    await page.locator('#phone-error:not([hidden])').waitFor();
    await expect(page.locator('#phone').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#status').isHidden()).resolves.toBe(true);
  });

  test('after the entry deadline the page says entries are closed and disables the button', async () => {
    // A raffle whose entries closed long ago (config entryDeadline).
    const closed = await startPagesRuntime({ entryDeadline: '2000-01-01T00:00:00.000Z' });
    context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${closed.publicUrl}/apply.html`);
      await page.fill('#email', 'late@example.com');
      await page.fill('#name', 'Late Comer');
      await page.fill('#phone', '+44 7911 123458');
      await page.click('#submit');
      await page.locator('#status[data-state="info"]').waitFor();
      await expect(page.locator('#status').textContent()).resolves.toMatch(/Entries are closed/);
      await expect(page.locator('#submit').isDisabled()).resolves.toBe(true);
    } finally {
      await closed.stop();
    }
  });
});

describe('draw.html over mutual TLS', () => {
  test.each([
    ['the entry deadline', 'entryDeadline', /Entries are open until .*Draw now anyway\?/s],
    ['the scheduled draw', 'drawSchedule', /A draw is scheduled for .*Draw now anyway\?/s],
  ] as const)('before %s, asks the organiser first: dismissing draws nothing, accepting draws early', async (_label, key, question) => {
    // A raffle whose deadline, or scheduled draw, is an hour ahead (config entryDeadline, drawSchedule).
    const raffle = await startPagesRuntime({ [key]: new Date(Date.now() + 3600_000).toISOString() });
    const context = await organiserContext(raffle);
    try {
      await enter(
        {
          email: `early-${key}@example.com`,
          name: 'Early Bird',
          phone: key === 'entryDeadline' ? '+44 7911 123459' : '+44 7911 123460',
        },
        raffle,
      );
      const page = await context.newPage();
      const answers = ['dismiss', 'accept'];
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void (answers.shift() === 'accept' ? dialog.accept() : dialog.dismiss());
      });
      const drawCount = async () =>
        (await send(`${raffle.adminUrl}/raffle/draws`, { tls: adminTls(raffle.certs) })).json<{ draws: unknown[] }>().draws.length;
      const before = await drawCount();
      await page.goto(`${raffle.adminUrl}/raffle/draw.html`);
      await page.fill('#winners', '1');

      await page.click('#draw-button');
      await page.locator('#status[data-state="info"]').waitFor();
      await expect(page.locator('#status').textContent()).resolves.toMatch(/Nothing was drawn/);
      expect(dialogs).toEqual([expect.stringMatching(question)]);
      expect(await drawCount()).toBe(before);

      await page.click('#draw-button');
      await page.locator('#status[data-state="success"]').waitFor();
      expect(dialogs).toHaveLength(2);
      expect(await drawCount()).toBe(before + 1);
      await page.waitForFunction((n) => document.querySelectorAll('#history .draw').length === n, before + 1);
    } finally {
      await context.close();
      await raffle.stop();
    }
  });

  test("another site cannot make the organiser's browser draw: an auto-submitted form and a no-cors fetch draw nothing", async () => {
    await enter({ email: 'target@example.com', name: 'Target', phone: '+44 7911 123461' });
    const drawsBefore = (await send(`${runtime.adminUrl}/raffle/draws`, { tls: adminTls(runtime.certs) })).json<{ draws: unknown[] }>()
      .draws.length;
    const drawUrl = `${runtime.adminUrl}/raffle/draw`;
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
    const context = await organiserContext();
    try {
      // The organiser's browser holds the client certificate and has used it.
      const organiser = await context.newPage();
      await organiser.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await organiser.waitForFunction(() => /^\d+ entrants?$/.test(document.getElementById('count')?.textContent ?? ''));

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
          () => requestLog.slice(logged).some((line) => line.startsWith('POST /raffle/draw ')),
          `the forged draw (${attack}) to reach the admin server`,
        );
        const answered = requestLog.slice(logged).filter((line) => line.startsWith('POST /raffle/draw '));
        expect({ attack, answered: answered.map((l) => l.split(' ')[2]) }).toEqual({
          attack,
          answered: [expect.stringMatching(/^4\d\d$/)],
        });
        await page.close();
      }
      const draws = (await send(`${runtime.adminUrl}/raffle/draws`, { tls: adminTls(runtime.certs) })).json<{ draws: unknown[] }>().draws;
      expect(draws).toHaveLength(drawsBefore);
    } finally {
      await context.close();
      await new Promise((resolve) => attacker.close(resolve));
    }
  });

  test('renders a hostile entrant name as text in the winners and the past draws', async () => {
    await enter({ email: 'mallory@example.com', name: HOSTILE_NAME, phone: '+44 7911 123457' });

    const context = await organiserContext();
    try {
      const page = await context.newPage();
      const seen = watch(page);
      const drawRequests: string[] = [];
      page.on('request', (req) => {
        if (req.url().endsWith('/raffle/draw')) drawRequests.push(req.headers()['idempotency-key'] ?? '');
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.waitForFunction(() => /^\d+ entrants?$/.test(document.getElementById('count')?.textContent ?? ''));
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
      expect(seen.dialogs).toEqual([]);
      expect(seen.problems).toEqual([]);
      expect(drawRequests).toHaveLength(1);
      expect(drawRequests[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

      // Nobody is left: a second click (a fresh key) says so instead of failing.
      await page.click('#draw-button');
      await page.locator('#status[data-state="info"]').waitFor();
      await expect(page.locator('#status').textContent()).resolves.toMatch(/No one is eligible/);
      expect(drawRequests).toHaveLength(2);
      expect(drawRequests[1]).not.toBe(drawRequests[0]);
    } finally {
      await context.close();
    }
  });

  test('a draw that fails on the network is retried with the same Idempotency-Key', async () => {
    const context = await organiserContext();
    try {
      const page = await context.newPage();
      const keys: string[] = [];
      // The first attempt dies on the network (as a dropped connection would); later ones go through.
      await page.route('**/raffle/draw', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) await route.abort('connectionreset');
        else await route.continue();
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.click('#draw-button');
      // Everyone has won by now, so the retried request reaches the handler and gets its 409.
      await page.locator('#status[data-state="info"]').waitFor();
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[0]).not.toBe('');
    } finally {
      await context.close();
    }
  });
});
