/**
 * bench/verifiable: what a verifiable draw costs at 1,000 and 100,000 entrants (through the real draw
 * handler on DynamoDB Local, behind a counting proxy, with the local beacon), and what its pure parts
 * cost at 1,000,000 (pool file, hash, ranking, verify-draw) in memory:
 *   - commit: freezing the pool (one pass over the eligible index), the record, publishing pool and commitment;
 *   - bytes published;
 *   - read units: the items the passes read, sized as DynamoDB sizes them (a Scan is eventually
 *     consistent: half a unit per 4 KB);
 *   - reveal: the beacon fetched and verified, the ranking, the claims, the files;
 *   - verify-draw over the published files.
 *
 *   npm run bench:verifiable
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { bls12_381 } from '@noble/curves/bls12-381';
import { startLocalBeacon } from '../local/beacon';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { ENV } from '../model/functions';
import { COUNTER_SHARDS } from '../model/schema';
import { seedEntrants } from '../scripts/seed-entrants';
import { DST, poolFile, rank, roundMessage, roundTime, select, sha256Hex, ALGORITHM } from '../verify/selection';
import { verifyDraw, type DrawFiles } from '../verify/verify-draw';
import { emptyTraffic, startCountingProxy } from './lib/counting-proxy';

const SIZES = [1_000, 100_000];
/** The size of one eligible-index item as DynamoDB counts it (names + values) for a seeded entrant. */
const INDEX_ITEM_BYTES =
  'email'.length +
  24 +
  'drawTicket'.length +
  6 +
  'name'.length +
  11 +
  'contactEmail'.length +
  24 +
  'phone'.length +
  12 +
  'label'.length +
  16;

const readUnits = (items: number): number => Math.ceil((items * INDEX_ITEM_BYTES) / 4096) * 0.5;

