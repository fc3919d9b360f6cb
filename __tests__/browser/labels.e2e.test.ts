/**
 * An entrant finds themselves in a verifiable draw, in a real browser against the local runtime: they
 * confirm their entry on confirm.html and are shown their label; a verifiable draw is made and revealed
 * (its round reached by moving the server's clock), a second one committed and left waiting; on
 * results.html the label is pasted and each verifiable draw says whether it is in the pool, its rank and
 * its outcome (won, not reached, waiting), a label in no pool says so, and no request the page sends
 * carries the label. The page's ranking (site/label-check.js, WebCrypto) is checked against
 * verify/selection.ts for a pool of random labels. Every new state at 1000 and 390 px by expectGoodState.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
import { TestClock } from '../../testkit/clock';
import { poolFile, roundTime, sha256Hex } from '../../verify/commitment';
import { rank, rankingValue } from '../../verify/selection';
import { adminTls, postJson, send } from '../local/http-client';
import { launchChromium, startAll } from '../support/browser';
import { confirmationLink } from '../support/outbox';
import { phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';
import { createRaffle, DAY_MS, enter, expectGoodState, fromNow, setStatus, visitorContext, watch, WIDTHS } from './helpers';

let localDir: string;
let runtime: Runtime;
let browser: Browser;
const clock = new TestClock();
const RAFFLE = 'finder';
const LABEL = /^[0-9a-f]{20}$/;
/** The labels the confirmation page showed, one person per width. */
const shownLabels = new Map<number, string>();
const drawIds = { revealed: '', waiting: '' };

interface DrawAnswer {
  drawId: string;
  verifiable?: { round: number };
}

const ask = (prize: string) =>
  postJson(`${runtime.adminUrl}/raffle/raffles/${RAFFLE}/draw`, { mode: 'verifiable', prize }, adminTls(runtime.certs), {
    'idempotency-key': `label-${prize}`,
  });

/** A published file of a draw, as anyone downloads it. */
async function published(drawId: string, name: string): Promise<string> {
  const res = await send(`${runtime.publicUrl}/draws/${drawId}/${name}`);
  expect(res.status).toBe(200);
  return res.text;
}

beforeAll(async () => {
  localDir = tmpDir('raffle-labels-');
  [runtime, browser] = await startAll<[Runtime, Browser]>(
    [startTestRuntime({ config: testConfig({ verifiable: { marginSeconds: 90 } }), localDir, clock }), launchChromium()],
    (started) => (started as { stop?: () => Promise<void>; close?: () => Promise<void> }).stop?.() ?? (started as Browser).close(),
  );
  await createRaffle(runtime, {
    raffleId: RAFFLE,
    title: 'Finder raffle',
    prizes: [
      { name: 'Lamp', winners: 1 },
      { name: 'Kite', winners: 1 },
    ],
    closesAt: fromNow(runtime, DAY_MS),
    verifiableDraws: true,
  });
  for (let i = 0; i < 6; i++) await enter(runtime, RAFFLE, { email: `other${i}@example.com`, name: `Other ${i}`, phone: phoneOf(300 + i) });
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  if (localDir) fs.rmSync(localDir, { recursive: true, force: true });
});

/** Every request the page sends: its URL and body. */
function requests(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (req) => sent.push(`${req.method()} ${req.url()} ${req.postData() ?? ''}`));
  return sent;
}

