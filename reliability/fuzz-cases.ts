/**
 * The fuzzer's cases: case `i` of a run is made from the run's seed and `i` alone (reliability/prng.ts),
 * so `--seed n --case i` makes it again. Cases 0 … publicCount−1 go to the public door, the rest to the
 * admin door (mutual TLS). Each aims at one route of model/routes.ts (ROUTES), at a real raffle of the
 * run's set-up or a made-up one, starts from a valid request for it, and is spoiled by one family of
 * hostile input (./fuzz-mutations.ts), or left valid.
 *
 * Each case says what may come back: `refusal` (the input is invalid: only a 4xx will do) or `either`
 * (it may be valid: a success is checked for what it stored), and whether it is malformed HTTP (the HTTP
 * server's own 400 or 431 is then a fair answer, as a front door's would be).
 */
import { ROUTES, routesFor, type ApiName, type RouteName } from '../model/routes';
import { FUZZ_RAFFLES, NEEDS_IDEMPOTENCY_KEY, type Draft, type Family, type FuzzCase, type FuzzContext, type FuzzPlan } from './fuzz-draft';
import { mutate } from './fuzz-mutations';
import { BodyBuilder, VALID_NAMES } from './fuzz-values';
import { caseSeed, Rng } from './prng';

export { FUZZ_RAFFLES, type FuzzCase, type FuzzContext, type FuzzPlan } from './fuzz-draft';

const PUBLIC_WEIGHTS: Partial<Record<RouteName, number>> = { apply: 45, confirm: 10, claim: 6, raffle: 12, raffles: 8, results: 14 };

/** The run's case `index`, made again from the seed and the index alone. */
export function makeCase(plan: FuzzPlan, index: number, ctx: FuzzContext): FuzzCase {
  if (!Number.isInteger(index) || index < 0 || index >= plan.publicCount + plan.adminCount) {
    throw new Error(`case ${index} is not in this run (0 to ${plan.publicCount + plan.adminCount - 1})`);
  }
  const rng = new Rng(caseSeed(plan.seed, index));
  const api: ApiName = index < plan.publicCount ? 'public' : 'admin';
  const names = routesFor(api).map((r) => (Object.keys(ROUTES) as RouteName[]).find((n) => ROUTES[n] === r)!);
  const route = rng.weighted(names.map((n) => [n, api === 'public' ? (PUBLIC_WEIGHTS[n] ?? 5) : n === 'raffles' ? 3 : 6] as const));
  const family = rng.weighted<Family>([
    ['valid', 16],
    ['fields', 14],
    ['malformed-json', 9],
    ['nesting', 6],
    ['huge', 8],
    ['unicode', 15],
    ['headers', 13],
    ['path', 12],
    ['method', 7],
  ]);
  const draft = validDraft(api, route, rng, ctx);
  mutate(family, draft);
  if (route === 'apply' && draft.body && !['', undefined, null].includes(draft.body.website as string)) {
    // The honeypot: a bot gets the ordinary answer, whatever else its body says, and nothing is stored.
    draft.expect = 'either';
  }
  return finish(index, family, draft);
}

