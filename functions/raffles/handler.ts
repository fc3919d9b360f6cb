/**
 * The raffles, read (both APIs; nothing here writes):
 *   GET /raffle/raffles                        the public: open and upcoming raffles, and those drawn in the
 *                                              last LIMITS.raffle.publicDrawnDays; the organiser: every raffle, with its count
 *   GET /raffle/raffles/{raffleId}             one raffle with its exact count of confirmed entrants (one
 *                                              BatchGetItem); drafts and archived raffles are 404 to the public
 *   GET /raffle/raffles/{raffleId}/stats       the organiser's: confirmed, pending, confirmations per hour
 */
import type { RafflesAnswer } from '../../model/api';
import { LIMITS } from '../../model/limits';
import { isPublic, raffleNotFound, raffleStatus, type Raffle } from '../../model/raffle';
import { raffleKeys } from '../../model/raffle-keys';
import { ROUTES } from '../../model/routes';
import { routeKey } from '../../model/routes';
import { audienceOf, handleRequest, json, type HttpEvent, type HttpHandler, type Outcome } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps } from '../runtime/ports';
import { readCounters } from '../shared/counters';
import { raffleSummary, raffleView } from '../shared/raffle-view';
import { cachedRaffleReader, listRaffles, RAFFLE_CACHE_MS, raffleInPath, readRaffle } from '../shared/raffles';
import { raffleStats } from './stats';

const DAY_MS = 24 * 3600 * 1000;

/** What the public list shows: taking entries now or later, or drawn lately (its results are worth a look). */
function publiclyListed(raffle: Raffle, now: Date): boolean {
  if (!isPublic(raffle)) return false;
  const status = raffleStatus(raffle, now);
  if (status === 'open') return true;
  return status === 'drawn' && now.getTime() - Date.parse(raffle.drawnAt ?? '') <= LIMITS.raffle.publicDrawnDays * DAY_MS;
}

/** Counts of many raffles, a few at a time (one BatchGetItem each). */
async function countsOf(deps: CoreDeps, raffles: readonly Raffle[]): Promise<number[]> {
  const counts: number[] = [];
  for (let i = 0; i < raffles.length; i += 8) {
    const batch = raffles.slice(i, i + 8).map((r) => readCounters(deps.table, raffleKeys(r)).then((c) => c.entrants));
    counts.push(...(await Promise.all(batch)));
  }
  return counts;
}

export function createHandler(deps: CoreDeps): HttpHandler {
  const { table, clock, settings } = deps;
  // The public page of a popular raffle is read by everyone who opens it.
  const readForPublic = cachedRaffleReader(table, clock, RAFFLE_CACHE_MS);

  async function list(event: HttpEvent): Promise<Outcome> {
    const now = clock.now();
    const raffles = await listRaffles(table);
    if (audienceOf(event, settings) === 'public') {
      const answer: RafflesAnswer = { raffles: raffles.filter((r) => publiclyListed(r, now)).map((r) => raffleSummary(r, now)) };
      return { result: json(200, answer), log: { raffles: answer.raffles.length } };
    }
    const counts = await countsOf(deps, raffles);
    const answer: RafflesAnswer = { raffles: raffles.map((r, i) => ({ ...raffleSummary(r, now), count: counts[i] })) };
    return { result: json(200, answer), log: { raffles: answer.raffles.length } };
  }

  async function one(event: HttpEvent): Promise<Outcome> {
    const audience = audienceOf(event, settings);
    const read = audience === 'public' ? readForPublic : (id: string) => readRaffle(table, id);
    const { raffle, keys } = await raffleInPath(read, event, ROUTES.raffle);
    if (audience === 'public' && !isPublic(raffle)) throw raffleNotFound();
    const { entrants } = await readCounters(table, keys);
    return { result: json(200, raffleView(raffle, clock.now(), entrants, audience)), log: { raffleId: raffle.raffleId } };
  }

  async function stats(event: HttpEvent): Promise<Outcome> {
    const { raffle, keys } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.stats);
    const answer = await raffleStats(table, keys, clock.now());
    return { result: json(200, answer), log: { raffleId: raffle.raffleId } };
  }

  return (event) =>
    handleRequest(deps, event, () => {
      if (event.routeKey === routeKey(ROUTES.raffles)) return list(event);
      if (event.routeKey === routeKey(ROUTES.stats)) return stats(event);
      return one(event);
    });
}

export const handler = lambdaEntry(createHandler);
