/**
 * DynamoDB Local for tests: the one engine of the jest run (testkit/jest/global-setup.ts starts it), and
 * a fresh table per call of `freshTable()`. Never a mock: the handlers talk to the real engine.
 *
 *   const db = useDynamoDbLocal();            // registers beforeAll/afterAll
 *   beforeEach(async () => { await db.freshTable(); });
 */
import { randomBytes } from 'crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable, localDynamoDbClient } from '../../local/dynamodb';
import { TEST_DYNAMODB_VARIABLE } from '../../testkit/jest/global-setup';

/** The run's engine; a clear error for a test that needs it in a run without it (test:unit). */
export function testDynamoDbEndpoint(): string {
  const endpoint = process.env[TEST_DYNAMODB_VARIABLE];
  if (!endpoint) {
    throw new Error(
      `this test needs DynamoDB Local, which this run did not start: run it with \`npm test\` (name it *.db.test.ts or *.e2e.test.ts)`,
    );
  }
  return endpoint;
}

export interface DynamoDbFixture {
  readonly endpoint: string;
  /** A client for the test's own setup and assertions (and the handlers' own). */
  readonly client: DynamoDBClient;
  /** The table the last freshTable() made. */
  readonly tableName: string;
  /** Creates an empty table from TABLE_SCHEMA. */
  freshTable(): Promise<string>;
}

/** A client to the run's engine for this test file, and a table per freshTable(). */
export function useDynamoDbLocal(): DynamoDbFixture {
  let client: DynamoDBClient | undefined;
  let table = '';
  const fixture: DynamoDbFixture = {
    get endpoint() {
      return testDynamoDbEndpoint();
    },
    get client() {
      client ??= localDynamoDbClient(testDynamoDbEndpoint());
      return client;
    },
    get tableName() {
      return table;
    },
    async freshTable() {
      table = `raffle-test-${randomBytes(4).toString('hex')}`;
      await ensureTable(testDynamoDbEndpoint(), table);
      return table;
    },
  };
  afterAll(() => client?.destroy());
  return fixture;
}
