/**
 * GIVEN 100,000 confirmed entrants in DynamoDB Local
 * WHEN the deployed bundle of the entrants function exports them (GET /raffle/entrants.csv, gzip), in a
 *      process of its own, as Lambda runs it (testkit/measure-export.ts)
 * THEN every entrant is in the CSV exactly once, and the export's peak memory stays within the bound:
 *      rows are written as the index pages arrive, and only the compressed output is kept.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gunzipSync } from 'zlib';
import { FUNCTIONS } from '../../../model/functions';
import { buildFunctions } from '../../../build/functions';
import type { ExportMeasurement } from '../../../testkit/measure-export';
import { useDynamoDbLocal } from '../../support/dynamodb';
import { seedEntrants } from '../support/seed';

jest.setTimeout(240_000);

const ENTRANTS = 100_000;
/**
 * The bound: the export may add at most this much to the process's resident memory. The index pages
 * (1 MB each), the CSV writer's buffers and the compressed output (a few MB) fit many times over;
 * keeping 100,000 entrants (or their CSV) in memory would not.
 */
const MAX_GROWTH_MB = 64;
/**
 * The JavaScript heap the export runs in. Streaming fits (measured: it exports 100,000 entrants with a
 * 24 MB heap); a variant that gathers every row before answering runs out of heap at this size, so this
 * limit is what makes the test fail if the export stops streaming.
 */
const HEAP_LIMIT_MB = 32;

const db = useDynamoDbLocal();
let tmp: string;

beforeAll(() => {
  buildFunctions(['entrants']);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-export-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test(`exports ${ENTRANTS.toLocaleString('en')} entrants, every one once, within a ${HEAP_LIMIT_MB} MB heap`, async () => {
  await seedEntrants(db.client, db.tableName, ENTRANTS / 16, { drawable: false });
  const bodyFile = path.join(tmp, 'entrants.csv.gz');
  const output = execFileSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', 'testkit/measure-export.ts', db.endpoint, db.tableName, bodyFile],
    {
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  const measured = JSON.parse(output.trim().split('\n').pop() ?? '{}') as ExportMeasurement;
  console.log(`export of ${ENTRANTS} entrants: ${JSON.stringify(measured)}`);

  expect(measured.status).toBe(200);
  const lines = gunzipSync(fs.readFileSync(bodyFile)).toString('utf8').split('\r\n');
  expect(lines[0]).toBe('\ufeffemail,name,phone,entered_at,won,won_draw_id,won_at,voided_at');
  expect(lines[lines.length - 1]).toBe('');
  const emails = lines.slice(1, -1).map((l) => l.split(',')[0]);
  expect(emails).toHaveLength(ENTRANTS);
  expect(new Set(emails).size).toBe(ENTRANTS);
  // API Gateway takes at most 6 MB from a function, base64 included.
  expect(Math.ceil(measured.bodyBytes / 3) * 4).toBeLessThan(6 * 1024 * 1024);
  expect(measured.peakRssMb - measured.baselineRssMb).toBeLessThan(MAX_GROWTH_MB);
  expect(measured.peakRssMb).toBeLessThan(FUNCTIONS.entrants.sizing.memoryMb);
});
