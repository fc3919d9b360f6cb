/**
 * What a verifiable draw fixes before its randomness exists, and where it says so: the beacon chain and
 * its round clock, the pool file and its hash, the place of the published files (the procedure is told
 * in ./selection.ts). Node's crypto only: the draw function loads this on every cold start, and the BLS
 * verification and the ranking (./selection.ts, with @noble/curves) only when a verifiable step runs.
 */
import { createHash } from 'crypto';

/** drand quicknet, pinned: a beacon is accepted only under this chain's key. */
export const QUICKNET = {
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  publicKey:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  scheme: 'bls-unchained-g1-rfc9380',
  genesisTime: 1692803367,
  periodSeconds: 3,
} as const;

/** The chain a commitment names for the local runtime's beacon: checked under the key it carries, never publicly verifiable. */
export const LOCAL_CHAIN_HASH = 'local';

export const ALGORITHM = 'drand-quicknet/hkdf-sha256-rank/v1';

/** Where a draw's files are on the public site: <site>/draws/<draw id>/{commitment.json,pool.txt,beacon.json,result.json}. */
export const PUBLISHED_DRAWS_PATH = 'draws';

/** The hash-to-curve domain of quicknet's signatures (RFC 9380, G1). */
export const DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

export interface Beacon {
  readonly round: number;
  /** Hex, 48 bytes (a compressed G1 point). */
  readonly signature: string;
  /** Hex, 32 bytes: SHA-256 of the signature. */
  readonly randomness: string;
}

/** What a beacon's signature signs: SHA-256 of the round number as 8 big-endian bytes. */
export function roundMessage(round: number): Uint8Array {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(round));
  return createHash('sha256').update(bytes).digest();
}

/** A published file's key below the site's root, e.g. draws/<id>/pool.txt; anything else is refused. */
export function publishedKey(drawId: string, name: string): string {
  if (!/^[0-9a-f]{32}$/.test(drawId) || !/^[a-z]+\.(json|txt)$/.test(name)) throw new Error(`not a draw file: ${drawId}/${name}`);
  return `${PUBLISHED_DRAWS_PATH}/${drawId}/${name}`;
}

/** The round whose time is the first at or after `unixSeconds` (quicknet: a round every 3 s from genesis). */
export function firstRoundAtOrAfter(unixSeconds: number): number {
  const elapsed = unixSeconds - QUICKNET.genesisTime;
  return elapsed <= 0 ? 1 : Math.ceil(elapsed / QUICKNET.periodSeconds) + 1;
}

/** When a round is published (Unix seconds). */
export function roundTime(round: number): number {
  return QUICKNET.genesisTime + (round - 1) * QUICKNET.periodSeconds;
}

/** The pool file: the labels sorted by code point, one per line. Throws on a duplicate or a label with a line break. */
export function poolFile(labels: readonly string[]): string {
  const sorted = [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    if (/[\r\n]/.test(sorted[i]) || sorted[i] === '') throw new Error(`label ${JSON.stringify(sorted[i])} cannot be in a pool file`);
    if (i > 0 && sorted[i] === sorted[i - 1]) throw new Error(`label ${sorted[i]} is in the pool twice`);
  }
  return sorted.map((label) => `${label}\n`).join('');
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The labels of a pool file, in its order. */
export function labelsOf(file: string): string[] {
  if (file === '') return [];
  if (!file.endsWith('\n')) throw new Error('a pool file ends with a line break');
  return file.slice(0, -1).split('\n');
}
