/**
 * `npm start`: the whole raffle on this machine, no AWS account needed.
 *
 *   PORT=3000 ADMIN_PORT=3443 RAFFLE_LOCAL_DIR=.local npm start [-- --in-memory]
 *
 * What the functions and pages are told comes from config/dev.json (./config.ts), so the laptop runs what the
 * dev stack deploys.
 */
import * as path from 'path';
import { API_BASE_PATH, fillRoutePath, ROUTES, routeKey } from '../model/routes';
import { localConfig } from './config';
import { createSampleRaffle } from './sample-raffle';
import { OUTBOX_PATH } from './http-server';
import { quietSdkNodeVersionWarning } from './sdk-warning';
import { DEV_CLIENT_COMMON_NAME } from './tls';
import { DEFAULT_ADMIN_PORT, DEFAULT_LOCAL_DIR, DEFAULT_PORT, startRuntime, type Runtime } from './runtime';

export interface CliSettings {
  readonly port: number;
  readonly adminPort: number;
  readonly localDir: string;
  readonly inMemory: boolean;
  /** Entries count once confirmed from the outbox's email, as in production. */
  readonly confirmEntries: boolean;
}

/** Reads flags and environment variables; throws a one-line error for anything it does not understand. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliSettings {
  let inMemory = false;
  let confirmEntries = true;
  for (const arg of argv) {
    if (arg === '--in-memory') inMemory = true;
    else if (arg === '--no-confirm') confirmEntries = false;
    else
      throw new Error(
        `unknown option ${arg}: the options are --in-memory and --no-confirm (ports and folder come from PORT, ADMIN_PORT, RAFFLE_LOCAL_DIR)`,
      );
  }
  return {
    port: portFrom(env, 'PORT', DEFAULT_PORT),
    adminPort: portFrom(env, 'ADMIN_PORT', DEFAULT_ADMIN_PORT),
    localDir: env.RAFFLE_LOCAL_DIR || DEFAULT_LOCAL_DIR,
    inMemory,
    confirmEntries,
  };
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name}=${raw} is not a port: use a whole number from 1 to 65535`);
  return port;
}

/** What the user needs to start using it: URLs, a curl for a draw, and how to get the certificate into a browser. */
export function banner(runtime: Runtime, settings: CliSettings, readyMs: number, sample?: string): string {
  // Short paths for copy-paste when the files are below the current folder, absolute ones otherwise.
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  };
  const c = runtime.certs;
  const data = runtime.dynamodb.dataDir ? `data in ${rel(runtime.dynamodb.dataDir)}/` : 'in memory (--in-memory: nothing is kept)';
  return [
    '',
    `  Raffle running locally, ready in ${readyMs} ms`,
    '',
    `  Public site + API   ${runtime.publicUrl}/            (${routeKey(ROUTES.raffles)}, ${routeKey(ROUTES.apply)}, …)`,
    `  Organiser (mTLS)    ${runtime.adminUrl}${API_BASE_PATH}/draw.html`,
    `  DynamoDB Local      ${runtime.dynamodb.endpoint}   table ${runtime.tableName}, ${data}`,
    `  Certificates        ${rel(c.dir)}/${c.created ? ' (just created)' : ''}`,
    `  Email (outbox)      ${rel(runtime.outboxDir)}/, one file per message; read them at ${runtime.publicUrl}${OUTBOX_PATH}`,
    `                      ${runtime.config.confirmEntries ? 'entries are confirmed from their email' : 'entries count at once (no confirmation)'}; the organiser's notices go there too`,
    `  Raffles             ${sample ? `"${sample}" was created to try things with (first run); ` : ''}create more on the organiser page`,
    `  Results             ${runtime.publicUrl}/results.html?raffle=<id>`,
    // Said plainly: the local beacon stands in for drand, so a proof made here convinces nobody else.
    ...(runtime.config.verifiable
      ? [
          '                      Verifiable draws here use a stand-in for the public drand randomness service, so their proofs check out only on this laptop.',
        ]
      : []),
    '',
    '  Run a draw from the shell (the same key again replays that draw; a new draw needs a new key):',
    `    curl --cacert ${rel(c.caPath)} --cert ${rel(c.clientCertPath)} --key ${rel(c.clientKeyPath)} -X POST \\`,
    `      -H 'content-type: application/json' -H 'idempotency-key: draw-1' -d '{"early":true}' ${runtime.adminUrl}${sample ? fillRoutePath(ROUTES.draw, { raffleId: sample }) : ROUTES.draw.path.replace('{raffleId}', '<id>')}`,
    '',
    '  Open the organiser page in a browser:',
    `    1. Import the client certificate ${rel(c.clientP12Path)} (password: ${c.clientP12Password})`,
    '       Chrome/Edge: Settings > Privacy and security > Security > Manage certificates > Your certificates > Import',
    '       Firefox: Settings > Privacy & Security > Certificates > View Certificates > Your Certificates > Import',
    '       macOS: open the .p12 (Keychain Access); Linux Chrome: pk12util -d sql:$HOME/.pki/nssdb -i ' + rel(c.clientP12Path),
    `    2. Trust ${rel(c.caPath)} as a certificate authority for websites (Authorities > Import), or accept the warning once`,
    `    3. Visit ${runtime.adminUrl}${API_BASE_PATH}/draw.html and pick the "${DEV_CLIENT_COMMON_NAME}" certificate`,
    '',
    `  Settings: PORT=${settings.port} ADMIN_PORT=${settings.adminPort} RAFFLE_LOCAL_DIR=${settings.localDir}${settings.inMemory ? ' --in-memory' : ''}${settings.confirmEntries ? '' : ' --no-confirm'}`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  // Before any AWS SDK client is made: on Node 20, its warning that Node 22 will be needed, and only it.
  quietSdkNodeVersionWarning();
  const started = Date.now();
  let settings: CliSettings;
  let runtime: Runtime;
  try {
    settings = parseCli(process.argv.slice(2), process.env);
    runtime = await startRuntime({
      port: settings.port,
      adminPort: settings.adminPort,
      localDir: settings.localDir,
      inMemory: settings.inMemory,
      config: localConfig(path.resolve(__dirname, '..'), { noConfirm: !settings.confirmEntries }),
      log: (line) => console.log(`  ${new Date().toISOString()} ${line}`),
      // The runtime has stopped itself: say why, once, and end.
      onFatal: (message) => {
        console.error(`npm start: ${message}`);
        process.exit(1);
      },
    });
  } catch (err) {
    console.error(`npm start: ${oneLine(err)}`);
    process.exit(1);
  }
  const sample = await createSampleRaffle(runtime);
  console.log(banner(runtime, settings, Date.now() - started, sample));

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      // A second Ctrl-C means "now": the DynamoDB module's exit hook still kills Java.
      process.exit(130);
    }
    stopping = true;
    console.log(`\n  ${signal}: stopping…`);
    runtime.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(`npm start: stop failed: ${oneLine(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

if (require.main === module) {
  void main();
}
