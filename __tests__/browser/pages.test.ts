/**
 * The pages in a real browser: Debian's Chromium driven by playwright-core, against the local runtime
 * (real handlers, DynamoDB Local, the mutual-TLS admin server). No skip: a missing Chromium fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ENV } from '../../model/functions';
import { startRuntime, type Runtime } from '../../local/runtime';
import { postJson } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';

jest.setTimeout(120_000);

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

let localDir: string;
let runtime: Runtime;
let browser: Browser;

beforeAll(async () => {
  localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-browser-'));
  // Start both at once: Chromium's launch overlaps the runtime's build and Java start-up.
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startRuntime({ port: 0, adminPort: 0, localDir, inMemory: true }), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  fs.rmSync(localDir, { recursive: true, force: true });
});

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

  test('shows inline validation, then the confirmation, then the already-registered message', async () => {
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${runtime.publicUrl}/`);
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '0 people have entered.');

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
    await expect(page.locator('#status').textContent()).resolves.toMatch(/You are registered/);
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBeNull();
    await page.waitForFunction(() => document.getElementById('count')?.textContent === '1 person has entered.');

    await page.click('#submit');
    await page.locator('#status[data-state="info"]').waitFor();
    await expect(page.locator('#status').textContent()).resolves.toMatch(/already registered/);
    await expect(page.locator('#submit').isEnabled()).resolves.toBe(true);

    expect(seen.problems).toEqual([]);
    expect(seen.dialogs).toEqual([]);
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
    // The apply function reads ENTRY_DEADLINE per request, from the environment the runtime set up.
    process.env[ENV.entryDeadline] = '2000-01-01T00:00:00Z';
    context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/apply.html`);
      await page.fill('#email', 'late@example.com');
      await page.fill('#name', 'Late Comer');
      await page.fill('#phone', '+44 7911 123458');
      await page.click('#submit');
      await page.locator('#status[data-state="info"]').waitFor();
      await expect(page.locator('#status').textContent()).resolves.toMatch(/Entries are closed/);
      await expect(page.locator('#submit').isDisabled()).resolves.toBe(true);
    } finally {
      delete process.env[ENV.entryDeadline];
    }
  });
});

describe('draw.html over mutual TLS', () => {
  test('before the scheduled draw, asks the organiser first: dismissing draws nothing, accepting draws early', async () => {
    expect(
      (await postJson(`${runtime.publicUrl}/raffle/apply`, { email: 'early@example.com', name: 'Early Bird', phone: '+44 7911 123459' }))
        .status,
    ).toBe(201);
    // The draw function reads DRAW_SCHEDULE per request, from the environment the runtime set up.
    process.env[ENV.drawSchedule] = new Date(Date.now() + 3600_000).toISOString();
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: runtime.adminUrl, certPath: runtime.certs.clientCertPath, keyPath: runtime.certs.clientKeyPath }],
    });
    try {
      const page = await context.newPage();
      const answers = ['dismiss', 'accept'];
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void (answers.shift() === 'accept' ? dialog.accept() : dialog.dismiss());
      });
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.fill('#winners', '1');

      await page.click('#draw-button');
      await page.locator('#status[data-state="info"]').waitFor();
      await expect(page.locator('#status').textContent()).resolves.toMatch(/Nothing was drawn/);
      expect(dialogs).toEqual([expect.stringMatching(/A draw is scheduled for .*Draw now anyway\?/s)]);
      await expect(page.locator('#history > li').count()).resolves.toBe(0);

      await page.click('#draw-button');
      await page.locator('#status[data-state="success"]').waitFor();
      expect(dialogs).toHaveLength(2);
      await page.locator('#history > li').first().waitFor();
      await expect(page.locator('#history > li').count()).resolves.toBe(1);
    } finally {
      delete process.env[ENV.drawSchedule];
      await context.close();
    }
  });

  test('renders a hostile entrant name as text in the winners and the past draws', async () => {
    const registered = await postJson(`${runtime.publicUrl}/raffle/apply`, {
      email: 'mallory@example.com',
      name: HOSTILE_NAME,
      phone: '+44 7911 123457',
    });
    expect(registered.status).toBe(201);

    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: runtime.adminUrl, certPath: runtime.certs.clientCertPath, keyPath: runtime.certs.clientKeyPath }],
    });
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
      await page.locator('#history > li').first().waitFor();
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
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      clientCertificates: [{ origin: runtime.adminUrl, certPath: runtime.certs.clientCertPath, keyPath: runtime.certs.clientKeyPath }],
    });
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
