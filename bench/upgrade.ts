/**
 * bench/upgrade: the upgrade of a single-raffle table (ops/upgrade/upgrade.ts) on 100,000 entrants.
 * The table is seeded in exactly the shapes the single-raffle version's admission wrote (the empty
 * scope: the first raffle's keys), with a completed draw's record; then a dry run and the upgrade run,
 * each timed, with the read units of its counting Scans and the write units of its one transaction.
 *
 *   npm run bench:upgrade [-- --entrants 100000]
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { toItem } from '../functions/runtime/marshal';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { raffleKeys } from '../model/raffle-keys';
import { COUNTER_SHARDS } from '../model/schema';
import { upgrade } from '../ops/upgrade/upgrade';
import { seedEntrants } from '../testkit/seed-entrants';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TABLE = 'bench-upgrade';

async function main(): Promise<void> {
  const entrants = arg('entrants', 100_000);
  const db = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoDbClient(db.endpoint);
  try {
    await ensureTable(db.endpoint, TABLE, { stream: false });
    // The single-raffle version's keys are the upgraded raffle's: ordinal 0, the empty scope.
    const legacy = raffleKeys({ raffleId: 'first', ordinal: 0 });
    const seeded = await seedEntrants(client, TABLE, legacy, Math.ceil(entrants / COUNTER_SHARDS), { phoneClaims: true });
    const now = new Date();
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: toItem({
          email: legacy.draw('d1'),
          recordType: legacy.drawRecordType,
          drawId: 'd1',
          drawnAt: now.toISOString(),
          completedAt: now.toISOString(),
          status: 'complete',
          prize: 'Bike',
          requested: 3,
          target: 3,
          entrantCount: seeded,
          eligibleCount: seeded,
          ticketSpace: seeded,
          randomness: 'seeded',
          winners: [],
          winnerCount: 0,
          drawnBy: 'bench',
        }),
      }),
    );
    const request = {
      table: { client, name: TABLE },
      legacy: { winners: 3, entryDeadline: new Date(now.getTime() + 86_400_000).toISOString() },
      abilities: { mail: true, verifiableDraws: true },
      now,
    };
    for (const dryRun of [true, false]) {
      const started = process.hrtime.bigint();
      const outcome = await upgrade({ ...request, dryRun });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const items = Object.values(outcome.before.upgraded).reduce((a, b) => a + b, 0);
      const scans = dryRun ? 1 : 2;
      console.log(
        `${outcome.outcome}: ${(ms / 1000).toFixed(1)} s for ${items.toLocaleString('en')} items counted ${scans === 1 ? 'once' : 'twice'}; ` +
          `read units ${Math.round(outcome.before.readUnits * scans)} (the counting Scans), ` +
          `write units ${outcome.outcome === 'already upgraded' ? 0 : outcome.writeUnits} (the transaction)`,
      );
    }
  } finally {
    client.destroy();
    await db.stop();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
