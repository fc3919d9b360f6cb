/**
 * GIVEN raffles with their ordinals (model/raffle-keys.ts)
 * WHEN each raffle's keys are made: its items', its index partitions', its tickets'
 * THEN the upgraded first raffle (ordinal 0) has the empty scope (the keys the single-raffle table
 *      already had), every other raffle "@<raffleId>/"; a ticket's key in the eligible index and back
 *      round-trips, each raffle's tickets in a range of their own; and no key of one raffle can equal a
 *      key of another raffle, nor a deployment's reserved key.
 */
import { canonicalEmail, contactAddress } from '../../model/email';
import { deploymentKeys, raffleKeys, TICKETS_PER_RAFFLE, type RaffleKeys } from '../../model/raffle-keys';
import { ADDRESS_BUCKETS, COUNTER_SHARDS, entrantsIndexKeys } from '../../model/schema';

describe('raffleKeys', () => {
  it('gives the upgraded raffle (ordinal 0) the keys a single-raffle table had', () => {
    const keys = raffleKeys({ raffleId: 'christmas', ordinal: 0 });
    expect(keys.scope).toBe('');
    expect(keys.entry('ada@example.com')).toBe('ada@example.com');
    expect(keys.addressOf('ada@example.com')).toBe('ada@example.com');
    expect(keys.counterShard(3)).toBe('#counter#3');
    expect(keys.stats).toBe('#stats');
    expect(keys.draw('d1')).toBe('#draw#d1');
    expect(keys.phone('+14155550100')).toBe('#phone#+14155550100');
    expect(keys.notified('d1', 'organiser')).toBe('#notified#d1#organiser');
    expect(keys.drawRecordType).toBe('draw');
    expect(keys.addressBucket('a')).toBe('a');
    expect(keys.drawTicket(7)).toBe(7);
  });

  it('gives every other raffle the scope "@<raffleId>/" on each key and index partition', () => {
    const keys = raffleKeys({ raffleId: 'spring', ordinal: 2 });
    expect(keys.raffleId).toBe('spring');
    expect(keys.scope).toBe('@spring/');
    expect(keys.entry('ada@example.com')).toBe('@spring/ada@example.com');
    expect(keys.addressOf('@spring/ada@example.com')).toBe('ada@example.com');
    expect(keys.counterShard(15)).toBe('@spring/#counter#15');
    expect(keys.stats).toBe('@spring/#stats');
    expect(keys.draw('d1')).toBe('@spring/#draw#d1');
    expect(keys.phone('+14155550100')).toBe('@spring/#phone#+14155550100');
    expect(keys.notified('d1', 'winner-4')).toBe('@spring/#notified#d1#winner-4');
    expect(keys.drawRecordType).toBe('@spring/draw');
    expect(keys.addressBucket('a')).toBe('@spring/a');
    expect(keys.drawTicket(0)).toBe(2 * TICKETS_PER_RAFFLE);
  });

  it('round-trips tickets through the eligible index, each raffle in its own range', () => {
    for (const ordinal of [0, 1, 2, 1000]) {
      const keys = raffleKeys({ raffleId: `r${ordinal}`, ordinal });
      for (const ticket of [0, 1, 15, 16, 123_456, TICKETS_PER_RAFFLE - 1]) {
        const key = keys.drawTicket(ticket);
        expect(Number.isSafeInteger(key)).toBe(true);
        expect(keys.ticketOf(key)).toBe(ticket);
        expect(key).toBeGreaterThanOrEqual(ordinal * TICKETS_PER_RAFFLE);
        expect(key).toBeLessThan((ordinal + 1) * TICKETS_PER_RAFFLE);
      }
    }
    // The last ticket of one raffle and the first of the next are neighbours, never the same.
    expect(raffleKeys({ raffleId: 'a', ordinal: 1 }).drawTicket(TICKETS_PER_RAFFLE - 1) + 1).toBe(
      raffleKeys({ raffleId: 'b', ordinal: 2 }).drawTicket(0),
    );
  });

  it('takes the address back out of its own entry keys, whatever the address', () => {
    for (const ordinal of [0, 3]) {
      const keys = raffleKeys({ raffleId: 'spring', ordinal });
      for (const address of ADDRESSES) expect(keys.addressOf(keys.entry(address))).toBe(address);
    }
  });
});

