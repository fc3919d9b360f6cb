/**
 * GIVEN drand quicknet's pinned key and recorded real beacons
 * WHEN beacons are verified and labels ranked (verify/selection.ts)
 * THEN the recorded beacons verify and any other round or changed byte does not; the ranking equals an
 *      independent HKDF computation written here from RFC 5869; over many random beacons every label
 *      is ranked first equally often (chi-square at α = 0.001), and the same test catches a biased ranking.
 */
import { createHash, createHmac, randomBytes } from 'crypto';
import { bls12_381 } from '@noble/curves/bls12-381';
import {
  firstRoundAtOrAfter,
  labelsOf,
  poolFile,
  QUICKNET,
  rank,
  rankingValue,
  roundMessage,
  roundTime,
  select,
  sha256Hex,
  verifyBeacon,
  type Beacon,
} from '../../verify/selection';
import { RECORDED_QUICKNET_BEACONS } from './beacons';

const CHI2_7_AT_001 = 24.322;

/** RFC 5869 with one output block (L = 32 = HashLen), from HMAC alone. */
function independentValue(randomnessHex: string, poolHashHex: string, label: string): string {
  const prk = createHmac('sha256', Buffer.from(poolHashHex, 'hex')).update(Buffer.from(randomnessHex, 'hex')).digest();
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([1])]))
    .digest('hex');
}

function flipByte(hex: string, at: number): string {
  const bytes = Buffer.from(hex, 'hex');
  bytes[at] ^= 0x01;
  return bytes.toString('hex');
}

describe('drand quicknet beacons', () => {
  it.each(RECORDED_QUICKNET_BEACONS.map((b) => [b.round, b] as const))(
    'round %i, as recorded, verifies under the pinned key',
    (_round, beacon) => {
      expect(verifyBeacon(beacon, beacon.round)).toBe(true);
    },
  );

  it('a beacon presented as another round, with one changed byte, or under another key does not verify', () => {
    const [b1000, b657413] = RECORDED_QUICKNET_BEACONS;
    expect(verifyBeacon(b1000, 1001)).toBe(false);
    expect(verifyBeacon({ ...b657413, round: 1000 }, 1000)).toBe(false);
    for (const at of [0, 20, 47]) {
      const signature = flipByte(b1000.signature, at);
      expect(verifyBeacon({ ...b1000, signature, randomness: sha256Hex(Buffer.from(signature, 'hex')) }, 1000)).toBe(false);
    }
    expect(verifyBeacon({ ...b1000, randomness: flipByte(b1000.randomness, 5) }, 1000)).toBe(false);
    const otherKey = Buffer.from(bls12_381.getPublicKeyForShortSignatures(bls12_381.utils.randomPrivateKey())).toString('hex');
    expect(verifyBeacon(b1000, 1000, otherKey)).toBe(false);
    expect(verifyBeacon({ ...b1000, signature: 'zz' }, 1000)).toBe(false);
  });

  it('signs SHA-256 of the round as 8 big-endian bytes, and rounds come every 3 s from genesis', () => {
    expect(Buffer.from(roundMessage(1000)).toString('hex')).toBe(
      createHash('sha256').update(Buffer.from('00000000000003e8', 'hex')).digest('hex'),
    );
    expect(roundTime(1)).toBe(QUICKNET.genesisTime);
    expect(roundTime(1000)).toBe(QUICKNET.genesisTime + 999 * 3);
    expect(firstRoundAtOrAfter(roundTime(1000))).toBe(1000);
    expect(firstRoundAtOrAfter(roundTime(1000) + 1)).toBe(1001);
  });
});

