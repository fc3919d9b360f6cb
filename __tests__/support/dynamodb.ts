/**
 * DynamoDB Local for tests: one engine per test file on a free port, and a fresh table per call of
 * `freshTable()`. Never a mock: the handlers talk to the real engine through DYNAMODB_ENDPOINT.
 *
 *   const db = useDynamoDbLocal();            // registers beforeAll/afterAll
 *   beforeEach(async () => { await db.freshTable(); });   // sets TABLE_NAME too
 *
 * The local-runtime tests reuse `startTestDynamoDb()` directly.
 */
import { randomBytes } from 'crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocalError, ensureTable, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDbLocal } from '../../local/dynamodb';
import { ENV } from '../../model/functions';
import { freePort } from '../../local/ports';

export interface TestDynamoDb {
  readonly endpoint: string;
  /** A client for the test's own setup and assertions (dummy credentials). */
  readonly client: DynamoDBClient;
  /** Creates a new, empty table from TABLE_SCHEMA and returns its name. */
  createTable(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts an in-memory DynamoDB Local on a free port, retrying if another process grabs the port first. */
export async function startTestDynamoDb(): Promise<TestDynamoDb> {
  let engine: RunningDynamoDbLocal | undefined;
  for (let attempt = 0; !engine; attempt++) {
    try {
      engine = await startDynamoDbLocal({ port: await freePort(), startTimeoutMs: 60_000 });
    } catch (err) {
      if (!(err instanceof DynamoDbLocalError) || !/in use/.test(err.message) || attempt >= 3) throw err;
    }
  }
  const running = engine;
  const client = localDynamoDbClient(running.endpoint);
  return {
    endpoint: running.endpoint,
    client,
    async createTable() {
      const name = `raffle-test-${randomBytes(4).toString('hex')}`;
      await ensureTable(running.endpoint, name);
      return name;
    },
    async stop() {
      client.destroy();
      await running.stop();
    },
  };
}

export interface DynamoDbFixture {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** The table TABLE_NAME currently points at. */
  readonly tableName: string;
  /** Creates an empty table and points TABLE_NAME (what the handlers read) at it. */
  freshTable(): Promise<string>;
}

/**
 * Registers beforeAll/afterAll that start and stop DynamoDB Local for this test file, set
 * DYNAMODB_ENDPOINT and TABLE_NAME, and create a first table. Import handlers after beforeAll has run
 * (e.g. with `await import(...)` inside a beforeAll declared after this call).
 */
export function useDynamoDbLocal(): DynamoDbFixture {
  let db: TestDynamoDb | undefined;
  let table = '';
  const fixture: DynamoDbFixture = {
    get endpoint() {
      if (!db) throw new Error('DynamoDB Local is not started yet (use the fixture inside tests or a later beforeAll)');
      return db.endpoint;
    },
    get client() {
      if (!db) throw new Error('DynamoDB Local is not started yet');
      return db.client;
    },
    get tableName() {
      return table;
    },
    async freshTable() {
      if (!db) throw new Error('DynamoDB Local is not started yet');
      table = await db.createTable();
      process.env[ENV.tableName] = table;
      return table;
    },
  };
  beforeAll(async () => {
    db = await startTestDynamoDb();
    process.env[ENV.dynamodbEndpoint] = db.endpoint;
    process.env.AWS_REGION = 'local';
    await fixture.freshTable();
  }, 90_000);
  afterAll(async () => {
    await db?.stop();
  }, 30_000);
  return fixture;
}
