/**
 * Nothing stored from a refused request: the runtime's table is read whole (a Scan, through the AWS SDK)
 * before and after each group of cases, and every item added, changed or removed must be the work of a
 * request of that group that was accepted, within what that request may touch (its footprint: its raffle's
 * items, its raffle's record…); a group whose requests were all refused must leave the table as it was.
 * The one thing that happens later by itself: a completed draw's announcement (the stream's notify
 * function) writes its raffle's `#notified#` items and claim links.
 *
 * An entry added or changed must also be a real, valid entry (checked here by rules written apart from
 * model/entrant.ts), holding what an accepted registration sent: nothing else can have made it.
 */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { FuzzCase } from './fuzz-draft';
import { strictUtf8 } from './fuzz-check';
import { scanWholeTable } from './table-scan';

export interface FuzzTable {
  readonly client: DynamoDBClient;
  readonly name: string;
}

/** Every item of the table, by its key, as canonical JSON. */
export type Snapshot = ReadonlyMap<string, string>;

export async function snapshot(table: FuzzTable): Promise<Snapshot> {
  const items = await scanWholeTable(table.client, table.name);
  return new Map(items.map((item) => [item.email.S ?? '', canonical(plainItem(item))]));
}

/** An item as plain values (sets as sorted lists), whatever types it holds. */
function plainItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  const plain = (a: AttributeValue): unknown => {
    if (a.S !== undefined) return a.S;
    if (a.N !== undefined) return Number(a.N);
    if (a.BOOL !== undefined) return a.BOOL;
    if (a.NULL) return null;
    if (a.L) return a.L.map(plain);
    if (a.M) return plainItem(a.M);
    if (a.SS) return [...a.SS].sort();
    if (a.NS) return a.NS.map(Number).sort((x, y) => x - y);
    return a.B ? Buffer.from(a.B).toString('base64') : undefined;
  };
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, plain(v)]));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export interface ItemChange {
  readonly key: string;
  readonly kind: 'added' | 'changed' | 'removed';
  readonly before?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
}

export function diff(before: Snapshot, after: Snapshot): ItemChange[] {
  const changes: ItemChange[] = [];
  for (const [key, item] of after) {
    const was = before.get(key);
    if (was === undefined) changes.push({ key, kind: 'added', after: JSON.parse(item) as Record<string, unknown> });
    else if (was !== item)
      changes.push({
        key,
        kind: 'changed',
        before: JSON.parse(was) as Record<string, unknown>,
        after: JSON.parse(item) as Record<string, unknown>,
      });
  }
  for (const [key, item] of before)
    if (!after.has(key)) changes.push({ key, kind: 'removed', before: JSON.parse(item) as Record<string, unknown> });
  return changes;
}

/** An accepted case and what it answered. */
export interface AcceptedCase {
  readonly c: FuzzCase;
  readonly answer: unknown;
}