function drawEvent(key: string): APIGatewayProxyEventV2 {
  const rawPath = '/raffle/draw';
  return {
    version: '2.0',
    routeKey: `POST ${rawPath}`,
    rawPath,
    rawQueryString: '',
    headers: { host: 'localhost', 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ mode: 'verifiable', winners: 3 }),
    isBase64Encoded: false,
    requestContext: {
      accountId: '0',
      apiId: 'admin',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: key,
      routeKey: `POST ${rawPath}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      authentication: {
        clientCert: {
          clientCertPem: '',
          subjectDN: 'CN=bench',
          issuerDN: 'CN=bench',
          serialNumber: '1',
          validity: { notBefore: '', notAfter: '' },
        },
      },
    },
  };
}

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const proxy = await startCountingProxy(db.endpoint);
  const beacon = await startLocalBeacon();
  const published = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-verifiable-'));
  const log = console.log;
  try {
    Object.assign(process.env, {
      [ENV.dynamodbEndpoint]: proxy.endpoint,
      [ENV.verifiableDraws]: 'true',
      [ENV.beaconMarginSeconds]: '3',
      [ENV.beaconRelays]: beacon.url,
      [ENV.localBeaconPublicKey]: beacon.publicKey,
      [ENV.publishDir]: published,
    });
    const { handler } = await import('../functions/draw/handler');
    log('entrants | commit (freeze + publish) | items read | read units | published | reveal | verify-draw');
    for (const n of SIZES) {
      const table = `bench-verifiable-${n}`;
      await ensureTable(db.endpoint, table);
      const client = localDynamoDbClient(db.endpoint);
      await seedEntrants(client, table, n / COUNTER_SHARDS);
      client.destroy();
      process.env[ENV.tableName] = table;
      console.log = () => undefined;

      proxy.traffic = emptyTraffic();
      let started = process.hrtime.bigint();
      const committed = await handler(drawEvent(`bench-${n}`));
      const commitMs = Number(process.hrtime.bigint() - started) / 1e6;
      const commitItems = proxy.traffic.itemsRead;
      if (committed.statusCode !== 202) throw new Error(`commit: ${committed.statusCode} ${committed.body}`);
      const draw = JSON.parse(committed.body ?? '{}') as { drawId: string; verifiable: { round: number } };
      const dir = path.join(published, 'draws', draw.drawId);
      const bytes = ['pool.txt', 'commitment.json'].reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

      await new Promise((resolve) => setTimeout(resolve, Math.max(0, roundTime(draw.verifiable.round) * 1000 - Date.now() + 50)));
      proxy.traffic = emptyTraffic();
      started = process.hrtime.bigint();
      const revealed = await handler(drawEvent(`bench-${n}`));
      const revealMs = Number(process.hrtime.bigint() - started) / 1e6;
      const revealItems = proxy.traffic.itemsRead;
      if (revealed.statusCode !== 201) throw new Error(`reveal: ${revealed.statusCode} ${revealed.body}`);

      const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
      const files: DrawFiles = {
        commitment: JSON.parse(read('commitment.json')) as DrawFiles['commitment'],
        pool: read('pool.txt'),
        beacon: JSON.parse(read('beacon.json')) as DrawFiles['beacon'],
        result: JSON.parse(read('result.json')) as DrawFiles['result'],
      };
      started = process.hrtime.bigint();
      const verdict = verifyDraw(files);
      const verifyMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (!verdict.ok) throw new Error(verdict.message);
      console.log = log;
      log(
        `${n.toLocaleString('en')} | ${commitMs.toFixed(0)} ms | ${commitItems} + ${revealItems} (reveal) | ${readUnits(commitItems)} + ${readUnits(revealItems)} | ${(bytes / 1024).toFixed(0)} KB | ${revealMs.toFixed(0)} ms | ${verifyMs.toFixed(0)} ms`,
      );
    }

    // 1,000,000: the pure parts, in memory (seeding a million entrants into DynamoDB Local takes many minutes).
    const million = 1_000_000;
    const labels = Array.from({ length: million }, (_, i) => (0x10000000000000000000n + BigInt(i) * 7919n).toString(16).slice(-20));
    let started = process.hrtime.bigint();
    const pool = poolFile(labels);
    const poolHash = sha256Hex(pool);
    const freezeMs = Number(process.hrtime.bigint() - started) / 1e6;
    const secret = bls12_381.utils.randomPrivateKey();
    const round = 1000;
    const signature = Buffer.from(bls12_381.signShortSignature(roundMessage(round), secret, { DST })).toString('hex');
    const b = { round, signature, randomness: sha256Hex(Buffer.from(signature, 'hex')) };
    started = process.hrtime.bigint();
    const ranking = rank(b.randomness, poolHash, labels);
    const rankMs = Number(process.hrtime.bigint() - started) / 1e6;
    const { winners } = select(ranking, 3, () => true);
    const files: DrawFiles = {
      commitment: {
        algorithm: ALGORITHM,
        drawId: 'bench',
        chainHash: 'local',
        publicKey: Buffer.from(bls12_381.getPublicKeyForShortSignatures(secret)).toString('hex'),
        poolHash,
        poolSize: million,
        winners: 3,
        round,
        committedAt: '',
      },
      pool,
      beacon: b,
      result: { drawId: 'bench', sequence: winners.map((label) => ({ label, outcome: 'won' as const })) },
    };
    started = process.hrtime.bigint();
    const verdict = verifyDraw(files);
    const verifyMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (!verdict.ok) throw new Error(verdict.message);
    log(
      `1,000,000 (in memory) | pool file + hash ${freezeMs.toFixed(0)} ms | | ${readUnits(million)} (estimated, one pass) | ${(Buffer.byteLength(pool) / 1024 / 1024).toFixed(1)} MB | ranking ${rankMs.toFixed(0)} ms | ${verifyMs.toFixed(0)} ms`,
    );
  } finally {
    console.log = log;
    await beacon.stop();
    await proxy.close();
    await db.stop();
    fs.rmSync(published, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
