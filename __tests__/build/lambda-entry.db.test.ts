/**
 * The deployed entry, as Lambda runs it (functions/runtime/lambda.ts): each bundle's `handler` in a fresh
 * Node process whose environment is the one the synthesised dev stack gives that function, the table's
 * name aside (a fresh table in the run's DynamoDB Local, which the SDK reaches through
 * AWS_ENDPOINT_URL_DYNAMODB, as it reads an endpoint from the environment).
 * GIVEN apply's and raffles' environments from the stack, and a raffle in the table
 * WHEN their handlers get API Gateway's events
 * THEN apply registers an entrant in the raffle and raffles counts it: the settings were read from the
 *      environment the stack writes, and the handler wired once per process;
 * AND an environment without the table's name fails every invocation with a message naming the variable.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { insertRaffle } from '../../functions/shared/raffles';
import { bundleDir, type FunctionName } from '../../model/functions';
import { PROJECT_ROOT } from '../../model/project';
import { SETTINGS_ENV } from '../../model/settings';
import { openRaffle } from '../../testkit/seed-entrants';
import { testCaPem } from '../constructs/fixtures';
import { httpEvent, jsonPost } from '../functions/support/events';
import { person } from '../support/people';
import { useDynamoDbLocal } from '../support/dynamodb';
import { attrs, shippedConfig, synthStack } from '../support/synth';

const db = useDynamoDbLocal();
const RAFFLE = 'deployed';
beforeEach(async () => {
  await db.freshTable();
  // Entries count at once, as the dev stack (confirmEntries off) makes them.
  await insertRaffle({ client: db.client, name: db.tableName }, openRaffle(RAFFLE, new Date()));
});

const stack = synthStack(shippedConfig('dev', testCaPem()));
/** What the stack sets in the function's environment (Terraform references stay as their text). */
const stackEnvironment = (name: FunctionName): Record<string, string> =>
  attrs(stack, stack.stack.functions[name].fn).environment.variables as Record<string, string>;

interface Outcome {
  readonly statusCode?: number;
  readonly body?: string;
  readonly error?: string;
}

/** Each event handed in turn to the bundle's `handler`, in one process: a cold start, then warm invocations. */
function invokeDeployed(name: FunctionName, environment: Record<string, string>, events: readonly APIGatewayProxyEventV2[]): Outcome[] {
  const script = `
    const { handler } = require(${JSON.stringify(path.join(PROJECT_ROOT, bundleDir(name), 'index.js'))});
    (async () => {
      const out = [];
      for (const event of JSON.parse(process.argv[1])) {
        try { const r = await handler(event, { awsRequestId: 'test' }); out.push({ statusCode: r.statusCode, body: r.body }); }
        catch (err) { out.push({ error: String(err && err.message) }); }
      }
      process.stdout.write('\\n' + JSON.stringify(out));
    })();`;
  const output = execFileSync(process.execPath, ['-e', script, JSON.stringify(events)], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: `raffle-dev-${name}`,
      ...environment,
    },
  });
  return JSON.parse(output.slice(output.lastIndexOf('\n') + 1)) as Outcome[];
}

test('apply and raffles, as deployed: an entrant registered is counted', () => {
  const entrant = person(1, 'deployed');
  const [registered, again, unknown] = invokeDeployed('apply', { ...stackEnvironment('apply'), [SETTINGS_ENV.tableName]: db.tableName }, [
    jsonPost(`/raffles/${RAFFLE}/apply`, entrant),
    jsonPost(`/raffles/${RAFFLE}/apply`, entrant),
    jsonPost('/raffles/no-such-raffle/apply', entrant),
  ]);
  // The dev stack counts an entry at once (confirmEntries off): 201, and the same answer for the same
  // person again (nobody learns who has entered), who is not counted twice.
  expect([registered.statusCode, again.statusCode, unknown.statusCode]).toEqual([201, 201, 404]);

  const [counted, listed] = invokeDeployed('raffles', { ...stackEnvironment('raffles'), [SETTINGS_ENV.tableName]: db.tableName }, [
    httpEvent({ method: 'GET', path: `/raffles/${RAFFLE}` }),
    httpEvent({ method: 'GET', path: '/raffles' }),
  ]);
  expect(counted.statusCode).toBe(200);
  expect(JSON.parse(counted.body ?? '{}')).toMatchObject({ raffleId: RAFFLE, count: 1 });
  expect(JSON.parse(listed.body ?? '{}')).toMatchObject({ raffles: [{ raffleId: RAFFLE }] });
});

test('without the table’s name, every invocation fails with a message naming the variable', () => {
  const environment = { ...stackEnvironment('raffles') };
  delete environment[SETTINGS_ENV.tableName];
  const outcomes = invokeDeployed('raffles', environment, [httpEvent({ method: 'GET', path: `/raffles/${RAFFLE}` })]);
  expect(outcomes).toEqual([{ error: expect.stringContaining(SETTINGS_ENV.tableName) as unknown as string }]);
});
