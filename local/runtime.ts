/**
 * Starts and stops everything `npm start` runs: the function bundles, DynamoDB Local with the table,
 * the public HTTP server and the mutual-TLS admin server. Exported so tests run the very same runtime
 * in-process, on free ports and a temporary folder.
 *
 * The servers bind first, so a busy port fails in milliseconds with nothing else started; until the
 * functions are loaded they answer 503. Handlers read their settings from process.env, as on Lambda, so
 * one process runs one runtime at a time.
 */
import type { Context, DynamoDBBatchResponse } from 'aws-lambda';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as path from 'path';
import { bundleDir, ENV, FUNCTION_NAMES, FUNCTIONS, type FunctionName } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { buildFunctions } from '../build/functions';
import { LIMITS } from '../model/limits';
import { API_BASE_PATH } from '../model/routes';
import { DRAW_COMPLETED_PATTERN } from '../model/stream-filter';
import { ensureTable, startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb';
import { createRequestListener, type Invoke } from './http-server';
import { freePort } from './ports';
import { StaticSite } from './static';
import { ensureDevCerts, mutualTlsOptions, type DevCerts } from './tls';
import { scheduleDraw, type LocalSchedule } from './schedule';
import { startStreamPoller, type StreamPoller } from './stream';
import { startLocalBeacon, type LocalBeacon } from './beacon';
import { startLocalLambdaApi, type LocalLambdaApi } from './lambda-api';

export const DEFAULT_PORT = 3000;
export const DEFAULT_ADMIN_PORT = 3443;
export const DEFAULT_LOCAL_DIR = '.local';
export const DEFAULT_TABLE_NAME = 'raffle-local';

export interface RuntimeOptions {
  /** Public HTTP port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Admin HTTPS (mutual TLS) port; 0 picks a free one. @default 3443 */
  readonly adminPort?: number;
  /** Folder for certs/ and dynamodb/, relative to the current directory. @default '.local' */
  readonly localDir?: string;
  /** Keep the database in memory (throwaway run) instead of in `<localDir>/dynamodb`. @default false */
  readonly inMemory?: boolean;
  /**
   * Entries count once confirmed from the email in the outbox (`<localDir>/outbox/`), as in production,
   * so that trying the app shows the real flow. @default true
   */
  readonly confirmEntries?: boolean;
  /** Settings passed to the functions, e.g. { DEFAULT_WINNERS: '3', ENTRY_DEADLINE: '…' }. @default {} */
  readonly functionEnv?: Readonly<Partial<Record<(typeof ENV)[keyof typeof ENV], string>>>;
  /** Bundle the functions before loading them. @default true */
  readonly build?: boolean;
  /** Receives one line per request. @default no request log */
  readonly log?: (line: string) => void;
}

export interface Runtime {
  readonly publicUrl: string;
  readonly adminUrl: string;
  readonly port: number;
  readonly adminPort: number;
  readonly certs: DevCerts;
  readonly dynamodb: { readonly endpoint: string; readonly pid: number; readonly dataDir?: string };
  readonly tableName: string;
  /** Where every email and organiser notification the functions send is written, one file each. */
  readonly outboxDir: string;
  /** Reads the table's stream into the notify function, as the event-source mapping does on AWS. */
  readonly stream: StreamPoller;
  /** The local beacon verifiable draws use (not drand: their files say "local"). */
  readonly beacon: LocalBeacon;
  /** Where verifiable draws' files are published, served at /draws/<id>/ on the public door. */
  readonly publishedDir: string;
  /** The draw at the configured drawSchedule (DRAW_SCHEDULE), as EventBridge Scheduler makes it on AWS; absent without one. */
  readonly schedule?: LocalSchedule;
  /** Milliseconds from startRuntime() to ready. */
  readonly readyMs: number;
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

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const started = Date.now();
  // Loopback only: this is a development server.
  const host = 'localhost';
  const localDir = path.resolve(options.localDir ?? DEFAULT_LOCAL_DIR);
  const tableName = DEFAULT_TABLE_NAME;
  const certs = ensureDevCerts(path.join(localDir, 'certs'));
  const functionEnv = options.functionEnv ?? {};
  const confirmEntries = options.confirmEntries ?? true;
  const outboxDir = path.join(localDir, 'outbox');
  const publishedDir = path.join(localDir, 'published');
  // What CloudFront adds to every request to the public API; a new one each run.
  const originSecret = randomBytes(24).toString('base64url');
  // The pages offer what the functions do: the default winner count and the rules, as config.js would.
  const site = new StaticSite({
    defaultWinners: Number(functionEnv[ENV.defaultWinners] ?? LIMITS.winners.default),
    rulesUrl: functionEnv[ENV.rulesUrl],
    privacyUrl: functionEnv[ENV.privacyUrl],
    // Verifiable draws are always on locally (with the local beacon), unless the settings say otherwise.
    ...(functionEnv[ENV.verifiableDraws] !== 'false'
      ? { beaconMarginSeconds: Number(functionEnv[ENV.beaconMarginSeconds] ?? LIMITS.beaconMarginSeconds.default) }
      : {}),
  });

  let handlers: Map<FunctionName, LambdaHandler> | undefined;
  const invoke: Invoke = async (name, event) => {
    if (!handlers)
      return { statusCode: 503, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'Service Unavailable' }) };
    return handlers.get(name)!(event, lambdaContext(name, event.requestContext.requestId)) as ReturnType<Invoke>;
  };
  /** Any other event (the stream's, the schedule's), as Lambda would hand it to the function. */
  const invokeWith = async (name: FunctionName, event: unknown): Promise<unknown> => {
    if (!handlers) throw new Error('the functions are not loaded yet');
    return handlers.get(name)!(event, lambdaContext(name, randomUUID()));
  };
  const log = options.log ?? ((line: string) => console.log(line));

  const publicServer = http.createServer(
    createRequestListener({ api: 'public', invoke, site, secure: false, originSecret, outboxDir, publishedDir, log: options.log }),
  );
  const adminServer = https.createServer(
    mutualTlsOptions(certs),
    createRequestListener({ api: 'admin', invoke, site, secure: true, log: options.log }),
  );
  // A client without a certificate, or with a foreign one, fails the handshake; that is not our error.
  adminServer.on('tlsClientError', () => undefined);

  const servers: net.Server[] = [];
  let db: RunningDynamoDbLocal | undefined;
  let stream: StreamPoller | undefined;
  let schedule: LocalSchedule | undefined;
  let beacon: LocalBeacon | undefined;
  let lambdaApi: LocalLambdaApi | undefined;
  const stopAll = async (): Promise<void> => {
    schedule?.cancel();
    // Before DynamoDB Local: an asynchronous invocation under way finishes against it.
    await lambdaApi?.stop();
    await beacon?.stop();
    await Promise.all(servers.map(closeServer));
    servers.length = 0;
    await stream?.stop();
    if (db) await db.stop();
  };

  try {
    const port = await listen(publicServer, options.port ?? DEFAULT_PORT, host, 'PORT');
    servers.push(publicServer);
    const adminPort = await listen(adminServer, options.adminPort ?? DEFAULT_ADMIN_PORT, host, 'ADMIN_PORT');
    servers.push(adminServer);

    const dataDir = options.inMemory ? undefined : path.join(localDir, 'dynamodb');
    // The JVM boots in its own process while esbuild bundles here: start it first.
    const publicUrl = `http://localhost:${port}`;
    const adminUrl = `https://localhost:${adminPort}`;
    // No page of ours calls DynamoDB Local; CORS lists our own origins only, never "*".
    const dbStarting = startDynamoDbLocal({ port: await freePort(), dbPath: dataDir, corsOrigins: [publicUrl, adminUrl] });
    try {
      if (options.build ?? true) buildFunctions();
    } finally {
      // Even when the build fails, wait for the engine so stopAll() can stop it.
      db = await dbStarting;
    }
    await ensureTable(db.endpoint, tableName);
    beacon = await startLocalBeacon();
    lambdaApi = await startLocalLambdaApi({ functionName: localFunctionName, invoke: invokeWith, log });

    setFunctionEnv({
      [ENV.tableName]: tableName,
      [ENV.dynamodbEndpoint]: db.endpoint,
      [ENV.confirmEntries]: String(confirmEntries),
      [ENV.outboxDir]: outboxDir,
      [ENV.siteUrl]: publicUrl,
      [ENV.originSecret]: originSecret,
      [ENV.publicApiId]: 'public',
      [ENV.adminUrl]: `${adminUrl}${API_BASE_PATH}/draw.html`,
      // Verifiable draws run whole on the local beacon, their files published for the public door.
      [ENV.verifiableDraws]: 'true',
      [ENV.beaconRelays]: beacon.url,
      [ENV.localBeaconPublicKey]: beacon.publicKey,
      [ENV.publishDir]: publishedDir,
      [ENV.lambdaEndpoint]: lambdaApi.url,
      ...functionEnv,
    });
    handlers = loadHandlers();
    stream = await startStreamPoller({
      endpoint: db.endpoint,
      tableName,
      pattern: DRAW_COMPLETED_PATTERN,
      invoke: (event) => invokeWith('notify', event) as Promise<DynamoDBBatchResponse>,
      // On AWS, the on-failure queue.
      onFailure: (records, error) => log(`notify: ${records.length} stream record(s) failed every retry (${error}); skipped`),
    });
    const drawSchedule = functionEnv[ENV.drawSchedule];
    if (drawSchedule) schedule = scheduleDraw(drawSchedule, (event) => invokeWith('draw', event), log);

    let stopped: Promise<void> | undefined;
    const running = db;
    return {
      publicUrl,
      adminUrl,
      port,
      adminPort,
      certs,
      dynamodb: { endpoint: running.endpoint, pid: running.pid, dataDir },
      tableName,
      outboxDir,
      stream,
      beacon,
      publishedDir,
      schedule,
      readyMs: Date.now() - started,
      stop: () => (stopped ??= stopAll()),
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Loads each function's bundle, dist/functions/<name>/index.js: the bytes archive_file zips for AWS.
 * Each start evaluates the bundles afresh (see evaluateBundle), so a restarted runtime never reuses a
 * module whose DynamoDB client points at the previous engine.
 */
function loadHandlers(): Map<FunctionName, LambdaHandler> {
  const out = new Map<FunctionName, LambdaHandler>();
  for (const name of FUNCTION_NAMES) {
    const file = path.join(PROJECT_ROOT, bundleDir(name), 'index.js');
    if (!fs.existsSync(file))
      throw new RuntimeStartError(
        `${path.relative(process.cwd(), file)} is missing: run \`npm run build\` (bundles ${FUNCTIONS[name].entry}).`,
      );
    const mod = evaluateBundle(file) as { handler?: LambdaHandler };
    if (typeof mod.handler !== 'function')
      throw new RuntimeStartError(`${FUNCTIONS[name].entry} does not export \`handler\`: export the Lambda handler function.`);
    out.set(name, mod.handler);
  }
  return out;
}

/**
 * Runs a CommonJS bundle in a fresh module scope, as Node's loader does (same wrapper arguments), but
 * without its cache: a cached module would keep its first DynamoDB client. External packages (the AWS
 * SDK, provided by the Lambda runtime) come from this module's `require`, as they would from node_modules.
 */
function evaluateBundle(file: string): unknown {
  const module = { exports: {} as unknown };
  // The Function constructor, not vm: the bundle must see this module's globals (under jest, the test's
  // own `process`, whose env the runtime sets). sourceURL keeps stack traces pointing at the bundle file.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const wrapper = new Function(
    'exports',
    'require',
    'module',
    '__filename',
    '__dirname',
    `${fs.readFileSync(file, 'utf8')}\n//# sourceURL=${file}`,
  ) as (...args: unknown[]) => void;
  wrapper(module.exports, require, module, file, path.dirname(file));
  return module.exports;
}

/** Settings the functions read from their environment; absent keys are removed so nothing leaks in from the shell. */
function setFunctionEnv(values: Readonly<Record<string, string | undefined>>): void {
  for (const key of Object.values(ENV)) {
    const value = values[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
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
