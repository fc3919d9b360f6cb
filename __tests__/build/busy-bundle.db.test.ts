/**
 * The deployed bundles tell a busy table from a fault, as the sources do.
 * GIVEN the raffles bundle as deployed (dist/functions/raffles/index.js, minified), with a table that
 *       keeps throttling the count's read: every BatchGetItem reads one key at most and hands the rest
 *       back in UnprocessedKeys, as DynamoDB does under a spike, past every retry
 * WHEN someone asks for the raffle's count
 * THEN the answer is 503 service_busy with Retry-After, never 500 internal_error.
 * Found by the reliability suite's spike (reliability/spike.ts): the bundles recognised TableBusy by the
 * class's own name, which minification renames, so every TableBusy (a hot counter past its retries,
 * throttled reads) answered 500 on AWS while the sources' tests said 503.
 */
import * as path from 'path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { BatchGetItemCommandInput, BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { insertRaffle } from '../../functions/shared/raffles';
import { jsonLogger } from '../../functions/runtime/log';
import { cryptoRandom, systemClock } from '../../functions/runtime/system';
import { localDynamoDbClient } from '../../local/dynamodb';
import { bundleDir } from '../../model/functions';
import { PROJECT_ROOT } from '../../model/project';
import { readSettings } from '../../model/settings';
import { openRaffle } from '../../testkit/seed-entrants';
import { httpEvent, IN_RAFFLE, RAFFLE_ID } from '../functions/support/events';
import { useDynamoDbLocal } from '../support/dynamodb';

const db = useDynamoDbLocal();

beforeAll(async () => {
  await db.freshTable();
  await insertRaffle({ client: db.client, name: db.tableName }, openRaffle(RAFFLE_ID, new Date()));
});

type Handler = (event: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

test('a count whose shards stay unprocessed: the deployed bundle answers 503 service_busy with Retry-After, not 500', async () => {
  const client = localDynamoDbClient(db.endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName !== 'BatchGetItemCommand') return out;
      const input = args.input as BatchGetItemCommandInput;
      const output = out.output as BatchGetItemCommandOutput;
      const [table, spec] = Object.entries(input.RequestItems ?? {})[0];
      const read = (output.Responses?.[table] ?? []).slice(0, 1);
      const rest = (spec.Keys ?? []).filter((key) => !read.some((item) => item.email?.S === key.email?.S));
      return { ...out, output: { ...output, Responses: { [table]: read }, UnprocessedKeys: { [table]: { ...spec, Keys: rest } } } };
    },
    { step: 'initialize', name: 'testThrottledBatches' },
  );
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, as the runtime loads it
    const bundle = require(path.join(PROJECT_ROOT, bundleDir('raffles'), 'index.js')) as { createHandler: (deps: unknown) => Handler };
    const count = bundle.createHandler({
      settings: readSettings({ TABLE_NAME: db.tableName }),
      table: { client, name: db.tableName },
      clock: systemClock,
      random: cryptoRandom,
      logger: jsonLogger(() => undefined, systemClock),
    });
    const res = await count(httpEvent({ method: 'GET', path: IN_RAFFLE }));
    expect([res.statusCode, res.headers?.['retry-after'], JSON.parse(String(res.body)).error.code]).toEqual([503, '2', 'service_busy']);
  } finally {
    client.destroy();
  }
});
