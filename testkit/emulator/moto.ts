/**
 * moto, the local AWS emulator, for apply tests: a server on a free port, started through
 * emulator/moto-server.py (moto_server plus the model fixes described there), clients of a running one,
 * and working copies of synthesised stacks whose every AWS provider (aliases included) talks to it.
 * `npm run test:deploy` starts one server for the whole run (testkit/jest/deploy-global-setup.ts) and
 * hands its endpoint to every test file through RAFFLE_EMULATOR_ENDPOINT.
 *
 * Terraform still runs behind the refusing proxy of ../terraform.ts: Go never proxies loopback, so the
 * emulator is reached directly, and any call to real AWS is caught and refused.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { CreateHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort } from '../../local/ports';
import { TOOLCHAIN } from '../toolchain';
import { prepareWorkingCopy, type Json, type SynthesizedStack, type WorkingCopy } from '../terraform';
import { adaptForEmulator, type AdaptationContext } from './adaptations';

const START_SCRIPT = path.join(__dirname, 'moto-server.py');
const PYTHON = TOOLCHAIN.python;
export const EMULATOR_REGION = 'eu-west-1';
/** moto's default account. */
export const EMULATOR_ACCOUNT = '123456789012';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** Every service the stacks use: each provider endpoint points at the emulator. */
const SERVICES = [
  'acm',
  'apigateway',
  'apigatewayv2',
  'cloudfront',
  'cloudwatch',
  'dynamodb',
  'iam',
  'kms',
  'lambda',
  'logs',
  'route53',
  's3',
  'scheduler',
  'sesv2',
  'sns',
  'sqs',
  'sts',
  'wafv2',
];

/** Where the run's one emulator answers (set by the deploy tests' global set-up). */
export const EMULATOR_ENDPOINT_VARIABLE = 'RAFFLE_EMULATOR_ENDPOINT';

/** A running emulator, and the fixtures the tests make in it with the SDK (moto routes requests by their signature). */
export interface Emulator {
  readonly endpoint: string;
  /** Creates a Route 53 zone and returns its id. */
  createHostedZone(name: string): Promise<string>;
  /** Creates an SNS topic in EMULATOR_REGION and returns its ARN. */
  createTopic(name: string): Promise<string>;
  /** An S3 client of the emulator, in EMULATOR_REGION (destroy it after use). */
  s3(): S3Client;
  /** An EventBridge Scheduler client of the emulator, in EMULATOR_REGION (destroy it after use). */
  scheduler(): SchedulerClient;
  /** A DynamoDB client of the emulator, in EMULATOR_REGION (destroy it after use). */
  dynamodb(): DynamoDBClient;
}

/** An emulator this process started. */
export interface Moto extends Emulator {
  readonly pid: number;
  stop(): Promise<void>;
}

/** Fails at once, with the command to run, when moto is not installed for python3. */
export function assertMotoInstalled(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import moto.server, flask; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `moto's server is not installed for ${PYTHON}: run \`pip install "moto[server]>=5.2,<6"\` (or set $PYTHON to an interpreter that has it)`,
    );
  }
}

const insecureAgent = new https.Agent({ rejectUnauthorized: false });

