/**
 * `npm start`'s first run makes one published raffle, so that the public pages have something to show
 * and the organiser something to draw before creating their own. A table that has any raffle (a later
 * run, or a copied one) is left alone.
 */
import { deploymentAbilities } from '../model/raffle';
import { newRaffle } from '../model/raffle-edit';
import { insertRaffle, listRaffles } from '../functions/shared/raffles';
import { localDynamoDbClient } from './dynamodb';
import type { Runtime } from './runtime';

export const SAMPLE_RAFFLE_ID = 'sample';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The sample raffle's id when this run made it, else undefined. */
export async function createSampleRaffle(runtime: Runtime): Promise<string | undefined> {
  const client = localDynamoDbClient(runtime.dynamodb.endpoint);
  try {
    const table = { client, name: runtime.tableName };
    if ((await listRaffles(table)).length > 0) return undefined;
    const now = runtime.clock.now();
    const body = {
      raffleId: SAMPLE_RAFFLE_ID,
      title: 'Sample raffle',
      description:
        'A raffle made on the first run of npm start, to try the pages with.\n\nEdit it, or create your own on the organiser page.',
      prizes: [
        { name: 'First prize', winners: 1 },
        { name: 'Runner-up prize', winners: 2 },
      ],
      closesAt: new Date(now.getTime() + WEEK_MS).toISOString(),
      status: 'open',
    };
    await insertRaffle(table, newRaffle(body, deploymentAbilities(runtime.config), now));
    return SAMPLE_RAFFLE_ID;
  } finally {
    client.destroy();
  }
}