function finish(index: number, family: Family, d: Draft): FuzzCase {
  const path = ROUTES[d.route].path.replace(
    /\{([A-Za-z]+)\}/g,
    (_m, name: string) => d.rawParams[name] ?? encodeURIComponent(d.params[name]),
  );
  const query = d.query.length > 0 ? `?${d.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
  const body = d.rawBody ?? (d.body === undefined ? Buffer.alloc(0) : d.builder.render(d.body, d.escape));
  return {
    index,
    api: d.api,
    route: d.route,
    family,
    what: d.notes.length > 0 ? d.notes.join('; ') : 'as valid as it gets',
    expect: d.expect,
    malformedHttp: d.malformedHttp,
    ...(d.params.raffleId !== undefined ? { raffleId: d.params.raffleId } : {}),
    request: {
      method: d.method,
      target: d.target ?? path + query,
      headers: d.headers,
      body,
      framing: d.framing,
      ...(d.chunkSize ? { chunkSize: d.chunkSize } : {}),
      ...(d.truncateAt !== undefined ? { truncateAt: d.truncateAt } : {}),
    },
  };
}

/** Times at the edges: the last ones JavaScript or four digits can write, a day that does not exist, far offsets. */
const EDGE_TIMES = [
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  '2099-02-30T00:00:00Z',
  '2099-01-01T24:00:00Z',
  '2099-01-01T00:00:00+14:00',
  '2099-01-01T00:00:00-23:59',
  '0000-01-01T00:00:00Z',
] as const;

/** A far-future instant (no clock: the same case is the same request on any day), now and then one at the edges. */
function future(rng: Rng): string {
  if (rng.chance(0.1)) return rng.pick(EDGE_TIMES);
  return new Date(Date.UTC(2099, rng.int(0, 11), rng.int(1, 28), rng.int(0, 23))).toISOString();
}

export function freshEmail(rng: Rng): string {
  const local = rng.weighted<string>([
    [`fz${rng.hex(10)}`, 6],
    [`fz${rng.hex(8)}+tag${rng.int(0, 99)}`, 1],
    [`fz.${rng.hex(6)}.dot`, 1],
  ]);
  return `${local}@${rng.pick(['example.com', 'example.org', 'EXAMPLE.NET', 'bücher.example', 'xn--bcher-kva.example', 'gmail.com'])}`;
}

export function validPhone(rng: Rng): string {
  return rng.weighted<string>([
    [`+1415555${String(rng.int(0, 9999)).padStart(4, '0')}`, 8],
    [`+1 (415) 555-${String(rng.int(0, 9999)).padStart(4, '0')}`, 2],
    ['+44 20 7946 0958', 1],
    ['+49 30 901820', 1],
  ]);
}

function pickRaffle(rng: Rng, route: RouteName): string {
  const real = Object.values(FUZZ_RAFFLES);
  const favourite: string =
    route === 'apply'
      ? rng.pick([FUZZ_RAFFLES.open, FUZZ_RAFFLES.instant, FUZZ_RAFFLES.instant])
      : ['draw', 'voidWinner', 'markClaimed', 'alternates', 'draws', 'entrants', 'entrantsCsv', 'eraseEntrant'].includes(route)
        ? FUZZ_RAFFLES.drawn
        : rng.pick(real);
  return rng.weighted<string>([
    [favourite, 6],
    [rng.pick(real), 3],
    [rng.pick(['nope', `fz-${rng.hex(6)}`, 'sample', 'a', 'z'.repeat(64)]), 1],
  ]);
}

function drawId(rng: Rng, ctx: FuzzContext): string {
  return ctx.drawIds.length > 0 && rng.chance(0.8) ? rng.pick(ctx.drawIds) : rng.hex(32);
}

/** The route's request as a careful client sends it; anything may still refuse it (a made-up raffle, a taken phone). */
function validDraft(api: ApiName, route: RouteName, rng: Rng, ctx: FuzzContext): Draft {
  const def = ROUTES[route];
  const d: Draft = {
    api,
    route,
    rng,
    ctx,
    method: def.method,
    params: {},
    rawParams: {},
    query: [],
    headers: [],
    builder: new BodyBuilder(),
    escape: rng.chance(0.3),
    framing: 'length',
    expect: 'either',
    malformedHttp: false,
    notes: [],
  };
  if (def.path.includes('{raffleId}')) d.params.raffleId = pickRaffle(rng, route);
  if (def.path.includes('{drawId}')) d.params.drawId = drawId(rng, ctx);
  if (def.path.includes('{email}')) {
    d.params.email = ctx.entrantEmails.length > 0 && rng.chance(0.3) ? rng.pick(ctx.entrantEmails) : freshEmail(rng);
  }
  const key = `fz-${rng.hex(16)}`;
  const title = rng.pick(VALID_NAMES).trim() || 'A raffle';
  switch (route) {
    case 'apply':
      d.body = { email: freshEmail(rng), name: rng.pick(VALID_NAMES), phone: validPhone(rng), consent: true };
      break;
    case 'confirm':
    case 'claim': {
      // Now and then a real one, from the outbox: a confirmation link's, or a winner's claim link's.
      const real = route === 'confirm' ? ctx.tokens : ctx.claimTokens;
      d.body = { token: real.length > 0 && rng.chance(0.3) ? rng.pick(real) : rng.text(43, 'ABCxyz0189-_') };
      break;
    }
    case 'createRaffle':
      d.body = {
        raffleId: `fz-${rng.hex(10)}`,
        title,
        prizes: [{ name: 'Prize', winners: rng.int(1, 5) }],
        closesAt: future(rng),
        ...(rng.chance(0.5) ? { status: 'open' } : {}),
        ...(rng.chance(0.3) ? { description: 'Line one\n\nLine two' } : {}),
        ...(rng.chance(0.3) ? { language: rng.pick(['en', 'de']) } : {}),
        ...(rng.chance(0.2) ? { claimDays: rng.pick([1, 7, 90, 91, 0]) } : {}),
      };
      break;
    case 'editRaffle':
      d.body = rng.pick<Record<string, unknown>>([
        { title },
        { description: 'Edited\nby the fuzzer' },
        { closesAt: future(rng) },
        { drawAt: future(rng) },
        { status: rng.pick(['open', 'closed', 'archived']) },
        {
          prizes: [
            { name: 'Prize', winners: 1 },
            { name: 'Another', winners: 2 },
          ],
        },
        { language: 'de' },
      ]);
      break;
    case 'draw':
      d.body = { early: true, ...(rng.chance(0.5) ? { winners: rng.int(1, 3) } : {}), ...(rng.chance(0.3) ? { prize: 'Prize' } : {}) };
      break;
    case 'voidWinner':
      d.body =
        ctx.winnerEmails.length > 0 && rng.chance(0.4)
          ? { email: rng.pick(ctx.winnerEmails), reason: 'No answer' }
          : { ticket: ctx.winnerTickets.length > 0 && rng.chance(0.7) ? rng.pick(ctx.winnerTickets) : rng.int(0, 40), reason: 'No answer' };
      break;
    case 'markClaimed':
      d.body = { ticket: ctx.winnerTickets.length > 0 ? rng.pick(ctx.winnerTickets) : 0, ...(rng.chance(0.5) ? { note: 'By phone' } : {}) };
      break;
    case 'entrants':
      if (rng.chance(0.5)) d.query.push(['limit', String(rng.int(1, 500))]);
      if (rng.chance(0.3)) d.query.push(['prefix', rng.text(rng.int(1, 3))]);
      break;
    case 'alternates':
      if (rng.chance(0.6)) d.query.push(['count', String(rng.int(1, 20))]);
      break;
    default:
      break;
  }
  if (d.body !== undefined) d.headers.push(['Content-Type', rng.pick(['application/json', 'application/json; charset=utf-8'])]);
  if (NEEDS_IDEMPOTENCY_KEY.includes(route)) d.headers.push(['Idempotency-Key', key]);
  if (api === 'admin' && def.method !== 'GET' && rng.chance(0.3)) {
    // As the console's fetch sends them: same origin.
    d.headers.push(['Origin', `https://localhost:${ctx.adminPort}`], ['Sec-Fetch-Site', 'same-origin']);
  }
  return d;
}
