/**
 * The checker's rules for a raffle's people, held against the driver's ledger:
 *   - every entry is the one entry of a person the driver sent, under the identity the driver knows them
 *     by (a second entry for one identity is caught here), with details that person sent;
 *   - a confirmed entry has its ticket, label, index keys and phone claim; a pending one its token item;
 *   - everyone the app accepted is there and confirmed, nobody it refused or erased is;
 *   - each phone is held by at most one entry, each refusal of a phone was a real clash;
 *   - the shards count exactly the confirmed entries, the count the API answered equals them, the
 *     tickets are distinct and dense (a gap only for each accepted person erased since).
 */
import { COUNTER_SHARDS, entrantsIndexKeys } from '../model/schema';
import { deploymentKeys } from '../model/raffle-keys';
import type { Findings } from './checker-findings';
import { show, type Item, type Plain, type RaffleSlice, type TableView } from './checker-scan';
import type { Ledger } from './load-ledger';

export const str = (value: Plain | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
export const num = (value: Plain | undefined): number | undefined => (typeof value === 'number' ? value : undefined);

/** The confirmed entries of the slice, by their key in the table. */
export function checkPeople(slice: RaffleSlice, view: TableView, ledger: Ledger, found: Findings): Map<string, Item> {
  const { raffleId, keys } = slice;
  const plan = ledger.raffles.get(raffleId);
  const confirmed = new Map<string, Item>();
  const where = (what: string): string => `${raffleId}: ${what}`;
  const stored = new Map<string, string[]>();

  for (const [address, entry] of slice.entries) {
    const contact = str(entry.contactEmail) ?? '';
    const identity = ledger.contactIdentity.get(contact);
    if (identity === undefined) {
      found.violation('entry-never-sent', where(`${address} (written to ${contact})`));
      continue;
    }
    if (identity !== address) found.violation('entry-not-under-its-identity', where(`${contact} stored as ${address}, is ${identity}`));
    stored.set(identity, [...(stored.get(identity) ?? []), address]);
    const record = ledger.find(raffleId, identity);
    if (!record) {
      found.violation('entry-of-someone-else', where(`${identity} never entered this raffle`));
      continue;
    }
    if (!record.contacts.has(contact) || !record.names.has(str(entry.name) ?? '') || entry.phone !== record.phone)
      found.violation('entry-details-not-sent', where(`${address}: ${contact}, ${show(entry.name)}, ${show(entry.phone)}`));
    if (record.erased) found.lost('erased-but-present', where(`${address} (${show(entry.status)})`));
    if (entry.status === 'confirmed') {
      confirmed.set(str(entry.email) ?? '', entry);
      const ticket = num(entry.ticket);
      const index = entrantsIndexKeys(keys, contact);
      if (ticket === undefined || !Number.isInteger(ticket) || ticket < 0) found.violation('entry-without-ticket', where(address));
      if (!/^[0-9a-f]{20}$/.test(str(entry.label) ?? '')) found.violation('entry-without-label', where(address));
      if (entry.searchAddress !== index.searchAddress || entry.addressBucket !== index.addressBucket)
        found.violation('entry-index-keys', where(address));
      if (entry.tokenHash !== undefined) found.violation('confirmed-with-token', where(address));
      const eligibleKey = ticket === undefined ? undefined : keys.drawTicket(ticket);
      if (entry.wonDrawId !== undefined ? entry.drawTicket !== undefined : entry.drawTicket !== eligibleKey)
        found.violation('eligible-key-wrong', where(`${address}: drawTicket ${show(entry.drawTicket)}, won ${show(entry.wonDrawId)}`));
      if (!record.accepted && !record.ambiguous) found.violation('entered-though-refused', where(address));
    } else if (entry.status === 'pending') {
      if (!plan?.confirm) found.violation('pending-without-confirmation', where(address));
      if (entry.ticket !== undefined || entry.drawTicket !== undefined || entry.wonDrawId !== undefined)
        found.violation('pending-with-ticket', where(address));
      const token = view.confirmations.get(deploymentKeys.confirmation(str(entry.tokenHash) ?? '?'));
      if (!token || token.entryKey !== entry.email || token.raffleId !== raffleId)
        found.violation('pending-without-its-token', where(address));
      if (record.accepted) found.lost('accepted-but-pending', where(address));
    } else {
      found.violation('entry-status', where(`${address}: ${show(entry.status)}`));
    }
  }

  for (const [identity, addresses] of stored) {
    if (addresses.length > 1) found.violation('identity-stored-twice', where(`${identity} as ${addresses.join(' and ')}`));
  }
  for (const record of ledger.people.values()) {
    if (record.raffleId !== raffleId || !record.accepted || record.erased) continue;
    if (!slice.entries.has(record.identity)) found.lost('accepted-but-missing', where(record.identity));
  }
  checkPhones(slice, confirmed, ledger, found);
  checkCounters(slice, confirmed, ledger, found);
  return confirmed;
}

function checkPhones(slice: RaffleSlice, confirmed: Map<string, Item>, ledger: Ledger, found: Findings): void {
  const { raffleId, keys } = slice;
  for (const [phone, claim] of slice.phones) {
    const holder = confirmed.get(str(claim.entryKey) ?? '');
    if (!holder || holder.phone !== phone)
      found.violation('phone-claim-without-its-entry', `${raffleId}: ${phone} → ${show(claim.entryKey)}`);
  }
  for (const [key, entry] of confirmed) {
    const claim = slice.phones.get(str(entry.phone) ?? '');
    if (!claim || claim.entryKey !== key) found.violation('entry-without-its-phone-claim', `${raffleId}: ${keys.addressOf(key)}`);
  }
  for (const [group, identities] of ledger.phoneGroups) {
    const [groupRaffle, phone] = group.split('\n');
    if (groupRaffle !== raffleId) continue;
    const records = [...identities].map((identity) => ledger.find(raffleId, identity)!);
    const accepted = records.filter((r) => r.accepted);
    if (accepted.length > 1)
      found.violation('one-phone-two-people', `${raffleId}: ${phone} accepted for ${accepted.map((r) => r.identity).join(' and ')}`);
    for (const refused of records.filter((r) => r.refusedPhone && !r.accepted)) {
      if (accepted.filter((r) => r !== refused).length === 0)
        found.violation('phone-refused-without-clash', `${raffleId}: ${refused.identity} (${phone}): nobody else holds it`);
    }
  }
}

function checkCounters(slice: RaffleSlice, confirmed: Map<string, Item>, ledger: Ledger, found: Findings): void {
  const { raffleId } = slice;
  const issued = Array.from({ length: COUNTER_SHARDS }, (_, s) => num(slice.shards.get(s)?.issued) ?? 0);
  const entrants = Array.from({ length: COUNTER_SHARDS }, (_, s) => num(slice.shards.get(s)?.entrants) ?? 0);
  const counted = entrants.reduce((a, b) => a + b, 0);
  if (counted !== confirmed.size)
    found.violation('count-not-the-entries', `${raffleId}: shards count ${counted}, ${confirmed.size} confirmed entries`);
  const answered = ledger.finalCounts.get(raffleId);
  if (answered !== undefined && answered !== confirmed.size)
    found.violation('answered-count-not-the-entries', `${raffleId}: GET answered ${answered}, ${confirmed.size} confirmed entries`);
  const perShard = Array.from({ length: COUNTER_SHARDS }, () => 0);
  const tickets = new Set<number>();
  for (const entry of confirmed.values()) {
    const ticket = num(entry.ticket) ?? -1;
    if (tickets.has(ticket)) found.violation('ticket-twice', `${raffleId}: ticket ${ticket}`);
    tickets.add(ticket);
    const shard = ticket % COUNTER_SHARDS;
    perShard[shard]++;
    if (ticket < 0 || Math.floor(ticket / COUNTER_SHARDS) >= issued[shard])
      found.violation('ticket-not-issued', `${raffleId}: ticket ${ticket}`);
  }
  perShard.forEach((n, s) => {
    if (n !== entrants[s]) found.violation('shard-count-not-its-entries', `${raffleId}: shard ${s} counts ${entrants[s]}, holds ${n}`);
  });
  const gaps = issued.reduce((a, b) => a + b, 0) - confirmed.size;
  const erasedAccepted = [...ledger.people.values()].filter((p) => p.raffleId === raffleId && p.erased && p.accepted).length;
  if (gaps !== erasedAccepted && !(found.mode.lostWritesTolerated && gaps >= 0))
    found.violation('tickets-not-dense', `${raffleId}: ${gaps} tickets issued and not held, ${erasedAccepted} accepted people erased`);
}