/**
 * Addresses as apply makes them (model/email.ts): including those that start with characters a reserved
 * key or a scope starts with ("#", "/"), and local parts that look like another raffle's scope.
 */
const ADDRESSES = [
  'Ada.Lovelace+raffle@Example.com',
  'ada@gmail.com',
  '#draw#x@example.com',
  '#raffles@example.com',
  '#stats@example.com',
  '/autumn/ada@example.com',
  'autumn/ada@example.com',
  'spring-2@example.com',
  // Raffle "spring"'s entry of "-2x@…" and raffle "spring-2"'s of "x@…": apart only by the scope's "/".
  '-2x@example.com',
  'x@example.com',
  "o'brien@example.ie",
  '~@example.com',
  'a@xn--bcher-kva.example',
].map((raw) => canonicalEmail(contactAddress(raw)!));

/** Every key a raffle's items and index partitions can have, with what made it. */
function everyKey(keys: RaffleKeys): Map<string, string> {
  const all = new Map<string, string>();
  const add = (key: string, what: string) => all.set(key, `${keys.raffleId}: ${what}`);
  for (const address of ADDRESSES) add(keys.entry(address), `entry of ${address}`);
  for (let shard = 0; shard < COUNTER_SHARDS; shard++) add(keys.counterShard(shard), `counter ${shard}`);
  add(keys.stats, 'stats');
  for (const drawId of ['0b9e1c1e-3f0d-4d6a-9a57-1a6a1d2b3c4d', 'd1']) {
    add(keys.draw(drawId), `draw ${drawId}`);
    for (const recipient of ['organiser', 'winner-0', 'winner-17']) add(keys.notified(drawId, recipient), `notified ${recipient}`);
  }
  add(keys.phone('+14155550100'), 'phone');
  return all;
}

describe('no key of one raffle is a key of another, nor a reserved key', () => {
  const raffles = [
    raffleKeys({ raffleId: 'spring', ordinal: 0 }),
    raffleKeys({ raffleId: 'autumn', ordinal: 1 }),
    raffleKeys({ raffleId: 'spring-2', ordinal: 2 }),
    raffleKeys({ raffleId: 's', ordinal: 3 }),
    // An id another id starts with: the scope's "/" keeps them apart.
    raffleKeys({ raffleId: 'spring', ordinal: 4 }),
  ];
  // Two raffles of one id cannot exist; the upgraded one and a new one of the same id are checked anyway.
  const reserved = new Map<string, string>([
    [deploymentKeys.catalog, 'catalogue'],
    ...raffles.map((k): [string, string] => [deploymentKeys.raffle(k.raffleId), `raffle record ${k.raffleId}`]),
    ...['a', 'spring'].map((t): [string, string] => [deploymentKeys.confirmation(t), `token ${t}`]),
  ]);

  it('in the table', () => {
    const owner = new Map<string, string>(reserved);
    for (const keys of raffles) {
      for (const [key, what] of everyKey(keys)) {
        expect([key, owner.get(key)]).toEqual([key, undefined]);
        owner.set(key, what);
      }
    }
  });

  it('in the draws and entrants indexes', () => {
    const owner = new Map<string, string>();
    for (const keys of raffles) {
      const partitions = [keys.drawRecordType, ...[...ADDRESS_BUCKETS].map((c) => keys.addressBucket(c))];
      // Each address goes in a bucket of its own raffle.
      for (const address of ADDRESSES) expect(partitions).toContain(entrantsIndexKeys(keys, address).addressBucket);
      for (const partition of partitions) {
        expect([partition, owner.get(partition)]).toEqual([partition, undefined]);
        owner.set(partition, keys.raffleId);
      }
    }
  });

  it('in the eligible index', () => {
    const ranges = raffles.map((k) => [k.drawTicket(0), k.drawTicket(TICKETS_PER_RAFFLE - 1)]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][1]);
  });
});
