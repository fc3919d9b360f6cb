/**
 * GIVEN a verifiable draw's four published files, made with a real recorded quicknet beacon
 * WHEN verify-draw checks them (as a function, as the command with --dir, and with --site over HTTP)
 * THEN the honest files match, and each tampering is caught with a non-zero exit: a changed pool, a
 *      pool hash that does not match, a different round, a swapped winner, a reordered list, a changed
 *      beacon byte. A local beacon (own key) verifies only as "not publicly verifiable".
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { bls12_381 } from '@noble/curves/bls12-381';
import { DST, rank, roundMessage, sha256Hex } from '../../verify/selection';
import { main, verifyDraw, type DrawFiles } from '../../verify/verify-draw';
import { RECORDED_QUICKNET_BEACONS } from './beacons';
import { DRAW_ID, honestDraw, LABELS } from './honest-draw';

const [BEACON_1000, BEACON_657413] = RECORDED_QUICKNET_BEACONS;

describe('verifyDraw', () => {
  it('matches an honest draw, with the winners it names', () => {
    const files = honestDraw(BEACON_1000, new Set([LABELS[3]]));
    const verdict = verifyDraw(files);
    expect(verdict).toMatchObject({ ok: true, local: false });
    const winners = files.result.sequence.filter((s) => s.outcome === 'won').map((s) => s.label);
    expect(verdict.message).toBe(`MATCH: draw ${DRAW_ID}, round 1000 of drand quicknet, 40 entrants, winners ${winners.join(', ')}`);
  });

  it('matches a void that took the next label in the same ranking', () => {
    const files = honestDraw(BEACON_1000);
    const ranking = rank(BEACON_1000.randomness, files.commitment.poolHash, LABELS);
    const sequence = [
      { label: ranking[0], outcome: 'won' as const, voided: true, voidedAt: '2026-12-24T18:00:00.000Z' },
      ...ranking.slice(1, 4).map((label) => ({ label, outcome: 'won' as const })),
    ];
    expect(verifyDraw({ ...files, result: { ...files.result, sequence } }).ok).toBe(true);
  });

  const tamperings: Array<[string, (f: DrawFiles) => DrawFiles, RegExp]> = [
    ['a changed pool list', (f) => ({ ...f, pool: f.pool.replace(LABELS[5], 'label-intruder') }), /pool list hashes to/],
    [
      'a pool hash that does not match',
      (f) => ({ ...f, commitment: { ...f.commitment, poolHash: sha256Hex('something else') } }),
      /pool list hashes to/,
    ],
    [
      'a different round (its own real beacon)',
      (f) => ({ ...f, beacon: BEACON_657413 }),
      /beacon is round 657413, the commitment named round 1000/,
    ],
    [
      'a different round, committed too',
      (f) => ({ ...f, beacon: BEACON_657413, commitment: { ...f.commitment, round: 657413 } }),
      /step \d+ of the result/,
    ],
    [
      'a swapped winner',
      (f) => ({
        ...f,
        result: {
          ...f.result,
          sequence: [
            { label: LABELS.find((l) => !f.result.sequence.some((s) => s.label === l))!, outcome: 'won' },
            ...f.result.sequence.slice(1),
          ],
        },
      }),
      /step 1 of the result/,
    ],
    [
      'a reordered list (its hash updated to match)',
      (f) => {
        const lines = f.pool.split('\n');
        [lines[0], lines[1]] = [lines[1], lines[0]];
        const pool = lines.join('\n');
        return { ...f, pool, commitment: { ...f.commitment, poolHash: sha256Hex(pool) } };
      },
      /not sorted and unique at line 2/,
    ],
    [
      'a beacon with one changed byte',
      (f) => {
        const signature = `${f.beacon.signature.slice(0, 10)}${f.beacon.signature[10] === '0' ? '1' : '0'}${f.beacon.signature.slice(11)}`;
        return { ...f, beacon: { ...f.beacon, signature, randomness: sha256Hex(Buffer.from(signature, 'hex')) } };
      },
      /does not verify under drand quicknet/,
    ],
    ['a winner too few', (f) => ({ ...f, result: { ...f.result, sequence: f.result.sequence.slice(0, -1) } }), /standing winner/],
    ['a pool size that does not match', (f) => ({ ...f, commitment: { ...f.commitment, poolSize: 41 } }), /the commitment says 41/],
  ];

  it.each(tamperings)('catches %s', (_what, tamper, message) => {
    const verdict = verifyDraw(tamper(honestDraw(BEACON_1000)));
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^MISMATCH: /);
    expect(verdict.message).toMatch(message);
  });

  it('a local beacon verifies under its own key, said to be not publicly verifiable; under drand’s chain hash it does not', () => {
    const secret = bls12_381.utils.randomPrivateKey();
    const publicKey = Buffer.from(bls12_381.getPublicKeyForShortSignatures(secret)).toString('hex');
    const round = 42;
    const signature = Buffer.from(bls12_381.signShortSignature(roundMessage(round), secret, { DST })).toString('hex');
    const beacon = { round, signature, randomness: sha256Hex(Buffer.from(signature, 'hex')) };
    const files = honestDraw(beacon);
    const local = { ...files, commitment: { ...files.commitment, chainHash: 'local', publicKey } };
    expect(verifyDraw(local)).toMatchObject({
      ok: true,
      local: true,
      message: expect.stringContaining('local beacon — not publicly verifiable'),
    });
    expect(verifyDraw(files).ok).toBe(false);
  });
});

describe('the verify-draw command', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-verify-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(files: DrawFiles, into: string): void {
    fs.mkdirSync(into, { recursive: true });
    fs.writeFileSync(path.join(into, 'commitment.json'), JSON.stringify(files.commitment));
    fs.writeFileSync(path.join(into, 'pool.txt'), files.pool);
    fs.writeFileSync(path.join(into, 'beacon.json'), JSON.stringify(files.beacon));
    fs.writeFileSync(path.join(into, 'result.json'), JSON.stringify(files.result));
  }

  it('--dir: one line of verdict, exit 0 on a match and 1 on a tampered pool; 2 when files are missing', () => {
    write(honestDraw(BEACON_1000), path.join(dir, DRAW_ID));
    const run = (...args: string[]) => {
      try {
        return {
          code: 0,
          out: execFileSync(process.execPath, ['--import', 'tsx', 'verify/verify-draw.ts', ...args], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        };
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        return { code: e.status, out: `${e.stdout}${e.stderr}` };
      }
    };
    const ok = run('--dir', dir, DRAW_ID);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split('\n')).toEqual([expect.stringMatching(/^MATCH: draw d-2026-12-24, round 1000 of drand quicknet/)]);

    fs.appendFileSync(path.join(dir, DRAW_ID, 'pool.txt'), 'label-extra\n');
    const bad = run('--dir', dir, DRAW_ID);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^MISMATCH: the pool list hashes to/);

    expect(run('--dir', dir, 'no-such-draw').code).toBe(2);
    expect(run(DRAW_ID).code).toBe(2);
  });

  it('--site: fetches <site>/draws/<id>/… and checks them', async () => {
    const served = path.join(dir, 'site', 'draws', DRAW_ID);
    write(honestDraw(BEACON_1000), served);
    const server = http.createServer((req, res) => {
      const file = path.join(dir, 'site', decodeURIComponent(req.url ?? ''));
      if (!file.startsWith(path.join(dir, 'site')) || !fs.existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      const code = await main(['--site', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, DRAW_ID]);
      expect(code).toBe(0);
      expect(lines).toEqual([expect.stringMatching(/^MATCH: /)]);
    } finally {
      log.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
