/**
 * The world the cases aim at, made through the API as an organiser and entrants would: a raffle of each
 * kind (open with confirmation, instant, upcoming, closed, draft, drawn, archived; ./fuzz-draft.ts
 * FUZZ_RAFFLES), entrants, two draws, and confirmation tokens read from the outbox. Its ids and tokens
 * are random, its shape is not: a replayed case finds the same kind of thing under the same names.
 */
import { readOutbox } from '../local/outbox';
import { ROUTES, type RouteDefinition } from '../model/routes';
import { FUZZ_RAFFLES, type FuzzContext } from './fuzz-draft';
import type { FuzzTable } from './fuzz-store';
import { exchange, type RawTarget } from './raw-http';

/** Where the runtime is: its two doors, its table, and its outbox. */
export interface FuzzTarget {
  readonly publicPort: number;
  readonly adminPort: number;
  /** The dev CA and the admin client certificate (runtime.certs). */
  readonly adminTls: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
  readonly table: FuzzTable;
  readonly outboxDir: string;
}

export function doorOf(target: FuzzTarget, api: 'public' | 'admin'): RawTarget {
  return api === 'public' ? { port: target.publicPort } : { port: target.adminPort, tls: target.adminTls };
}

const SETUP_CEILING_MS = 60_000;
const DAY_MS = 24 * 3600 * 1000;

async function call(
  target: FuzzTarget,
  api: 'public' | 'admin',
  route: RouteDefinition,
  params: Record<string, string>,
  body?: unknown,
  key?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const path = route.path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => encodeURIComponent(params[name]));
  const headers: Array<[string, string]> = body === undefined ? [] : [['Content-Type', 'application/json']];
  if (key) headers.push(['Idempotency-Key', key]);
  const out = await exchange(
    doorOf(target, api),
    { method: route.method, target: path, headers, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)), framing: 'length' },
    SETUP_CEILING_MS,
  );
  if (out.kind !== 'answer') throw new Error(`set-up: ${route.method} ${path}: ${out.kind}`);
  return { status: out.status, json: JSON.parse(out.body.toString('utf8') || '{}') as Record<string, unknown> };
}

async function expectStatus(
  what: string,
  statuses: number[],
  answer: Promise<{ status: number; json: unknown }>,
): Promise<Record<string, unknown>> {
  const { status, json } = await answer;
  if (!statuses.includes(status)) throw new Error(`set-up: ${what} answered ${status} ${JSON.stringify(json)}`);
  return json as Record<string, unknown>;
}

/** Makes the raffles and what the cases name; `now` is the runtime's clock. */
export async function prepare(target: FuzzTarget, now: Date): Promise<FuzzContext> {
  const at = (days: number): string => new Date(now.getTime() + days * DAY_MS).toISOString();
  const create = (raffleId: string, fields: Record<string, unknown>) =>
    expectStatus(
      `creating ${raffleId}`,
      [201],
      call(
        target,
        'admin',
        ROUTES.createRaffle,
        {},
        { raffleId, title: `Fuzz ${raffleId}`, prizes: [{ name: 'Prize', winners: 2 }], closesAt: at(7), ...fields },
        `setup-${raffleId}`,
      ),
    );
  const edit = (raffleId: string, fields: Record<string, unknown>) =>
    expectStatus(`editing ${raffleId}`, [200], call(target, 'admin', ROUTES.editRaffle, { raffleId }, fields, `setup-edit-${raffleId}`));
  const apply = (raffleId: string, i: number, status: number) =>
    expectStatus(
      `registering in ${raffleId}`,
      [status],
      call(
        target,
        'public',
        ROUTES.apply,
        { raffleId },
        { email: `setup${i}@example.com`, name: `Setup Entrant ${i}`, phone: `+1415555${String(9000 + i)}`, consent: true },
      ),
    );

  await create(FUZZ_RAFFLES.open, { status: 'open', confirmEntries: true, rulesUrl: 'https://example.com/rules' });
  await create(FUZZ_RAFFLES.instant, { status: 'open', confirmEntries: false });
  await create(FUZZ_RAFFLES.upcoming, { status: 'open', opensAt: at(30), closesAt: at(60) });
  await create(FUZZ_RAFFLES.closed, { status: 'open', confirmEntries: false });
  await create(FUZZ_RAFFLES.draft, {});
  // With a claim period: its winners' claims are real, for the claim routes to find.
  await create(FUZZ_RAFFLES.drawn, {
    status: 'open',
    confirmEntries: false,
    claimDays: 7,
    prizes: [
      { name: 'Prize', winners: 2 },
      { name: 'Another', winners: 1 },
    ],
  });
  await create(FUZZ_RAFFLES.archived, { status: 'open', confirmEntries: false });

  const entrants: string[] = [];
  for (let i = 0; i < 12; i++) {
    await apply(FUZZ_RAFFLES.drawn, i, 201);
    entrants.push(`setup${i}@example.com`);
  }
  for (let i = 20; i < 24; i++) {
    await apply(FUZZ_RAFFLES.open, i, 202);
    entrants.push(`setup${i}@example.com`);
  }
  await apply(FUZZ_RAFFLES.closed, 30, 201);
  await edit(FUZZ_RAFFLES.closed, { status: 'closed' });
  await edit(FUZZ_RAFFLES.archived, { status: 'archived' });
  for (const key of ['setup-draw-1', 'setup-draw-2']) {
    await expectStatus(
      'a draw',
      [201],
      call(target, 'admin', ROUTES.draw, { raffleId: FUZZ_RAFFLES.drawn }, { early: true, winners: 2 }, key),
    );
  }
  const draws = (await expectStatus('the draws', [200], call(target, 'admin', ROUTES.draws, { raffleId: FUZZ_RAFFLES.drawn })))
    .draws as Array<{
    drawId: string;
    winners: Array<{ ticket: number; email?: string }>;
  }>;
  const linked = (page: string): string[] =>
    readOutbox(target.outboxDir)
      .map((m) => new RegExp(`${page}\\.html\\?token=([A-Za-z0-9_-]+)`).exec(m.text)?.[1])
      .filter((t): t is string => t !== undefined);
  // The winners' claim links come from the draws' announcements (the stream, then notify): waited for, not slept on.
  const winners = draws.reduce((n, d) => n + d.winners.length, 0);
  const ceiling = Date.now() + SETUP_CEILING_MS;
  while (linked('claim').length < winners && Date.now() < ceiling) await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    drawIds: draws.map((d) => d.drawId),
    winnerTickets: draws.flatMap((d) => d.winners.map((w) => w.ticket)),
    winnerEmails: draws.flatMap((d) => d.winners.flatMap((w) => (w.email ? [w.email] : []))),
    tokens: linked('confirm'),
    claimTokens: linked('claim'),
    entrantEmails: entrants,
    adminPort: target.adminPort,
  };
}
