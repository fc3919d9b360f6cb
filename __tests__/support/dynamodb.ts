/**
 * DynamoDB Local for tests: the one engine of the jest run (testkit/jest/global-setup.ts starts it), and
 * a fresh table per call of `freshTable()`. Never a mock: the handlers talk to the real engine.
 *
 * A table has no stream unless the file reads it (`useDynamoDbLocal({ stream: true })`): DynamoDB Local
 * keeps every stream record of the run, deleted tables' included, and each write to a table with a
 * stream costs more as they accumulate (2,000 writes: 3.2 s at first, 15.8 s after 14,000 records; a
 * table without a stream stays at 0.7–1.5 s). Tables are deleted once done with: one made during a test
 * (or its beforeEach) when the next test starts, one made in a beforeAll when the file ends.
 *
 *   const db = useDynamoDbLocal();            // registers its hooks
 *   beforeEach(async () => { await db.freshTable(); });
 */
import { randomBytes } from 'crypto';
import { DeleteTableCommand, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
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

/** A client to the run's engine for this test file, and a table per freshTable(), with a stream if `stream`. */
export function useDynamoDbLocal({ stream = false }: { readonly stream?: boolean } = {}): DynamoDbFixture {
  let client: DynamoDBClient | undefined;
  let table = '';
  let inTest = false;
  const testTables: string[] = [];
  const fileTables: string[] = [];
  const drop = async (tables: string[]): Promise<void> => {
    for (const name of tables.splice(0)) {
      await fixture.client.send(new DeleteTableCommand({ TableName: name })).catch((err: unknown) => {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      });
    }
  };
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
      await ensureTable(testDynamoDbEndpoint(), table, { stream });
      (inTest ? testTables : fileTables).push(table);
      return table;
    },
  };
  // Registered before the file's own hooks, so these run first: the last test and its afterEach are over.
  beforeEach(async () => {
    await drop(testTables);
    inTest = true;
  });
  afterEach(() => {
    inTest = false;
  });
  afterAll(async () => {
    await drop([...testTables, ...fileTables]);
    client?.destroy();
  });
  return fixture;
}