function answers(endpoint: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.get(`${endpoint}/moto-api/data.json`, { agent: insecureAgent, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function post(endpoint: string, apiPath: string, body: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${endpoint}${apiPath}`, { method: 'POST', agent: insecureAgent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode !== undefined && res.statusCode < 300 ? resolve() : reject(new Error(`${apiPath}: HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function startMoto(): Promise<Moto> {
  assertMotoInstalled();
  const port = await freePort();
  const endpoint = `https://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(PYTHON, [START_SCRIPT, '-H', '127.0.0.1', '-p', String(port), '-s'], {
    // ACM issues at once instead of after 60 s; nothing else is changed.
    env: { ...process.env, MOTO_ACM_VALIDATION_WAIT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (const deadline = Date.now() + 60_000; !(await answers(endpoint));) {
      if (child.exitCode !== null) throw new Error(`moto exited during start-up: ${stderr.trim().split('\n').pop()}`);
      if (Date.now() > deadline) throw new Error(`moto did not answer on ${endpoint} within 60 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A distribution is Deployed at once, as after AWS's propagation; the provider waits for that state.
    await post(endpoint, '/moto-api/state-manager/set-transition', {
      model_name: 'cloudfront::distribution',
      transition: { progression: 'immediate' },
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...emulatorAt(endpoint), pid: child.pid ?? -1, stop };
}

/** Clients of the emulator at `endpoint`. */
export function emulatorAt(endpoint: string): Emulator {
  const clientOptions = { endpoint, credentials: CREDENTIALS, requestHandler: new NodeHttpHandler({ httpsAgent: insecureAgent }) };
  return {
    endpoint,
    async createHostedZone(name) {
      const route53 = new Route53Client({ ...clientOptions, region: 'us-east-1' });
      const out = await route53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}` }));
      route53.destroy();
      return String(out.HostedZone?.Id).replace('/hostedzone/', '');
    },
    async createTopic(name) {
      const sns = new SNSClient({ ...clientOptions, region: EMULATOR_REGION });
      const out = await sns.send(new CreateTopicCommand({ Name: name }));
      sns.destroy();
      return String(out.TopicArn);
    },
    s3: () => new S3Client({ ...clientOptions, region: EMULATOR_REGION, forcePathStyle: true }),
    scheduler: () => new SchedulerClient({ ...clientOptions, region: EMULATOR_REGION, maxAttempts: 1 }),
    dynamodb: () => new DynamoDBClient({ ...clientOptions, region: EMULATOR_REGION, maxAttempts: 1 }),
  };
}

/** The emulator of this test run (see testkit/jest/deploy-global-setup.ts). */
export function runEmulator(): Emulator {
  const endpoint = process.env[EMULATOR_ENDPOINT_VARIABLE];
  if (!endpoint)
    throw new Error(
      `${EMULATOR_ENDPOINT_VARIABLE} is not set: the apply tests run with \`npm run test:deploy\`, which starts the emulator`,
    );
  return emulatorAt(endpoint);
}

export interface EmulatorCopyOptions extends AdaptationContext {
  readonly tmpRoot: string;
  /**
   * Where the copy keeps its state: a local file, or the stack's own S3 backend (its bucket must exist in
   * the emulator, e.g. made by the bootstrap stack). @default 'local'
   */
  readonly state?: 'local' | 's3';
  /** An edit of the synthesised JSON, made after the adaptations (a change no config can express). */
  readonly edit?: (config: Record<string, Json>) => void;
}

/**
 * A working copy of `stack` for the emulator: every AWS provider aimed at moto with few retries (an
 * emulator error fails in seconds, not after minutes of back-off), the adaptations applied, and the state
 * local or in the emulator's S3.
 */
export function prepareEmulatorCopy(
  stack: SynthesizedStack,
  moto: Emulator,
  options: EmulatorCopyOptions,
): { copy: WorkingCopy; adaptations: Record<string, number> } {
  const provider = {
    access_key: CREDENTIALS.accessKeyId,
    secret_key: CREDENTIALS.secretAccessKey,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    // moto serves HTTPS with a self-signed certificate.
    insecure: true,
    max_retries: 2,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, moto.endpoint]))],
  };
  let s3Backend: Record<string, Json> | undefined;
  if (options.state === 's3') {
    const synthesized = JSON.parse(fs.readFileSync(stack.file, 'utf8')) as { terraform?: { backend?: { s3?: Record<string, Json> } } };
    s3Backend = synthesized.terraform?.backend?.s3;
    if (!s3Backend) throw new Error(`${stack.name} has no S3 backend to keep its state in`);
  }
  const copy = prepareWorkingCopy(stack, {
    tmpRoot: options.tmpRoot,
    override: (aliases, root): Record<string, Json> => ({
      provider: { aws: aliases.map((alias) => (alias === undefined ? { ...provider } : { alias, ...provider })) },
      terraform: {
        backend: (s3Backend
          ? {
              s3: {
                ...s3Backend,
                endpoints: { s3: moto.endpoint, sts: moto.endpoint },
                use_path_style: true,
                insecure: true,
                access_key: CREDENTIALS.accessKeyId,
                secret_key: CREDENTIALS.secretAccessKey,
                skip_credentials_validation: true,
                skip_requesting_account_id: true,
                skip_metadata_api_check: true,
                skip_region_validation: true,
              },
            }
          : { local: { path: path.join(root, 'terraform.tfstate') } }) as Json,
      },
    }),
  });
  const file = path.join(copy.dir, path.basename(stack.file));
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Json>;
  const adaptations = adaptForEmulator(config, options);
  options.edit?.(config);
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return { copy, adaptations };
}
