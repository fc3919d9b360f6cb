/**
 * Starts and stops everything `npm start` runs: DynamoDB Local with the table, the public HTTP server,
 * the mutual-TLS admin server, and the function bundles (dist/functions/<name>/index.js, the very files
 * archive_file zips for AWS), each built by its own createHandler with the adapters a laptop has: the
 * outbox for SES and SNS, a folder for the site bucket, the local beacon for drand, an in-process
 * stand-in for Lambda's Invoke API, the draw schedules and the claim sweep on the runtime's clock. The functions' settings come from the
 * configuration through the same mapping the stack uses (config/deployment.ts).
 *
 * Exported so tests run the very same runtime in-process, on free ports, a temporary folder and a clock
 * they move. The servers bind first, so a busy port fails in milliseconds with nothing else started;
 * until the functions are loaded they answer 503.
 */
import type { Context, DynamoDBBatchResponse } from 'aws-lambda';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import { deploymentFacts, functionSettings, type DeploymentAddresses } from '../config/deployment';
import type { RaffleConfig } from '../config/schema';
import type { CoreDeps } from '../functions/runtime/ports';
import { jsonLogger } from '../functions/runtime/log';
import { scheduledDrawTime } from '../functions/organise/schedule';
import { listRaffles } from '../functions/shared/raffles';
import { cryptoRandom, systemClock } from '../functions/runtime/system';
import type { Clock } from '../functions/runtime/ports';
import { bundleDir, FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { buildAll } from '../build/all';
import { API_BASE_PATH } from '../model/routes';
import { DRAW_COMPLETED_PATTERN } from '../model/stream-filter';
import { localInvoker, type LocalInvoker } from './async-invocation';
import { createLocalBeacon, type LocalBeacon } from './beacon';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb';
import { superviseEngine, type SupervisedEngine } from './engine-supervisor';
import { createRequestListener, type Invoke } from './http-server';
import { outboxMailer, outboxNotifier } from './outbox';
import { freePort } from './ports';
import { folderPublisher } from './published';
import { StaticSite } from './static';
import { ensureDevCerts, handshakeRefusal, mutualTlsOptions, type DevCerts } from './tls';
import { localDrawSchedules, type LocalDrawSchedules } from './schedule';
import { startClaimSweeps, type LocalClaimSweeps } from './claim-sweep';
import { startStreamPoller, type StreamPoller } from './stream';

export const DEFAULT_PORT = 3000;
export const DEFAULT_ADMIN_PORT = 3443;
export const DEFAULT_LOCAL_DIR = '.local';
export const DEFAULT_TABLE_NAME = 'raffle-local';

export interface RuntimeOptions {
  /** The raffle's configuration: what the functions and the pages are told, as the stack tells them (local/config.ts for npm start). */
  readonly config: RaffleConfig;
  /** The clock the functions, the schedule, the beacon and the outbox read. @default the system clock */
  readonly clock?: Clock;
  /** Public HTTP port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Admin HTTPS (mutual TLS) port; 0 picks a free one. @default 3443 */
  readonly adminPort?: number;
  /** Folder for certs/ and dynamodb/, relative to the current directory. @default '.local' */
  readonly localDir?: string;
  /** Keep the database in memory (throwaway run) instead of in `<localDir>/dynamodb`. @default false */
  readonly inMemory?: boolean;
  /**
   * A DynamoDB Local already running (the tests' one engine per run): the runtime makes a table of its
   * own in it and leaves the engine running. @default a DynamoDB Local of its own, stopped with it
   */
  readonly dynamoDbEndpoint?: string;
  /**
   * The table in that engine: a restart that finds the data the last run left (the tests' runtimes share
   * one engine). @default a new one of its own in a shared engine; 'raffle-local' in its own
   */
  readonly tableName?: string;
  /** Bundle the functions before loading them. @default true */
  readonly build?: boolean;
  /** Receives one line per request, and the stand-ins' own lines (the schedule, retries). @default console.log for the stand-ins, no request log */
  readonly log?: (line: string) => void;
  /** Receives the functions' JSON log lines, as CloudWatch would. @default console.log */
  readonly functionLog?: (line: string) => void;
  /**
   * The CA certificates (PEM, one or more) the admin door trusts for client certificates, as the admin
   * domain trusts its truststore (`RootCA.pem`) on AWS: a rotated bundle is trusted by starting the runtime
   * again with it. @default the dev CA (`<localDir>/certs/ca.pem`), which signs the dev client certificate
   */
  readonly truststorePem?: string;
  /**
   * The runtime cannot go on (its DynamoDB Local died and cannot be restarted: ./engine-supervisor.ts):
   * one line saying why. The runtime stops itself first. @default the line to `log`
   */
  readonly onFatal?: (message: string) => void;
}

export interface Runtime {
  /** What it runs: the functions' settings and the pages' facts come from this. */
  readonly config: RaffleConfig;
  readonly publicUrl: string;
  readonly adminUrl: string;
  readonly port: number;
  readonly adminPort: number;
  readonly certs: DevCerts;
  /** The engine, and its process and data folder when the runtime started it. */
  readonly dynamodb: { readonly endpoint: string; readonly pid?: number; readonly dataDir?: string };
  readonly tableName: string;
  /** Where every email and organiser notification the functions send is written, one file each. */
  readonly outboxDir: string;
  /** Reads the table's stream into the notify function, as the event-source mapping does on AWS. */
  readonly stream: StreamPoller;
  /** The local beacon verifiable draws use (not drand: their files say "local"). */
  readonly beacon: LocalBeacon;
  /** What the functions read the time from. */
  readonly clock: Clock;
  /** Where verifiable draws' files are published, served at /draws/<id>/ on the public door. */
  readonly publishedDir: string;
  /** The raffles' scheduled draws, as EventBridge Scheduler keeps them on AWS. */
  readonly schedules: LocalDrawSchedules;
  /**
   * Runs one function with an HTTP API event, as both doors do: for an event API Gateway would send that
   * this machine's doors cannot make (e.g. a certificate OpenSSL refuses at the handshake and API Gateway
   * does not). Answers 503 until the functions are loaded.
   */
  readonly invoke: Invoke;
  /** Closes both servers and stops DynamoDB Local (waits for Java to exit). Safe to call twice. */
  stop(): Promise<void>;
}

/** A start-up failure whose message is one line telling the user what to do. */
export class RuntimeStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuntimeStartError';
  }
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  // Loopback only: this is a development server.
  const host = 'localhost';
  const config = options.config;
  const clock = options.clock ?? systemClock;
  const localDir = path.resolve(options.localDir ?? DEFAULT_LOCAL_DIR);
  // A table of its own in an engine others use too.
  const tableName =
    options.tableName ?? (options.dynamoDbEndpoint ? `${DEFAULT_TABLE_NAME}-${randomBytes(4).toString('hex')}` : DEFAULT_TABLE_NAME);
  const certs = ensureDevCerts(path.join(localDir, 'certs'));
  const outboxDir = path.join(localDir, 'outbox');
  const publishedDir = path.join(localDir, 'published');
  // What CloudFront adds to every request to the public API; a new one each run.
  const originSecret = randomBytes(24).toString('base64url');
  const log = options.log ?? ((line: string) => console.log(line));
  const site = new StaticSite(deploymentFacts(config));

  let handlers: Map<FunctionName, LambdaHandler> | undefined;
  const invoke: Invoke = async (name, event) => {
    if (!handlers)
      return { statusCode: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Service Unavailable' }) };
    return handlers.get(name)!(event, lambdaContext(name, event.requestContext.requestId)) as ReturnType<Invoke>;
  };
  /** Any other event (the stream's, the schedule's, the draw's own), as Lambda would hand it to the function. */
  const invokeWith = async (name: FunctionName, event: unknown): Promise<unknown> => {
    if (!handlers) throw new Error('the functions are not loaded yet');
    return handlers.get(name)!(event, lambdaContext(name, randomUUID()));
  };

  const publicServer = http.createServer(
    createRequestListener({ api: 'public', invoke, site, secure: false, originSecret, outboxDir, publishedDir, log: options.log }),
  );
  const adminServer = https.createServer(
    mutualTlsOptions(certs, options.truststorePem),
    createRequestListener({ api: 'admin', invoke, site, secure: true, log: options.log }),
  );
  // A client without a certificate, or with one the door does not accept, fails the handshake: not our
  // error, but one line says why (an organiser whose browser shows only "connection reset" learns it here).
  adminServer.on('tlsClientError', (err, socket) => {
    const refusal = handshakeRefusal(err, socket);
    if (refusal) log(refusal);
  });

  const servers: net.Server[] = [];
  let db: SupervisedEngine | undefined;
  let tableClient: DynamoDBClient | undefined;
  let stream: StreamPoller | undefined;
  const schedules = localDrawSchedules((event) => invokeWith('draw', event), log, clock);
  const invoker: LocalInvoker = localInvoker((event) => invokeWith('draw', event), 'asynchronous draw', log, clock);
  let claimSweeps: LocalClaimSweeps | undefined;
  let stopped: Promise<void> | undefined;
  const stopAll = (): Promise<void> => (stopped ??= stopEverything());
  const stopEverything = async (): Promise<void> => {
    schedules.stop();
    await claimSweeps?.stop();
    // Before DynamoDB Local: an asynchronous invocation under way finishes against it.
    await invoker.stop();
    await Promise.all(servers.map(closeServer));
    servers.length = 0;
    await stream?.stop();
    tableClient?.destroy();
    if (db) await db.stop();
  };

  try {
    const port = await listen(publicServer, options.port ?? DEFAULT_PORT, host, 'PORT');
    servers.push(publicServer);
    const adminPort = await listen(adminServer, options.adminPort ?? DEFAULT_ADMIN_PORT, host, 'ADMIN_PORT');
    servers.push(adminServer);

    const dataDir = options.inMemory || options.dynamoDbEndpoint ? undefined : path.join(localDir, 'dynamodb');
    const publicUrl = `http://localhost:${port}`;
    const adminUrl = `https://localhost:${adminPort}`;
    // The JVM boots in its own process while esbuild bundles here: start it first.
    // No page of ours calls DynamoDB Local; CORS lists our own origins only, never "*".
    const dbStarting = options.dynamoDbEndpoint
      ? undefined
      : startDynamoDbLocal({ port: await freePort(), dbPath: dataDir, corsOrigins: [publicUrl, adminUrl] });
    // It may fail (no Java) while the build is awaited: handled here, so that Node does not end the process
    // on an unhandled rejection; the await below still throws it, as one line.
    dbStarting?.catch(() => undefined);
    let started: RunningDynamoDbLocal | undefined;
    try {
      if (options.build ?? true) await buildAll();
    } finally {
      // Even when the build fails, wait for the engine so stopAll() can stop it.
      started = await dbStarting;
    }
    if (started) {
      db = superviseEngine(started, {
        port: Number(new URL(started.endpoint).port),
        dataDir,
        corsOrigins: [publicUrl, adminUrl],
        tableName,
        clock,
        log,
        onFatal: (message) => {
          log(message);
          void stopAll().then(() => options.onFatal?.(message));
        },
      });
    }
    const endpoint = db?.endpoint ?? options.dynamoDbEndpoint!;
    await ensureTable(endpoint, tableName);
    const beacon = createLocalBeacon(clock);
    const addresses: DeploymentAddresses = {
      tableName,
      siteUrl: publicUrl,
      adminUrl: `${adminUrl}${API_BASE_PATH}/draw.html`,
      originSecret,
      publicApiId: 'public',
    };
    tableClient = localDynamoDbClient(endpoint);
    const functionLog = options.functionLog ?? ((line: string) => console.log(line));
    const core: Omit<CoreDeps, 'settings'> = {
      table: { client: tableClient, name: tableName },
      clock,
      random: cryptoRandom,
      logger: jsonLogger(functionLog, clock),
    };
    const adapters = {
      mailer: outboxMailer(outboxDir, clock),
      organiser: outboxNotifier(outboxDir, clock),
      publisher: folderPublisher(publishedDir),
      beacon,
      invoker,
      scheduler: schedules,
    };
    handlers = loadHandlers((name) => ({ ...core, ...adapters, settings: functionSettings(config, addresses, FUNCTIONS[name]) }));
    stream = await startStreamPoller({
      endpoint,
      tableName,
      pattern: DRAW_COMPLETED_PATTERN,
      invoke: (event) => invokeWith('notify', event) as Promise<DynamoDBBatchResponse>,
      // On AWS, the on-failure queue.
      onFailure: (records, error) => log(`notify: ${records.length} stream record(s) failed every retry (${error}); skipped`),
      log,
    });
    claimSweeps = startClaimSweeps((event) => invokeWith('draw', event), log, clock);
    // Scheduler keeps schedules between deployments; a laptop's runtime makes them again from the raffles.
    for (const raffle of await listRaffles(core.table)) {
      const at = scheduledDrawTime(raffle);
      if (at !== undefined && Date.parse(at) > clock.now().getTime()) await schedules.schedule(raffle.raffleId, at);
    }

    return {
      config,
      publicUrl,
      adminUrl,
      port,
      adminPort,
      certs,
      dynamodb: {
        endpoint,
        // The engine's process now: a restart (./engine-supervisor.ts) makes a new one.
        get pid() {
          return db?.pid;
        },
        dataDir,
      },
      tableName,
      outboxDir,
      stream,
      beacon,
      clock,
      publishedDir,
      schedules,
      invoke,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Loads each function's bundle, dist/functions/<name>/index.js (the bytes archive_file zips for AWS), and
 * builds its handler with `depsOf(name)`. Each bundle is a plain CommonJS module: loaded by the usual
 * loader (jest's, under the tests), so what it loads lazily beside itself resolves as on Lambda.
 */
function loadHandlers(depsOf: (name: FunctionName) => unknown): Map<FunctionName, LambdaHandler> {
  const out = new Map<FunctionName, LambdaHandler>();
  for (const name of FUNCTION_NAMES) {
    const file = path.join(PROJECT_ROOT, bundleDir(name), 'index.js');
    if (!fs.existsSync(file))
      throw new RuntimeStartError(
        `${path.relative(process.cwd(), file)} is missing: run \`npm run build\` (bundles ${FUNCTIONS[name].entry}).`,
      );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built file, found at run time
    const mod = require(file) as { createHandler?: (deps: unknown) => LambdaHandler };
    if (typeof mod.createHandler !== 'function')
      throw new RuntimeStartError(`${FUNCTIONS[name].entry} does not export \`createHandler\`: export the handler's factory.`);
    out.set(name, mod.createHandler(depsOf(name)));
  }
  return out;
}

/** A function's name here, as its context gives it (on AWS, "<prefix>-<name>"). */
function localFunctionName(name: FunctionName): string {
  return `raffle-local-${name}`;
}
function lambdaContext(name: FunctionName, requestId: string): Context {
  const fail = (): never => {
    throw new Error('callback-style handlers are not supported; return a Promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: localFunctionName(name),
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${localFunctionName(name)}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${localFunctionName(name)}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: fail,
    fail,
    succeed: fail,
  };
}

function listen(server: net.Server, port: number, host: string, envName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new RuntimeStartError(`Port ${port} is already in use: stop the program using it, or run with ${envName}=<another port>.`)
          : err.code === 'EACCES'
            ? new RuntimeStartError(`Port ${port} needs privileges: run with ${envName}=<a port above 1023>.`)
            : err,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections (browsers) would hold close() open: end them.
    (server as http.Server).closeAllConnections?.();
  });
}
