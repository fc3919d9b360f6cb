/**
 * The organiser's door in a real browser: draw.html over mutual TLS against the local runtime. An early
 * draw asks first, in words with the time in the organiser's own zone, and the focus lands on the winners
 * or the message; another site cannot make the organiser's browser draw; hostile names stay text; a
 * failed draw takes the last winners away; a draw that fails on the network is retried with its key; and
 * draw.html opened on the public site says where the console is, and nothing else. No skip: a missing
 * Chromium fails.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Browser, Route } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
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
  HOUR_MS,
  organiserContext,
  setStatus,
  visitorContext,
  watch,
  WIDTHS,
} from './helpers';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

let localDir: string;
let runtime: Runtime;
let browser: Browser;
/** The runtime's request log: what reached the servers, e.g. "POST /raffle/raffles/target/draw 403 3 ms". */
const requestLog: string[] = [];

beforeAll(async () => {
  localDir = tmpDir('raffle-door-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig(), localDir, log: (line) => requestLog.push(line) }), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

describe('draw.html over mutual TLS', () => {
  test.each([
    [
      'its closing time',
      'deadline',
      /^Entries are open until (.+)\. People who enter after a draw now cannot win it\.\n\nDraw now anyway\?$/,
    ],
    ['its scheduled draw', 'scheduled', /^A draw is scheduled for (.+)\. Drawing now cancels the scheduled draw\.\n\nDraw now anyway\?$/],
  ] as const)(
    'before %s, asks the organiser first, in words, with the time in their own zone: dismissing draws nothing (the focus on the message), accepting draws early (the focus on the winners)',
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
      // An organiser in New York: the times are said in their zone (EST in December, EDT in summer), never as UTC's ISO.
      const context = await organiserContext(browser, runtime, { timezoneId: 'America/New_York' });
      try {
        const page = await context.newPage();
        const dialogs = answerDialogs(page, [false, true]);
        const drawCount = async () =>
          (await adminCall<{ draws: unknown[] }>(runtime, 'GET', `/raffle/raffles/${raffleId}/draws`)).body.draws.length;
        await page.goto(`${runtime.adminUrl}/raffle/draw.html?raffle=${raffleId}`);
        await page.locator('#draw-section:not([hidden])').waitFor();

        await page.click('#draw-button');
        await page.locator('#status[data-state="info"]').waitFor();
        await expect(page.locator('#status').textContent()).resolves.toBe('Nothing was drawn.');
        expect(dialogs).toEqual([expect.stringMatching(question)]);
        const time = question.exec(dialogs[0])![1];
        expect(time).toMatch(/ E[SD]T$/);
        expect(time).not.toMatch(/\d{4}-\d\d-\d\dT|Z$/);
        expect(await drawCount()).toBe(0);
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('status');

        await page.click('#draw-button');
        await page.locator('#status[data-state="success"]').waitFor();
        expect(dialogs).toHaveLength(2);
        expect(await drawCount()).toBe(1);
        await page.waitForFunction(() => document.querySelectorAll('#history .draw').length === 1);
        // After the draw the keyboard is at the winners, not on <body>.
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('result-heading');
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
      // A name is isolated in its own <bdi>: a right-to-left name keeps what follows it on its side.
      await expect(page.locator('#winners-list bdi.name', { hasText: HOSTILE_NAME }).count()).resolves.toBe(1);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('main').innerHTML()).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(problems).toEqual([]);
      expect(dialogs).toEqual([expect.stringMatching(/Draw now anyway\?/)]);
      // Asked, then sent again with "early" under the same key: one key for the one draw.
      expect(new Set(drawRequests).size).toBe(1);
      expect(drawRequests[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

      // Nobody is left: a second click (a fresh key) says so instead of failing, and the last draw's winners
      // no longer stand beside it as if they were its result; the focus is on the message.
      await expect(page.locator('#result').isVisible()).resolves.toBe(true);
      await page.click('#draw-button');
      await page.waitForFunction(() => /No one is eligible/.test(document.getElementById('status')?.textContent ?? ''));
      expect(new Set(drawRequests).size).toBe(2);
      await expect(page.locator('#result').isHidden()).resolves.toBe(true);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('status');
    } finally {
      await context.close();
    }
  });

  test.each([
    // As a dropped connection would.
    ['fails on the network', (route: Route) => route.abort('connectionreset')],
    // What API Gateway answers itself when Lambda refuses the call (the draw function throttled): not the API's error body.
    [
      "is answered by the gateway's own 500 (a throttled function)",
      (route: Route) => route.fulfill({ status: 500, json: { message: 'Internal Server Error' } }),
    ],
  ])('a draw that %s is retried with the same Idempotency-Key', async (_what, firstAttempt) => {
    const context = await organiserContext(browser, runtime);
    try {
      const page = await context.newPage();
      const keys: string[] = [];
      // The first attempt fails; later ones go through.
      await page.route('**/raffle/raffles/target/draw', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) await firstAttempt(route);
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

  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px, draw.html on the public site says plainly that the console is on the admin address with a certificate, and shows nothing else',
    async (width) => {
      const context = await visitorContext(browser, width);
      try {
        for (const address of ['/draw.html', '/draw.html?raffle=target']) {
          const page = await context.newPage();
          const problems = watch(page);
          await page.goto(`${runtime.publicUrl}${address}`);
          await page.locator('#wrong-door:not([hidden])').waitFor();
          await expect(page.locator('h1').textContent()).resolves.toBe('The organiser’s console is not here');
          await expect(page.locator('#wrong-door').textContent()).resolves.toMatch(/admin address .*client certificate/s);
          // Nothing pretends to work: no list, no raffle, no form, no error, no "Loading…".
          for (const part of [
            '#raffles',
            '#overview',
            '#editor',
            '#draw-section',
            '#entrants',
            '#history-section',
            '#status',
            '#loading',
          ]) {
            await expect(page.locator(part).isHidden()).resolves.toBe(true);
          }
          await expect(page.locator('body').innerText()).resolves.not.toMatch(/HTTP 404|could not be loaded/i);
          await expectGoodState(page, `console-public-site${address.includes('?') ? '-raffle' : ''}`);
          expect(problems).toEqual([]);
          await page.close();
        }
      } finally {
        await context.close();
      }
    },
  );

  test('phones are grouped for reading: the country code, then the national number with its last six digits together (North America 3-3-4); anything else as it is', async () => {
    const context = await organiserContext(browser, runtime);
    try {
      const page = await context.newPage();
      await page.goto(`${runtime.adminUrl}/raffle/draw.html`);
      await page.locator('#raffles-body tr').first().waitFor();
      const cases: Record<string, string> = {
        '+447911123400': '+44 7911 123400',
        '+14155550123': '+1 415 555 0123',
        '+4915112345678': '+49 15112 345678',
        '+33612345678': '+33 612 345678',
        '+3538512345': '+353 8512345',
        '+74951234567': '+7 4951 234567',
        '+12': '+12',
        '07911 123400': '07911 123400',
      };
      // The console's own module, as the page loads it (a string: the test's transform leaves it alone).
      const grouped = await page.evaluate(
        `import('/raffle/draw-text.js').then((m) => ${JSON.stringify(Object.keys(cases))}.map((phone) => m.phoneText(phone)))`,
      );
      expect(grouped).toEqual(Object.values(cases));
    } finally {
      await context.close();
    }
  });
});
