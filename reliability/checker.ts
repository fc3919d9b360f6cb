/**
 * The independent checker: reads DynamoDB Local directly (a full paginated Scan, checker-scan.ts), knowing
 * the table only by its key layout (model/), never by the handlers' code, and holds what it finds against
 * what the load driver sent and was answered (the ledger):
 *   - people (checker-entries.ts): each accepted person stored once per raffle under their identity,
 *     every refusal a real duplicate, clash or invalid form, counts equal to the entries, tickets dense,
 *     phone claims matching their entries;
 *   - draws (checker-draws.ts): winners existing, distinct, in no other draw of the raffle, the `won`
 *     marks the union of the draws, voids, replacements and erasures consistent;
 *   - answers: no 5xx but the documented retryable `503 service_busy` with Retry-After, no hang.
 *
 *   const verdict = await checkTable(endpoint, tableName, ledger, { lostWritesTolerated: false });
 */
import { checkDraws } from './checker-draws';
import { checkPeople } from './checker-entries';
import { Findings, type CheckMode } from './checker-findings';
import { classify, scanTable, show, type Item, type TableView } from './checker-scan';
import type { Ledger } from './load-ledger';

export type { CheckMode } from './checker-findings';

export interface RaffleFigures {
  readonly raffleId: string;
  readonly confirmed: number;
  readonly pending: number;
  readonly phoneClaims: number;
  readonly draws: number;
  readonly winners: number;
  readonly erased: number;
}

export interface Verdict {
  readonly ok: boolean;
  /** One line per kind of violation, with its count and first examples. */
  readonly violations: readonly string[];
  readonly kinds: readonly string[];
  /** Reported, not failed on: acknowledged writes a killed engine lost. */
  readonly missingAcknowledged: number;
  readonly notes: readonly string[];
  readonly items: number;
  readonly raffles: readonly RaffleFigures[];
}

/** Scans the table and checks it against the ledger. */
export async function checkTable(endpoint: string, tableName: string, ledger: Ledger, mode: CheckMode): Promise<Verdict> {
  return checkItems(await scanTable(endpoint, tableName), ledger, mode);
}

/** The checks over items already read (a test plants an inconsistency in them, or in the table). */
export function checkItems(items: readonly Item[], ledger: Ledger, mode: CheckMode): Verdict {
  const view = classify(items);
  const found = new Findings(mode);
  const figures: RaffleFigures[] = [];
  for (const raffleId of ledger.raffles.keys()) {
    const slice = view.raffles.get(raffleId);
    if (!slice) {
      found.violation('raffle-missing', raffleId);
      continue;
    }
    if (slice.ordinal < 1) found.violation('raffle-ordinal', `${raffleId}: ${slice.ordinal}`);
    const confirmed = checkPeople(slice, view, ledger, found);
    const { draws, winners } = checkDraws(slice, confirmed, ledger, found);
    figures.push({
      raffleId,
      confirmed: confirmed.size,
      pending: slice.entries.size - confirmed.size,
      phoneClaims: slice.phones.size,
      draws,
      winners,
      erased: [...ledger.people.values()].filter((p) => p.raffleId === raffleId && p.erased).length,
    });
  }
  for (const stray of view.strays) found.violation('stray-item', show(stray.email));
  checkTokens(view, found);
  for (const violation of ledger.traffic.violations) found.violation('answer', violation);
  if (found.missingAcknowledged > 0)
    found.notes.push(`${found.missingAcknowledged} acknowledged write(s) missing after the engine was killed (reported, not failed on)`);
  return {
    ok: found.ok,
    violations: found.lines(),
    kinds: found.kinds(),
    missingAcknowledged: found.missingAcknowledged,
    notes: found.notes,
    items: view.items,
    raffles: figures,
  };
}

/** Every confirmation token names an entry of a raffle that exists (a superseded one may name an entry gone since). */
function checkTokens(view: TableView, found: Findings): void {
  for (const [key, token] of view.confirmations) {
    const slice = view.raffles.get(typeof token.raffleId === 'string' ? token.raffleId : '');
    const entryKey = typeof token.entryKey === 'string' ? token.entryKey : '';
    if (!slice || !entryKey.startsWith(slice.keys.scope)) found.violation('token-of-no-raffle', key);
  }
}

/** The verdict in one line. */
export function verdictLine(verdict: Verdict): string {
  return verdict.ok
    ? `consistent: ${verdict.items} items, ${verdict.raffles.reduce((a, r) => a + r.confirmed, 0)} confirmed entries${verdict.missingAcknowledged ? `, ${verdict.missingAcknowledged} acknowledged write(s) lost by the killed engine` : ''}`
    : `VIOLATIONS: ${verdict.kinds.join(', ')}`;
}