const answered = (answer: unknown, field: string): string | undefined => {
  const value = (answer as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
};

/** The keys an accepted request may add, change or remove. */
export function footprint({ c, answer }: AcceptedCase): (key: string) => boolean {
  const r = c.raffleId;
  const scope = (id: string | undefined) => (key: string) => id !== undefined && key.startsWith(`@${id}/`);
  const raffleRecord = (id: string | undefined) => (key: string) => id !== undefined && key === `#raffle#${id}`;
  const any =
    (...tests: Array<(key: string) => boolean>) =>
    (key: string) =>
      tests.some((t) => t(key));
  const prefixed = (prefix: string) => (key: string) => key.startsWith(prefix);
  switch (c.route) {
    case 'apply':
      return any(scope(r), prefixed('#confirm#'));
    case 'confirm':
    case 'claim':
      return any(scope(answered(answer, 'raffleId')), prefixed('#confirm#'), prefixed('#claim#'));
    case 'createRaffle':
      return any(raffleRecord(answered(answer, 'raffleId')), (key) => key === '#raffles');
    case 'editRaffle':
      return raffleRecord(r);
    case 'draw':
    case 'voidWinner':
    case 'markClaimed':
      return any(scope(r), raffleRecord(r), prefixed('#claim#'));
    case 'eraseEntrant':
      return any(scope(r), prefixed('#confirm#'));
    case 'erasePerson':
      return any(prefixed('@'), prefixed('#confirm#'));
    default:
      return () => false;
  }
}

/** What a completed draw's announcement writes later, by itself (the stream → notify). */
export function isAnnouncement(key: string): boolean {
  return /^@[^/]+\/#notified#/.test(key) || key.startsWith('#claim#');
}

const ENTRY_KEY = /^@([^/]+)\/([^#].*@.*)$/;

/** The raffle of an entry's key, or undefined for any other item. */
export function entryRaffle(key: string): string | undefined {
  return ENTRY_KEY.exec(key)?.[1];
}

/** What is wrong with a stored entry, by the README's rules (written apart from model/entrant.ts). */
export function entryProblems(item: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { name, phone, contactEmail, status } = item;
  if (typeof name !== 'string') problems.push('no name');
  else {
    if (name !== name.trim()) problems.push('a name that is not trimmed');
    const length = [...name].length;
    if (length < 1 || length > 100) problems.push(`a name of ${length} characters`);
    if (/\p{Cs}/u.test(name)) problems.push('a lone surrogate in the name');
    if (/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(name)) problems.push('a control character or direction override in the name');
    if (name.replace(/[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/gu, '') === '')
      problems.push('nothing visible in the name');
  }
  if (typeof phone !== 'string' || !/^\+[1-9]\d{1,14}$/.test(phone)) problems.push(`a phone not in E.164: ${JSON.stringify(phone)}`);
  if (typeof contactEmail !== 'string') problems.push('no address');
  else {
    const at = contactEmail.lastIndexOf('@');
    const local = contactEmail.slice(0, at);
    const domain = contactEmail.slice(at + 1);
    if (at < 1 || contactEmail.length > 254) problems.push(`an address that is not one: ${JSON.stringify(contactEmail)}`);
    if (/[^\x21-\x7e]/.test(local)) problems.push('an address with more than printable ASCII before the @');
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) problems.push(`a domain that is not lower-case ASCII: ${JSON.stringify(domain)}`);
  }
  if (status !== 'pending' && status !== 'confirmed') problems.push(`status ${JSON.stringify(status)}`);
  if (status === 'confirmed' && !(Number.isInteger(item.ticket) && typeof item.label === 'string' && /^[0-9a-f]{20}$/.test(item.label))) {
    problems.push('a confirmed entry without its ticket and label');
  }
  return problems;
}

/** The registration an accepted apply case sent, read strictly (UTF-8 JSON), or undefined. */
export function sentRegistration(c: FuzzCase): { readonly name?: unknown; readonly phone?: unknown; readonly email?: unknown } | undefined {
  const text = strictUtf8(c.request.body);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Does an entry item hold what this accepted registration sent? */
export function madeBy(item: Record<string, unknown>, c: FuzzCase, raffleId: string): boolean {
  if (c.route !== 'apply' || c.raffleId !== raffleId) return false;
  const sent = sentRegistration(c);
  return (
    typeof sent?.name === 'string' &&
    sent.name.trim() === item.name &&
    typeof sent.email === 'string' &&
    sameAddress(sent.email, item.contactEmail)
  );
}

/** The address as typed and as kept: the same, but for the domain's case and its punycode form. */
function sameAddress(sent: string, kept: unknown): boolean {
  if (typeof kept !== 'string') return false;
  const local = (s: string): string => s.trim().slice(0, s.trim().lastIndexOf('@'));
  return local(sent) === local(kept);
}

/**
 * What the changes of one group of cases say, given the ones accepted in it: a change nobody accepted
 * could have made, and a stored entry that is not valid or was not sent.
 */
export function storageProblems(
  changes: readonly ItemChange[],
  accepted: readonly AcceptedCase[],
  drawsSoFar: boolean,
): Array<{ key: string; problem: string }> {
  const problems: Array<{ key: string; problem: string }> = [];
  const touches = accepted.map((a) => ({ a, test: footprint(a) }));
  for (const change of changes) {
    if (drawsSoFar && isAnnouncement(change.key)) continue;
    const by = touches.filter((t) => t.test(change.key));
    if (by.length === 0) {
      problems.push({ key: change.key, problem: `${change.kind} with no accepted request that may touch it` });
      continue;
    }
    const raffle = entryRaffle(change.key);
    if (raffle === undefined || change.kind === 'removed' || !change.after) continue;
    for (const p of entryProblems(change.after)) problems.push({ key: change.key, problem: `a stored entry with ${p}` });
    const personChanged =
      change.kind === 'added' ||
      ['name', 'phone', 'contactEmail'].some((f) => JSON.stringify(change.before?.[f]) !== JSON.stringify(change.after?.[f]));
    if (personChanged && !by.some((t) => madeBy(change.after!, t.a.c, raffle))) {
      problems.push({
        key: change.key,
        problem: `an entry (name ${JSON.stringify(change.after.name)}) that no accepted registration sent`,
      });
    }
  }
  return problems;
}
