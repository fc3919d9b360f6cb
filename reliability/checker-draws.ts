/**
 * The checker's rules for a raffle's draws, from the records as stored (`<scope>#draw#<id>`: `winners`, a
 * list of {entryKey, email, name, phone, ticket} or, once erased, {ticket, erasedAt}; `winnerCount`,
 * `target`, `status`; `voids`, {ticket, reason, replacementDrawId}; `voidedTickets`; a replacement's
 * `replaces`, {drawId, ticket}), the entries' `wonDrawId` / `voidedAt` marks, `#stats` and `#poollock`:
 *   - every draw the organiser was answered exists, and no other; each is complete, its count its list;
 *   - its winners exist, are distinct, and won no other draw of the raffle; each is marked as its winner;
 *   - the `won` marks are exactly the union of the draws' winners, and `#stats` counts them;
 *   - each void names a winner of its draw and one replacement that names it back; a voided winner is
 *     marked void; an erased winner is a tombstone whose ticket nobody holds, its void's reason gone;
 *   - no draw is left in the pool lock.
 */
import type { Findings } from './checker-findings';
import { num, str } from './checker-entries';
import { show, type Item, type Plain, type RaffleSlice } from './checker-scan';
import type { DrawRecordSeen, Ledger } from './load-ledger';

interface Slot {
  readonly ticket: number;
  readonly entryKey?: string;
  readonly erasedAt?: string;
}
interface VoidEntry {
  readonly ticket: number;
  readonly reason: string;
  readonly replacementDrawId: string;
}

const list = (value: Plain | undefined): readonly Plain[] => (Array.isArray(value) ? (value as readonly Plain[]) : []);
const field = (value: Plain, name: string): Plain | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { readonly [k: string]: Plain })[name] : undefined;

function slotsOf(draw: Item): Slot[] {
  return list(draw.winners).map((w) => ({
    ticket: num(field(w, 'ticket')) ?? -1,
    ...(str(field(w, 'entryKey')) !== undefined ? { entryKey: str(field(w, 'entryKey')) } : {}),
    ...(str(field(w, 'erasedAt')) !== undefined ? { erasedAt: str(field(w, 'erasedAt')) } : {}),
  }));
}

function voidsOf(draw: Item): VoidEntry[] {
  return list(draw.voids).map((v) => ({
    ticket: num(field(v, 'ticket')) ?? -1,
    reason: str(field(v, 'reason')) ?? '',
    replacementDrawId: str(field(v, 'replacementDrawId')) ?? '',
  }));
}

