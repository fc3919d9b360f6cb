/**
 * Measures one export of a raffle's entrants (GET /raffle/raffles/{raffleId}/entrants.csv, gzip) as Lambda would run it: a fresh
 * Node process loads the deployed bundle (dist/functions/entrants/index.js), builds its handler with
 * createHandler (the table in DynamoDB Local, the system clock, the handler's log line dropped: it is not
 * the measurement), warms it with one small request, then exports every entrant of the table (exportCsv,
 * page by page) while the kernel records its peak memory. Prints one JSON line; writes the answer's body
 * (gzip) to the file given. Run by bench/export.ts, each run in its own process, so nothing else in the
 * process counts.
 *
 * With --raw, it measures the floor instead: the raffle's record read, then the same index read page by
 * page (the raffle's address buckets) with bare Query calls, every item dropped (no CSV, no compression,
 * no answer).
 *
 *   node --import tsx testkit/measure-export.ts <dynamodb-endpoint> <table> <raffleId> <body-file> [--raw]
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CoreDeps } from '../functions/runtime/ports';
import { jsonLogger } from '../functions/runtime/log';
import { cryptoRandom, systemClock } from '../functions/runtime/system';
import { bundleDir } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { raffleKeys, type RaffleKeys } from '../model/raffle-keys';
import { fillRoutePath, ROUTES, routeKey, type RouteDefinition } from '../model/routes';
import { ADDRESS_BUCKETS, ENTRANTS_INDEX } from '../model/schema';
import { readSettings } from '../model/settings';
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '../local/dynamodb';
import { readRaffle } from '../functions/shared/raffles';

export interface ExportMeasurement {
  readonly status: number;
  readonly ms: number;
  /** Resident memory just before the export (process, bundle and warm SDK client loaded). */
  readonly baselineRssMb: number;
  /** The kernel's peak resident memory during the export (VmHWM, reset just before it). */
  readonly peakRssMb: number;
  /** Compressed bytes of the answer's body. */
  readonly bodyBytes: number;
}

function statusMb(field: 'VmRSS' | 'VmHWM'): number {
  const line = fs
    .readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

function event(
  route: Pick<RouteDefinition, 'method' | 'path'>,
  raffleId: string,
  headers: Record<string, string>,
  query?: Record<string, string>,
): unknown {
  const rawPath = fillRoutePath(route, { raffleId });
  return {
    version: '2.0',
    routeKey: routeKey(route),
    rawPath,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    ...(query ? { queryStringParameters: query } : {}),
    headers,
    isBase64Encoded: false,
    requestContext: { apiId: 'admin', http: { method: route.method, path: rawPath }, requestId: 'measure', routeKey: routeKey(route) },
  };
}

/** The raffle's record and every page of its part of the entrants index, read and dropped: what any export must at least do. */
async function readIndex(endpoint: string, table: string, raffleId: string): Promise<number> {
  const client = localDynamoDbClient(endpoint);
  const raffle = await readRaffle({ client, name: table }, raffleId);
  if (!raffle) throw new Error(`no raffle ${raffleId} in ${table}`);
  const keys: RaffleKeys = raffleKeys(raffle);
  let items = 0;
  for (const character of ADDRESS_BUCKETS) {
    const bucket = keys.addressBucket(character);
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: ENTRANTS_INDEX.name,
          KeyConditionExpression: 'addressBucket = :b',
          ExpressionAttributeValues: { ':b': { S: bucket } },
          ExclusiveStartKey: start,
        }),
      );
      items += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
  }
  client.destroy();
  return items;
}

async function main(): Promise<void> {
  const [endpoint, table, raffleId, bodyFile, mode] = process.argv.slice(2);
  if (!endpoint || !table || !raffleId || !bodyFile)
    throw new Error('usage: measure-export.ts <dynamodb-endpoint> <table> <raffleId> <body-file> [--raw]');
  if (mode === '--raw') {
    await readIndex(endpoint, table, raffleId); // warm: the same connection set-up as the handler's first request
    global.gc?.();
    const baselineRssMb = statusMb('VmRSS');
    fs.writeFileSync('/proc/self/clear_refs', '5');
    const started = Date.now();
    const items = await readIndex(endpoint, table, raffleId);
    const measurement: ExportMeasurement = {
      status: 200,
      ms: Date.now() - started,
      baselineRssMb,
      peakRssMb: statusMb('VmHWM'),
      bodyBytes: 0,
    };
    process.stdout.write(`${JSON.stringify({ ...measurement, items })}\n`);
    return;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as Lambda loads it
  const { createHandler } = require(path.join(PROJECT_ROOT, bundleDir('entrants'), 'index.js')) as {
    createHandler: (deps: CoreDeps) => (e: unknown) => Promise<{ statusCode: number; body: string }>;
  };
  const deps: CoreDeps = {
    settings: readSettings({ TABLE_NAME: table }),
    table: { client: localDynamoDbClient(endpoint), name: table },
    clock: systemClock,
    random: cryptoRandom,
    // The handler's log line is not the measurement.
    logger: jsonLogger(() => undefined, systemClock),
  };
  const handler = createHandler(deps);
  await handler(event(ROUTES.entrants, raffleId, {}, { limit: '1' }));
  global.gc?.();
  const baselineRssMb = statusMb('VmRSS');
  // Resets the peak (VmHWM) to the current size, so the peak read after is the export's.
  fs.writeFileSync('/proc/self/clear_refs', '5');
  const started = Date.now();
  const res = await handler(event(ROUTES.entrantsCsv, raffleId, { 'accept-encoding': 'gzip' }));
  const ms = Date.now() - started;
  const peakRssMb = statusMb('VmHWM');
  const body = Buffer.from(res.body, 'base64');
  fs.writeFileSync(bodyFile, body);
  deps.table.client.destroy();
  const measurement: ExportMeasurement = { status: res.statusCode, ms, baselineRssMb, peakRssMb, bodyBytes: body.length };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
