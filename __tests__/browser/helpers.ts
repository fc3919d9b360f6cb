/**
 * What the browser tests share: raffles made through the admin API (as the organiser's console or a
 * script would), entrants registered and confirmed through the public API, the organiser's browser
 * context with its client certificate, what a page must never do (script errors, CSP violations), its
 * dialogs answered in turn, and the checks of a page's state: its layout at a width with its screenshot
 * (for a person to look at: never committed), axe-core's audit, and no message key shown raw.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { Runtime } from '../../local/runtime';
import type { RaffleView } from '../../model/api';
import { adminTls, postJson, send } from '../local/http-client';
import { confirmationLink } from '../support/outbox';
import { CEILING_MS } from '../support/wait';

// axe-core's browser build, evaluated in the page (page.evaluate is not subject to the page's CSP, a script tag would be).
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Person {
  readonly email: string;
  readonly name: string;
  readonly phone: string;
}

export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'raffle-browser-screenshots');

/** The widths every page is looked at: a laptop and a phone. */
export const WIDTHS = { laptop: 1000, phone: 390 } as const;

/** An admin API call with the organiser's certificate (and a fresh Idempotency-Key on a write). */
export async function adminCall<T>(
  runtime: Runtime,
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const answer = await send(`${runtime.adminUrl}${pathAndQuery}`, {
    method,
    tls: adminTls(runtime.certs),
    headers: body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: answer.status, body: answer.text ? answer.json<T>() : (undefined as T) };
}

/** A raffle created as the organiser creates one; published unless the fields say "status": "draft". */
export async function createRaffle(runtime: Runtime, fields: Record<string, unknown>): Promise<RaffleView> {
  const answer = await adminCall<RaffleView>(runtime, 'POST', '/raffle/raffles', { status: 'open', ...fields });
  expect({ raffleId: fields.raffleId, status: answer.status }).toEqual({ raffleId: fields.raffleId, status: 201 });
  return answer.body;
}

/** Its status changed by the organiser ("closed", "archived", …). */
export async function setStatus(runtime: Runtime, raffleId: string, status: string): Promise<void> {
  const answer = await adminCall(runtime, 'PATCH', `/raffle/raffles/${raffleId}`, { status });
  expect({ raffleId, status: answer.status }).toEqual({ raffleId, status: 200 });
}

/** An instant `ms` from now on the runtime's clock, as the API takes it. */
export function fromNow(runtime: Runtime, ms: number): string {
  return new Date(runtime.clock.now().getTime() + ms).toISOString();
}

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Registers through the public API: confirmed from the emailed link when the raffle confirms by email
 * (as a person with their mailbox would), counted at once when it does not. The entry counts.
 */
export async function enter(runtime: Runtime, raffleId: string, person: Person, consent = false): Promise<void> {
  const applied = await postJson(`${runtime.publicUrl}/raffle/raffles/${raffleId}/apply`, consent ? { ...person, consent: true } : person);
  if (applied.status === 201) return;
  expect({ email: person.email, status: applied.status }).toEqual({ email: person.email, status: 202 });
  const { token } = confirmationLink(runtime.outboxDir, person.email);
  expect((await postJson(`${runtime.publicUrl}/raffle/confirm`, { token })).status).toBe(200);
}

/** A raffle's confirmed entrants, as the public sees the number. */
export async function publicCount(runtime: Runtime, raffleId: string): Promise<number> {
  return (await send(`${runtime.publicUrl}/raffle/raffles/${raffleId}`)).json<{ count: number }>().count;
}

/** The organiser's browser: the client certificate for the admin door, the dev CA's certificate accepted. */
export async function organiserContext(
  browser: Browser,
  runtime: Runtime,
  options: { viewport?: { width: number; height: number }; isMobile?: boolean; timezoneId?: string; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: WIDTHS.laptop, height: 900 },
    ignoreHTTPSErrors: true,
    clientCertificates: [{ origin: runtime.adminUrl, certPath: runtime.certs.clientCertPath, keyPath: runtime.certs.clientKeyPath }],
    ...options,
  });
  // A page that polls (a verifiable draw every 3 s of its own) may take a few rounds of it on a busy machine.
  context.setDefaultTimeout(CEILING_MS);
  return context;
}

/** A visitor's browser at a width (a phone's is a touch screen). */
export function visitorContext(
  browser: Browser,
  width: number,
  options: { timezoneId?: string; locale?: string } = {},
): Promise<BrowserContext> {
  const phone = width <= WIDTHS.phone;
  return browser.newContext({ viewport: { width, height: phone ? 844 : 900 }, isMobile: phone, hasTouch: phone, ...options });
}

/** Script errors, CSP violations and failed loads (an API's 4xx answer aside: Chromium logs those too). */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of (400|403|404|409)/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return problems;
}

/**
 * Answers the page's dialogs in turn: false dismisses, true accepts, a string accepts a prompt with it;
 * nothing left to answer dismisses. Returns their messages.
 */
export function answerDialogs(page: Page, answers: (boolean | string)[]): string[] {
  const messages: string[] = [];
  page.on('dialog', (dialog) => {
    messages.push(dialog.message());
    const answer = answers.shift();
    void (answer === undefined || answer === false ? dialog.dismiss() : dialog.accept(answer === true ? undefined : answer));
  });
  return messages;
}

/**
 * The page at its width: nothing sticks out sideways (but inside a box that scrolls), the page itself
 * never scrolls sideways; a full-page screenshot is written for a person to look at.
 */
export async function expectFits(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const outside = await page.evaluate((w) => {
    const edge = w + 0.5;
    return Array.from(document.querySelectorAll('body *'))
      .filter((e) => {
        if (e.getBoundingClientRect().right <= edge) return false;
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) return false;
        }
        return true;
      })
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).replace(/ /g, '.')}` : ''}`);
  }, width);
  expect({ page: name, width, outside }).toEqual({ page: name, width, outside: [] });
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(width);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
  await page.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(5_000);
}

/** A screenshot of one part of a page (a form, a chart), for a person to look at closely. */
export async function shootPart(part: Locator, name: string): Promise<void> {
  const width = part.page().viewportSize()?.width ?? 0;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await part.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}-part.png`) });
}

/** One axe-core violation, as much as a failing test needs to say where and why. */
interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: string[];
}

/**
 * axe-core's audit of the page as it is now, with every rule axe enables by default (WCAG 2.x A and AA,
 * and its best practices such as landmark-unique and region): there must be no violation.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: any[] }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n: { target: string[] }) => n.target.join(' ')),
    }));
  });
  expect({ page: name, violations }).toEqual({ page: name, violations: [] as Violation[] });
}

/** No text or label on the page is a message key that no language file has (model/i18n.ts shows those as ⟦key⟧). */
export async function expectNoRawKeys(page: Page, name: string): Promise<void> {
  const raw = await page.evaluate(() => {
    const attributes = Array.from(document.querySelectorAll('[aria-label],[placeholder],[title]')).flatMap((e) =>
      ['aria-label', 'placeholder', 'title'].map((a) => e.getAttribute(a) ?? ''),
    );
    return [document.title, document.body.innerText, ...attributes].join('\n').match(/⟦[^⟧]*⟧/g) ?? [];
  });
  expect({ page: name, raw }).toEqual({ page: name, raw: [] });
}

/**
 * Every check of one state of a page at the context's width: it fits (and a screenshot is written),
 * axe finds nothing, and no raw message key shows.
 */
export async function expectGoodState(page: Page, name: string): Promise<void> {
  await expectFits(page, name);
  await expectAccessible(page, name);
  await expectNoRawKeys(page, name);
}