describe('confirm.html: the label', () => {
  test.each([WIDTHS.laptop, WIDTHS.phone])('at %i px: shown once confirmed, with what it is for, selectable whole', async (width) => {
    const email = `finder${width}@example.com`;
    const applied = await postJson(`${runtime.publicUrl}/raffle/raffles/${RAFFLE}/apply`, {
      email,
      name: `Finder ${width}`,
      phone: phoneOf(400 + width),
    });
    expect(applied.status).toBe(202);
    const context = await visitorContext(browser, width);
    try {
      const page = await context.newPage();
      const problems = watch(page);
      await page.goto(confirmationLink(runtime.outboxDir, email).url);
      await expect(page.locator('#label-box').isVisible()).resolves.toBe(false);
      await page.click('#confirm-button');
      await page.locator('#label-box').waitFor();
      const label = (await page.locator('#label').textContent()) ?? '';
      expect(label).toMatch(LABEL);
      await expect(page.locator('#label-box').textContent()).resolves.toContain(
        'Keep this code: after a verifiable draw you can check on the results page that you were in the draw.',
      );
      await expect(page.locator('#label').evaluate((e) => getComputedStyle(e).userSelect)).resolves.toBe('all');
      await expect(page.locator('#label').evaluate((e) => getComputedStyle(e).fontFamily)).resolves.toMatch(/monospace/);
      await page.waitForFunction(() => document.getElementById('back-link')?.textContent === 'Back to the raffle: Finder raffle');
      await expectGoodState(page, 'confirm-label');
      // Back (or a reload) shows it again without a second confirmation.
      await page.reload();
      await page.locator('#label-box').waitFor();
      await expect(page.locator('#label').textContent()).resolves.toBe(label);
      expect(problems).toEqual([]);
      shownLabels.set(width, label);
    } finally {
      await context.close();
    }
  });
});