export function checkDraws(
  slice: RaffleSlice,
  confirmed: Map<string, Item>,
  ledger: Ledger,
  found: Findings,
): { draws: number; winners: number } {
  const { raffleId, keys } = slice;
  const at = (what: string): string => `${raffleId}: ${what}`;
  const seen = ledger.draws.get(raffleId) ?? new Map<string, DrawRecordSeen>();
  for (const drawId of seen.keys()) if (!slice.draws.has(drawId)) found.lost('answered-draw-missing', at(drawId));
  const ticketsWon = new Map<number, string>();
  const heldTickets = new Set([...confirmed.values()].map((e) => num(e.ticket)));
  let winners = 0;

  for (const [drawId, draw] of slice.draws) {
    if (!seen.has(drawId)) found.violation('draw-nobody-asked-for', at(drawId));
    if (draw.drawId !== drawId || draw.raffleId !== raffleId || draw.recordType !== keys.drawRecordType)
      found.violation('draw-record-keys', at(drawId));
    if (draw.status !== 'complete') found.violation('draw-not-complete', at(`${drawId} is ${show(draw.status)}`));
    const slots = slotsOf(draw);
    if (num(draw.winnerCount) !== slots.length)
      found.violation('draw-count-not-its-list', at(`${drawId}: ${show(draw.winnerCount)} ≠ ${slots.length}`));
    if (slots.length > (num(draw.target) ?? 0) || (num(draw.target) ?? 0) > (num(draw.requested) ?? 0))
      found.violation('draw-over-target', at(drawId));
    const answered = seen.get(drawId)?.tickets ?? [];
    if (answered.some((t: number, i: number) => slots[i]?.ticket !== t)) found.violation('draw-answer-not-its-record', at(drawId));
    for (const slot of slots) {
      const other = ticketsWon.get(slot.ticket);
      if (other !== undefined) found.violation('ticket-won-twice', at(`ticket ${slot.ticket} in ${other} and ${drawId}`));
      ticketsWon.set(slot.ticket, drawId);
      if (slot.erasedAt !== undefined) {
        if (slot.entryKey !== undefined) found.violation('tombstone-keeps-entry', at(`${drawId} ticket ${slot.ticket}`));
        if (heldTickets.has(slot.ticket)) found.violation('erased-winner-ticket-held', at(`${drawId} ticket ${slot.ticket}`));
        continue;
      }
      winners++;
      const entry = confirmed.get(slot.entryKey ?? '');
      if (!entry) found.lost('winner-without-entry', at(`${drawId}: ${slot.entryKey ?? '?'}`));
      else if (entry.wonDrawId !== drawId || num(entry.ticket) !== slot.ticket)
        found.violation('winner-not-marked', at(`${drawId}: ${slot.entryKey ?? '?'} marked ${show(entry.wonDrawId)}`));
    }
    checkVoids(slice, drawId, draw, slots, confirmed, found);
  }

  let marked = 0;
  for (const [key, entry] of confirmed) {
    const wonDrawId = str(entry.wonDrawId);
    if (wonDrawId === undefined) {
      if (entry.voidedAt !== undefined) found.violation('void-without-win', at(keys.addressOf(key)));
      continue;
    }
    marked++;
    const draw = slice.draws.get(wonDrawId);
    if (!draw) found.violation('winner-without-draw', at(`${keys.addressOf(key)} won ${wonDrawId}`));
    else if (!slotsOf(draw).some((s) => s.entryKey === key && s.ticket === num(entry.ticket)))
      found.violation('winner-not-in-its-draw', at(`${keys.addressOf(key)} in ${wonDrawId}`));
  }
  const total = num(slice.stats?.winners) ?? 0;
  if (total !== marked) found.violation('winner-total', at(`#stats says ${total}, ${marked} entries are marked`));
  if (marked !== winners) found.violation('won-marks-not-the-draws', at(`${marked} marked, ${winners} in the draws`));
  const locked = list(slice.poolLock?.draws);
  if (locked.length > 0) found.violation('pool-still-locked', at(locked.map(show).join(', ')));
  for (const v of ledger.voids.filter((x) => x.raffleId === raffleId)) {
    const draw = slice.draws.get(v.drawId);
    if (draw && !voidsOf(draw).some((x) => x.ticket === v.ticket && x.replacementDrawId === v.replacementDrawId))
      found.lost('answered-void-missing', at(`${v.drawId} ticket ${v.ticket}`));
  }
  return { draws: slice.draws.size, winners };
}

function checkVoids(slice: RaffleSlice, drawId: string, draw: Item, slots: Slot[], confirmed: Map<string, Item>, found: Findings): void {
  const at = (what: string): string => `${slice.raffleId}: ${drawId} ${what}`;
  const voids = voidsOf(draw);
  const voidedTickets = list(draw.voidedTickets)
    .map((t) => num(t) ?? -1)
    .sort((a, b) => a - b);
  const voidTickets = voids.map((v) => v.ticket).sort((a, b) => a - b);
  if (new Set(voidTickets).size !== voidTickets.length) found.violation('winner-voided-twice', at(voidTickets.join(',')));
  if (voidedTickets.join(',') !== voidTickets.join(','))
    found.violation('voided-tickets-not-the-voids', at(`${voidedTickets.join(',')} vs ${voidTickets.join(',')}`));
  for (const v of voids) {
    const slot = slots.find((s) => s.ticket === v.ticket);
    if (!slot) {
      found.violation('void-of-no-winner', at(`ticket ${v.ticket}`));
      continue;
    }
    const replacement = slice.draws.get(v.replacementDrawId);
    const replaces = replacement?.replaces;
    if (!replacement || field(replaces ?? null, 'drawId') !== drawId || field(replaces ?? null, 'ticket') !== v.ticket)
      found.violation('void-without-its-replacement', at(`ticket ${v.ticket} → ${v.replacementDrawId}`));
    else if (num(replacement.requested) !== 1) found.violation('replacement-not-of-one', at(v.replacementDrawId));
    if (slot.erasedAt !== undefined) {
      if (v.reason !== '(erased)' && v.reason !== 'unclaimed') found.violation('erased-winner-void-keeps-reason', at(`ticket ${v.ticket}`));
    } else {
      const entry = confirmed.get(slot.entryKey ?? '');
      if (entry && entry.voidedAt === undefined) found.violation('voided-winner-not-marked', at(`ticket ${v.ticket}`));
    }
  }
  const replaces = draw.replaces;
  if (replaces !== undefined && replaces !== null) {
    const original = slice.draws.get(str(field(replaces, 'drawId')) ?? '');
    if (!original || !voidsOf(original).some((v) => v.replacementDrawId === drawId && v.ticket === field(replaces, 'ticket')))
      found.violation('replacement-of-no-void', at(`replaces ${JSON.stringify(replaces)}`));
  }
}
