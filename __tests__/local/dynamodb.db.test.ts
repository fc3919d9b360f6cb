import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocalError, ensureTable, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDbLocal } from '../../local/dynamodb';
import { DRAWS_INDEX, ELIGIBLE_INDEX, ENTRANTS_INDEX, RAFFLES_INDEX, TABLE_SCHEMA } from '../../model/schema';
import { freePort } from '../../local/ports';
import { processAlive } from '../../testkit/processes';

describe('startDynamoDbLocal / ensureTable', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-ddb-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the table from the schema (idempotently), keeps data in dbPath across restarts, and leaves no Java behind', async () => {
    // GIVEN an engine with a database folder
    const port = await freePort();
    let db: RunningDynamoDbLocal = await startDynamoDbLocal({ port, dbPath: dataDir });
    try {
      // WHEN the table is ensured twice
      await ensureTable(db.endpoint, 'raffle-local');
      await ensureTable(db.endpoint, 'raffle-local');
      // THEN it has the schema's indexes and stream
      const client = localDynamoDbClient(db.endpoint);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'raffle-local' }));
      client.destroy();
      expect(Table?.KeySchema).toEqual([{ AttributeName: 'email', KeyType: 'HASH' }]);
      expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName).sort()).toEqual(
        [DRAWS_INDEX.name, ELIGIBLE_INDEX.name, ENTRANTS_INDEX.name, RAFFLES_INDEX.name].sort(),
      );
      expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      // Pending entries expire by TTL, as on AWS.
      const ttlClient = localDynamoDbClient(db.endpoint);
      const { TimeToLiveDescription } = await ttlClient.send(new DescribeTimeToLiveCommand({ TableName: 'raffle-local' }));
      ttlClient.destroy();
      expect(TimeToLiveDescription).toEqual({ AttributeName: TABLE_SCHEMA.ttlAttribute, TimeToLiveStatus: 'ENABLED' });
    } finally {
      await db.stop();
    }
    expect(processAlive(db.pid)).toBe(false);

    // AND after a restart on the same folder the table is still there
    db = await startDynamoDbLocal({ port: await freePort(), dbPath: dataDir });
    try {
      const client = localDynamoDbClient(db.endpoint);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: 'raffle-local' }));
      client.destroy();
      expect(Table?.TableStatus).toBe('ACTIVE');
    } finally {
      await db.stop();
    }
  }, 90_000);

  it('runs with telemetry off, and answers only the browser origins it is given (CORS), never "*"', async () => {
    const ours = 'http://localhost:3000';
    const db = await startDynamoDbLocal({ port: await freePort(), corsOrigins: [ours] });
    try {
      const args = fs.readFileSync(`/proc/${db.pid}/cmdline`, 'utf8').split('\0');
      expect(args).toContain('-disableTelemetry');
      expect(args[args.indexOf('-cors') + 1]).toBe(ours);
      const preflight = (origin: string) =>
        fetch(db.endpoint, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
        });
      const allowed = (res: Response) => res.headers.get('access-control-allow-origin');
      expect(allowed(await preflight(ours))).toBe(ours);
      const evil = allowed(await preflight('http://evil.example'));
      expect(evil === null || evil === ours).toBe(true);
      expect(evil).not.toBe('*');
    } finally {
      await db.stop();
    }
  }, 90_000);

  it('fails fast with a one-line message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startDynamoDbLocal({ port })).rejects.toThrow(
        new DynamoDbLocalError(`Port ${port} is already in use: stop whatever listens there or choose another DynamoDB Local port.`),
      );
    } finally {
      blocker.close();
    }
  });

  it('says how to install Java when the java launcher does not exist', async () => {
    // (jest's process.env is a sandbox copy, so PATH cannot be emptied for the spawn; name a missing launcher instead)
    const error = await startDynamoDbLocal({ port: await freePort(), javaCommand: 'java-that-does-not-exist' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbLocalError);
    expect((error as Error).message).toMatch(/^Java was not found: install a Java 17\+ runtime/);
    expect((error as Error).message).not.toContain('\n');
  });
});
