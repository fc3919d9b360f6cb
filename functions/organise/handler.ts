/**
 * The organiser's raffles (admin only):
 *   POST  /raffle/raffles              create a draft, or publish at once with "status": "open": 201 with the
 *                                      raffle; `409 raffle_exists` for a taken id; the same Idempotency-Key again: 200
 *   PATCH /raffle/raffles/{raffleId}   edit (model/raffle-edit.ts says what may change when); "status" publishes,
 *                                      reopens, closes or archives: 200 with the raffle; a refused change is a 409
 *                                      naming why; the same Idempotency-Key as the last edit: 200, nothing changed
 * Both keep the raffle's scheduled draw in step (./schedule.ts).
 */
import { DomainError } from '../../model/errors';
import { deploymentAbilities, type Raffle } from '../../model/raffle';
import { editRaffle, newRaffle } from '../../model/raffle-edit';
import { raffleKeys } from '../../model/raffle-keys';
import { ROUTES, routeKey } from '../../model/routes';
import { schedulerDrawScheduler } from '../runtime/aws/draw-scheduler';
import { handleRequest, idempotencyKey, json, parseJsonObject, type HttpEvent, type HttpHandler, type Outcome } from '../runtime/http';
import { lambdaEntry } from '../runtime/lambda';
import type { CoreDeps, DrawScheduler } from '../runtime/ports';
import { readCounters } from '../shared/counters';
import { raffleView } from '../shared/raffle-view';
import { insertRaffle, raffleInPath, readRaffle, replaceRaffle } from '../shared/raffles';
import { scheduleChange } from './schedule';

export interface OrganiseDeps extends CoreDeps {
  readonly scheduler: DrawScheduler;
}

/** An edit that met another writer (another edit, a draw completing) is read again and redone this often. */
const EDIT_ATTEMPTS = 3;

export function createHandler(deps: OrganiseDeps): HttpHandler {
  const { table, clock, settings, scheduler } = deps;
  const abilities = deploymentAbilities(settings);

  async function view(raffle: Raffle) {
    const { entrants } = await readCounters(table, raffleKeys(raffle));
    return raffleView(raffle, clock.now(), entrants, 'organiser');
  }

  async function create(event: HttpEvent): Promise<Outcome> {
    const key = idempotencyKey(event);
    const body = parseJsonObject(event);
    const now = clock.now();
    const draft = newRaffle(body, abilities, now);
    const existing = await readRaffle(table, draft.raffleId);
    // A retried create (same key) answers as the first did, and finishes what it left undone: the schedule.
    if (existing?.createdWithKey === key) {
      await scheduleChange(scheduler, undefined, existing, true);
      return { result: json(200, await view(existing)), log: { raffleId: existing.raffleId, replayed: true } };
    }
    const raffle = await insertRaffle(table, { ...draft, createdWithKey: key });
    await scheduleChange(scheduler, undefined, raffle, true);
    return { result: json(201, await view(raffle)), log: { raffleId: raffle.raffleId, status: body.status ?? 'draft' } };
  }

  async function edit(event: HttpEvent): Promise<Outcome> {
    const key = idempotencyKey(event);
    const body = parseJsonObject(event);
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
      const { raffle: before } = await raffleInPath((id) => readRaffle(table, id), event, ROUTES.editRaffle);
      if (before.lastEditKey === key) return { result: json(200, await view(before)), log: { raffleId: before.raffleId, replayed: true } };
      const now = clock.now();
      const after = { ...editRaffle(before, body, abilities, now), lastEditKey: key };
      // A new or moved schedule first: if the record's write then fails, the schedule finds the raffle's drawAt
      // unchanged and draws nothing (functions/draw/scheduled.ts). A schedule no longer wanted goes after.
      const change = await scheduleChange(scheduler, before, after, 'drawAt' in body);
      const stored = await replaceRaffle(table, before, after, now.toISOString());
      if (!stored) continue;
      await change.afterWrite();
      return { result: json(200, await view(stored)), log: { raffleId: stored.raffleId, fields: Object.keys(body) } };
    }
    throw new DomainError('service_busy', 'The raffle kept changing while this edit was made: try again.');
  }

  return (event) => handleRequest(deps, event, () => (event.routeKey === routeKey(ROUTES.createRaffle) ? create(event) : edit(event)));
}

export const handler = lambdaEntry((edge) => createHandler({ ...edge, scheduler: schedulerDrawScheduler(edge.settings) }));