describe('the ranking', () => {
  const labels = ['7f3a9c', '0b12ee', 'c4d5e6', '91aa02', '3e3e3e', 'f00d01'];
  const pool = poolFile(labels);
  const poolHash = sha256Hex(pool);
  const [beacon] = RECORDED_QUICKNET_BEACONS;

  it('is the labels by HKDF-SHA256 value (salt: the pool hash, IKM: the randomness, info: the label), as computed independently', () => {
    const expected = [...labels]
      .map((label) => [independentValue(beacon.randomness, poolHash, label), label] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, label]) => label);
    for (const label of labels)
      expect(rankingValue(beacon.randomness, poolHash, label)).toBe(independentValue(beacon.randomness, poolHash, label));
    expect(rank(beacon.randomness, poolHash, labelsOf(pool))).toEqual(expected);
    // It does not depend on the order the labels are given in.
    expect(rank(beacon.randomness, poolHash, [...labels].reverse())).toEqual(expected);
  });

  it('orders 2,000 random labels exactly as their rankingValue (HKDF whole) would', () => {
    const many = Array.from({ length: 2000 }, () => randomBytes(10).toString('hex'));
    const hash = sha256Hex(poolFile(many));
    const byValue = [...many]
      .map((label) => ({ label, value: rankingValue(beacon.randomness, hash, label) }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .map((e) => e.label);
    expect(rank(beacon.randomness, hash, many)).toEqual(byValue);
  });

  it("gives the README's worked example exactly", () => {
    const example = ['3f9a0c1e5b7d2a4c6e80', '0b12ee77aa01c3d5e7f9', 'c4d5e6f708192a3b4c5d', '91aa02bb13cc24dd35ee'];
    const examplePool = poolFile(example);
    const hash = sha256Hex(examplePool);
    expect(hash).toBe('2da3e2dca36b2c34fad022d3c65d7a233985234e2b7f9c9c927f0ed71dca6521');
    expect(rank(beacon.randomness, hash, example)).toEqual([
      '3f9a0c1e5b7d2a4c6e80',
      'c4d5e6f708192a3b4c5d',
      '91aa02bb13cc24dd35ee',
      '0b12ee77aa01c3d5e7f9',
    ]);
    expect(rankingValue(beacon.randomness, hash, '3f9a0c1e5b7d2a4c6e80')).toBe(
      'cda53ca230b9e966adac6100a643b85ea3fdd1b748fb985aab2e36626194473a',
    );
  });

  it('the pool file is sorted, one label a line; duplicates and line breaks are refused', () => {
    expect(pool).toBe('0b12ee\n3e3e3e\n7f3a9c\n91aa02\nc4d5e6\nf00d01\n');
    expect(labelsOf(pool)).toEqual([...labels].sort());
    expect(() => poolFile(['a', 'a'])).toThrow('twice');
    expect(() => poolFile(['a\nb'])).toThrow('cannot be in a pool file');
    expect(labelsOf('')).toEqual([]);
  });

  it('selection walks the ranking, skipping the ineligible, until enough winners', () => {
    const ranking = ['a', 'b', 'c', 'd', 'e'];
    expect(select(ranking, 2, (l) => l !== 'b')).toEqual({ winners: ['a', 'c'], skipped: ['b'] });
    expect(select(ranking, 9, (l) => l !== 'e')).toEqual({ winners: ['a', 'b', 'c', 'd'], skipped: ['e'] });
  });

  /** Pearson's statistic of how often each label is ranked first over `draws` random beacons. */
  function firstPlaceChiSquare(ranker: (randomness: string, hash: string, labels: readonly string[]) => string[], draws: number): number {
    const eight = ['a0', 'b1', 'c2', 'd3', 'e4', 'f5', 'g6', 'h7'];
    const hash = sha256Hex(poolFile(eight));
    const wins = new Map<string, number>(eight.map((l) => [l, 0]));
    for (let i = 0; i < draws; i++) {
      const [first] = ranker(randomBytes(32).toString('hex'), hash, eight);
      wins.set(first, (wins.get(first) ?? 0) + 1);
    }
    const expected = draws / eight.length;
    return [...wins.values()].reduce((sum, w) => sum + (w - expected) ** 2 / expected, 0);
  }

  it('ranks every label first equally often over 4,000 random beacons (χ²(7) < 24.322 at α = 0.001), and the test catches a biased ranking', () => {
    expect(firstPlaceChiSquare(rank, 4000)).toBeLessThan(CHI2_7_AT_001);
    // Biased: only the value's first two bits count, and ties go to the earlier label.
    const biased = (randomness: string, hash: string, ls: readonly string[]): string[] =>
      [...ls]
        .map((label) => ({ label, key: parseInt(rankingValue(randomness, hash, label).slice(0, 1), 16) >> 2 }))
        .sort((a, b) => a.key - b.key || (a.label < b.label ? -1 : 1))
        .map((x) => x.label);
    expect(firstPlaceChiSquare(biased, 4000)).toBeGreaterThan(CHI2_7_AT_001);
  });
});

export type { Beacon };