describe('results.html: finding a label', () => {
  beforeAll(async () => {
    await setStatus(runtime, RAFFLE, 'closed');
    const committed = await ask('Lamp');
    expect(committed.status).toBe(202);
    clock.advanceTo(roundTime(committed.json<DrawAnswer>().verifiable!.round) * 1000);
    drawIds.revealed = (
      await eventually(async () => {
        const answer = await ask('Lamp');
        return answer.status === 201 || answer.status === 200 ? answer.json<DrawAnswer>() : null;
      }, 'the verifiable draw after its round')
    ).drawId;
    const waiting = await ask('Kite');
    expect(waiting.status).toBe(202);
    drawIds.waiting = waiting.json<DrawAnswer>().drawId;
  });

  test.each([WIDTHS.laptop, WIDTHS.phone])(
    'at %i px: each draw says pool, rank and outcome, from the published files, and no request carries the label',
    async (width) => {
      const mine = shownLabels.get(width) ?? '';
      expect(mine).toMatch(LABEL);
      // What the page must say, worked out here from the same files with verify/selection.ts.
      const pool = (await published(drawIds.revealed, 'pool.txt')).trimEnd().split('\n');
      const beacon = JSON.parse(await published(drawIds.revealed, 'beacon.json')) as { randomness: string };
      const result = JSON.parse(await published(drawIds.revealed, 'result.json')) as { sequence: { label: string; outcome: string }[] };
      const poolHash = sha256Hex(poolFile(pool));
      const ranking = rank(beacon.randomness, poolHash, pool);
      const winner = result.sequence.find((s) => s.outcome === 'won')!.label;
      const unreached = ranking.find((l) => !result.sequence.some((s) => s.label === l))!;
      const waitingPool = (await published(drawIds.waiting, 'pool.txt')).trimEnd().split('\n');
      const stranger = randomBytes(10).toString('hex');
      expect(pool).toContain(mine);

      const context = await visitorContext(browser, width);
      try {
        const page = await context.newPage();
        const problems = watch(page);
        const sent = requests(page);
        await page.goto(`${runtime.publicUrl}/results.html?raffle=${RAFFLE}`);
        await page.locator('#label-check').waitFor();
        const check = async (label: string) => {
          await page.fill('#label-input', label);
          await page.click('#label-submit');
          await page.locator('#label-results .label-draw').nth(1).waitFor();
          const at = (id: string) => page.locator(`#label-results .label-draw[data-draw-id="${id}"]`);
          return {
            revealed: [await at(drawIds.revealed).getAttribute('data-state'), await at(drawIds.revealed).textContent()],
            waiting: [await at(drawIds.waiting).getAttribute('data-state'), await at(drawIds.waiting).textContent()],
          };
        };
        const rankText = (label: string) => `In the pool, ranked ${ranking.indexOf(label) + 1} of ${pool.length}.`;
        const waitingFor = (label: string) => (waitingPool.includes(label) ? 'waiting' : 'absent');

        const own = await check(mine);
        const ownState = mine === winner ? 'won' : ranking.indexOf(mine) < ranking.indexOf(winner) ? 'skipped' : 'not-reached';
        expect(own.revealed[0]).toBe(ownState);
        expect(own.revealed[1]).toContain(rankText(mine));
        expect(own.waiting[0]).toEqual(waitingFor(mine));
        await expectGoodState(page, 'results-label-found');

        const won = await check(winner);
        expect(won.revealed).toEqual(['won', expect.stringContaining(`${rankText(winner)} Won.`) as unknown]);
        expect(won.waiting).toEqual(['absent', expect.stringContaining('Not in this draw’s pool') as unknown]);

        const later = await check(unreached);
        expect(later.revealed).toEqual([
          'not-reached',
          expect.stringContaining(`${rankText(unreached)} Not reached: the winners were found at earlier ranks.`) as unknown,
        ]);
        expect(later.waiting[0]).toEqual(waitingFor(unreached));
        if (waitingPool.includes(unreached))
          expect(later.waiting[1]).toContain('In the pool. Its rank is known once the beacon round exists.');

        const nobody = await check(stranger);
        expect(nobody.revealed).toEqual([
          'absent',
          expect.stringContaining(`Not in this draw’s pool (of ${pool.length} codes).`) as unknown,
        ]);
        expect(nobody.waiting[0]).toBe('absent');
        await expectGoodState(page, 'results-label-absent');

        // Not a code: said beside the field, and nothing looked up.
        await page.fill('#label-input', 'not a code');
        await page.click('#label-submit');
        await page.locator('#label-error').waitFor();
        await expect(page.locator('#label-results').textContent()).resolves.toBe('');
        await expectGoodState(page, 'results-label-invalid');

        // No request (address, query or body) carried any label the page was given, nor did the address bar.
        expect(sent.length).toBeGreaterThan(0);
        for (const label of [mine, winner, unreached, stranger]) {
          expect(sent.filter((r) => r.includes(label))).toEqual([]);
          expect(page.url()).not.toContain(label);
        }
        const files = sent.filter((r) => r.includes('/draws/')).map((r) => new URL(r.split(' ')[1]).pathname);
        expect(files.length).toBeGreaterThan(0);
        for (const path of files) expect(path).toMatch(/^\/draws\/[0-9a-f]{32}\/(pool\.txt|beacon\.json|result\.json)$/);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

describe("site/label-check.js's ranking", () => {
  it('gives each label the rank and ranking value verify/selection.ts gives it', async () => {
    const labels = Array.from({ length: 300 }, () => randomBytes(10).toString('hex'));
    const randomness = randomBytes(32).toString('hex');
    const poolHash = sha256Hex(poolFile(labels));
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      await page.goto(`${runtime.publicUrl}/results.html`);
      const picked = [labels[0], labels[17], labels[150], labels[299]];
      // A string, so that jest's transform leaves its import() alone: the module as the page loads it.
      const inPage = (await page.evaluate(`(async () => {
        const m = await import('/label-check.js');
        const [labels, randomness, poolHash, picked] = ${JSON.stringify([labels, randomness, poolHash, picked])};
        const values = await m.rankingValues(randomness, poolHash, picked);
        const ranks = await Promise.all(picked.map((label) => m.rankOf(label, labels, randomness, poolHash)));
        return { values, ranks, absent: await m.rankOf('ffffffffffffffffffff', labels, randomness, poolHash) };
      })()`)) as unknown;
      const ranking = rank(randomness, poolHash, labels);
      expect(inPage).toEqual({
        values: picked.map((label) => rankingValue(randomness, poolHash, label)),
        ranks: picked.map((label) => ranking.indexOf(label) + 1),
        absent: null,
      });
    } finally {
      await context.close();
    }
  });

  it('reads each outcome of a walk, and refuses a pool that does not match its commitment, from files it is served', async () => {
    const labels = Array.from({ length: 6 }, () => randomBytes(10).toString('hex'));
    const randomness = randomBytes(32).toString('hex');
    const pool = poolFile(labels);
    const poolHash = sha256Hex(pool);
    const r = rank(randomness, poolHash, labels);
    const SKIP = 'no longer eligible (won another draw, or erased)';
    const sequence = [
      { label: r[0], outcome: 'skipped', reason: SKIP },
      { label: r[1], outcome: 'won', voided: true },
      { label: r[2], outcome: 'won' },
      { label: r[3], outcome: 'won', forDraw: 'b'.repeat(32) },
      // The walk's timed reason for a skip: the label won another draw of the raffle (worded by the page, in its language).
      { label: r[4], outcome: 'skipped', reason: 'won draw dddddddd', wonIn: 'd'.repeat(32), wonAt: '2026-12-01T10:00:00.000Z' },
    ];
    const [good, bad] = ['a'.repeat(32), 'c'.repeat(32)];
    const context = await visitorContext(browser, WIDTHS.laptop);
    try {
      const page = await context.newPage();
      // The draws' files, as a site would publish them; the second draw's pool is not the one committed.
      await page.route('**/draws/**', (route) => {
        const [, id, name] = /\/draws\/([0-9a-f]+)\/([a-z.]+)$/.exec(new URL(route.request().url()).pathname) ?? [];
        const body = {
          'pool.txt': id === good ? pool : poolFile(labels.slice(1)),
          'beacon.json': JSON.stringify({ round: 7, signature: '', randomness }),
          'result.json': JSON.stringify({ drawId: id, sequence }),
        }[name];
        return body === undefined ? route.fulfill({ status: 404 }) : route.fulfill({ status: 200, body });
      });
      await page.goto(`${runtime.publicUrl}/results.html`);
      const draw = (drawId: string) => ({ drawId, status: 'complete', verifiable: { poolHash } });
      const inPage = (await page.evaluate(`(async () => {
        const m = await import('/label-check.js');
        const [labels, good, bad] = ${JSON.stringify([[...r, 'f'.repeat(20)], draw(good), draw(bad)])};
        const mine = await Promise.all(labels.map((label) => m.checkDraw(good, label)));
        return { mine, bad: await m.checkDraw(bad, labels[0]) };
      })()`)) as unknown;
      const ranked = (i: number) => `In the pool, ranked ${i + 1} of 6.`;
      expect(inPage).toEqual({
        mine: [
          { state: 'skipped', lines: [ranked(0), `Skipped, for the reason the draw’s files give: ${SKIP}`] },
          { state: 'voided', lines: [ranked(1), 'Won, but the win was voided; the next code of the ranking took its place.'] },
          { state: 'won', lines: [ranked(2), 'Won.'] },
          { state: 'won', lines: [ranked(3), 'Won, replacing a voided winner.'] },
          {
            state: 'skipped',
            lines: [ranked(4), expect.stringMatching(/^Skipped: it had won draw dddddddd \(.*2026.*\), and one person wins once\.$/)],
          },
          { state: 'not-reached', lines: [ranked(5), 'Not reached: the winners were found at earlier ranks.'] },
          { state: 'absent', lines: ['Not in this draw’s pool (of 6 codes).'] },
        ],
        bad: { state: 'mismatch', lines: ['This draw’s published list does not match its commitment: check the draw with verify-draw.'] },
      });
    } finally {
      await context.close();
    }
  });
});
