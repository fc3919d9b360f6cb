/**
 * GIVEN config/bootstrap.json and the shipped environments
 * WHEN the bootstrap stack is synthesised
 * THEN the state bucket is private, versioned, encrypted, TLS-only and protected; only the given
 *      repository's workflows can assume the CI roles, each deploy role only from its GitHub environment;
 *      and every role may touch only its own environment's resources.
 */
import { Testing } from 'cdktf';
import * as path from 'path';
import { loadBootstrapConfig, validateBootstrapConfig } from '../../config/bootstrap';
import { ConfigError } from '../../config/schema';
import { BootstrapStack } from '../../constructs/bootstrap-stack';
import { ciStatements } from '../../constructs/ci-permissions';
import { chunkStatements, POLICY_BUDGET } from '../../constructs/ci-role';
import { PROJECT_ROOT, shippedConfig, type Synthesised } from '../support/synth';
import { testCaPem } from './fixtures';

const envs = () => [shippedConfig('dev', testCaPem()), shippedConfig('prod', testCaPem())];
let s: Synthesised & { stack: any };

beforeAll(() => {
  const stack = new BootstrapStack(Testing.app(), 'bootstrap', { config: loadBootstrapConfig(PROJECT_ROOT, envs()) });
  const json = Testing.synth(stack, true);
  s = { stack, json, tf: JSON.parse(json) } as any;
});

const resourcesOf = (type: string): any[] => Object.values(s.tf.resource[type] ?? {});
const documentOf = (reference: string): any =>
  s.tf.data.aws_iam_policy_document[/data\.aws_iam_policy_document\.([^.]+)\.json/.exec(reference)![1]];
const roleNamed = (name: string): any => resourcesOf('aws_iam_role').find((r) => r.name === name);
/** Every statement of the managed policies attached to a role (named "<role>-1", "<role>-2", ...), in order. */
const policyOfRole = (name: string): any[] => {
  const roleKey = Object.entries(s.tf.resource.aws_iam_role).find(([, r]: [string, any]) => r.name === name)![0];
  const attachedArns = resourcesOf('aws_iam_role_policy_attachment')
    .filter((a) => a.role === `\${aws_iam_role.${roleKey}.name}`)
    .map((a) => a.policy_arn);
  const policies = Object.entries(s.tf.resource.aws_iam_policy)
    .filter(([key]) => attachedArns.includes(`\${aws_iam_policy.${key}.arn}`))
    .map(([, p]: [string, any]) => p)
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  expect(policies.map((p) => p.name)).toEqual(policies.map((_, i) => `${name}-${i + 1}`));
  return policies.flatMap((p) => documentOf(p.policy).statement);
};

describe('the state bucket', () => {
  test('has the configured name, is versioned, encrypted, private, TLS-only, and never destroyed or emptied', () => {
    const [bucket] = resourcesOf('aws_s3_bucket');
    expect(bucket).toMatchObject({ bucket: 'raffle-terraform-state-example', force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(resourcesOf('aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
    expect(resourcesOf('aws_s3_bucket_server_side_encryption_configuration')).toHaveLength(1);
    expect(resourcesOf('aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const deny = documentOf(resourcesOf('aws_s3_bucket_policy')[0].policy).statement[0];
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });
});

describe('GitHub OIDC and the CI roles', () => {
  test('the provider trusts GitHub Actions tokens for STS only', () => {
    expect(resourcesOf('aws_iam_openid_connect_provider')).toEqual([
      { url: 'https://token.actions.githubusercontent.com', client_id_list: ['sts.amazonaws.com'] },
    ]);
  });

  test.each([
    ['raffle-ci-deploy-prod', ['repo:example-org/raffle:environment:prod']],
    ['raffle-ci-deploy-dev', ['repo:example-org/raffle:environment:dev']],
    ['raffle-ci-plan-prod', ['repo:example-org/raffle:pull_request', 'repo:example-org/raffle:ref:refs/heads/main']],
  ])('%s can be assumed only by %j, with the STS audience', (name, subjects) => {
    const role = roleNamed(name);
    expect(role.max_session_duration).toBe(3600);
    const [trust] = documentOf(role.assume_role_policy).statement;
    expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(trust.principals).toEqual([
      { type: 'Federated', identifiers: [expect.stringMatching(/aws_iam_openid_connect_provider\..+\.arn/)] },
    ]);
    expect(trust.condition).toEqual([
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
      { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: subjects },
    ]);
  });

  test('a deploy role reaches only its environment: its prefix, region and zone, and its own state object', () => {
    const statements = policyOfRole('raffle-ci-deploy-prod');
    const resources = statements.flatMap((st) => st.resources);
    expect(resources.filter((r: string) => r.includes('raffle-dev'))).toEqual([]);
    expect(resources).toContain('arn:aws:dynamodb:eu-west-1:*:table/raffle-prod-*');
    expect(resources).toContain('arn:aws:route53:::hostedzone/Z0123456789EXAMPLE');
    expect(resources).toContain('arn:aws:s3:::raffle-terraform-state-example/raffle/prod.tfstate');
    expect(resources).not.toContain('arn:aws:s3:::raffle-terraform-state-example/raffle/dev.tfstate');
    // Names under the prefix only: the CI roles themselves are outside it.
    expect(resources.filter((r: string) => r.startsWith('arn:aws:iam::'))).toEqual([
      'arn:aws:iam::*:role/raffle-prod-*',
      'arn:aws:iam::*:role/raffle-prod-*',
      'arn:aws:iam::*:role/raffle-prod-scheduled-draw-role',
    ]);
  });

  test("no role may delete the table; PassRole only to Lambda, and to Scheduler only the schedules' role (for the claim sweep)", () => {
    for (const name of ['raffle-ci-deploy-prod', 'raffle-ci-deploy-dev', 'raffle-ci-plan-prod', 'raffle-ci-plan-dev']) {
      const statements = policyOfRole(name);
      expect(statements.flatMap((st) => st.actions)).not.toContain('dynamodb:DeleteTable');
      for (const st of statements) {
        expect(st.effect).toBe('Allow');
        for (const action of st.actions) expect(action).not.toMatch(/\*/);
        if (st.actions.includes('iam:PassRole')) {
          const toScheduler = st.resources.every((r: string) => /^arn:aws:iam::\*:role\/raffle-(prod|dev)-scheduled-draw-role$/.test(r));
          const service = toScheduler ? 'scheduler.amazonaws.com' : 'lambda.amazonaws.com';
          expect(st.condition).toEqual([{ test: 'StringEquals', variable: 'iam:PassedToService', values: [service] }]);
        }
      }
    }
  });

  test('a plan role only reads: no create, update, put, delete or pass, except the state lock file', () => {
    const statements = policyOfRole('raffle-ci-plan-prod');
    const writes = statements.flatMap((st) =>
      st.actions
        .filter((a: string) =>
          /:(Create|Update|Put|Delete|Pass|Tag|Untag|Add|Remove|Change|Set|Subscribe|Unsubscribe|POST|PUT|PATCH|DELETE)/.test(a),
        )
        .map((a: string) => [st.sid, a]),
    );
    expect(writes).toEqual([
      ['StateLock', 's3:PutObject'],
      ['StateLock', 's3:DeleteObject'],
    ]);
    const lock = statements.find((st) => st.sid === 'StateLock');
    expect(lock.resources).toEqual(['arn:aws:s3:::raffle-terraform-state-example/raffle/prod.tfstate.tflock']);
  });

  test('the broad ("*") grants are exactly the documented ones', () => {
    const statements = ciStatements(shippedConfig('prod', testCaPem()), 'state', 'deploy');
    const broad = statements.filter((st) => st.resources?.includes('*')).map((st) => st.sid);
    expect(broad).toEqual(['StreamMappings', 'ApiAccessLogDelivery', 'Cdn', 'AlarmTopicKeyCreation']);
    // Creating a stream mapping takes "*": the functions of this raffle are its scope.
    expect(statements.find((st) => st.sid === 'StreamMappings')?.condition).toEqual([
      { test: 'ArnLike', variable: 'lambda:FunctionArn', values: ['arn:aws:lambda:eu-west-1:*:function:raffle-prod-*'] },
    ]);
    // Creating a key takes "*": it must carry this environment's tags (prod has opsEmail, so its alarm topic's key).
    expect(statements.find((st) => st.sid === 'AlarmTopicKeyCreation')).toEqual({
      sid: 'AlarmTopicKeyCreation',
      effect: 'Allow',
      actions: ['kms:CreateKey', 'kms:TagResource'],
      resources: ['*'],
      condition: [
        { test: 'StringEquals', variable: 'aws:RequestTag/Project', values: ['raffle'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/Environment', values: ['prod'] },
      ],
    });
  });

  test("the alarm topic's key: only keys carrying the environment's tags, never their use; none without opsEmail", () => {
    const prod = ciStatements(shippedConfig('prod', testCaPem()), 'state', 'deploy');
    const key = prod.find((st) => st.sid === 'AlarmTopicKey')!;
    expect(key.resources).toEqual(['arn:aws:kms:eu-west-1:*:key/*']);
    expect(key.condition).toEqual([
      { test: 'StringEquals', variable: 'aws:ResourceTag/Project', values: ['raffle'] },
      { test: 'StringEquals', variable: 'aws:ResourceTag/Environment', values: ['prod'] },
    ]);
    for (const action of key.actions as string[]) expect(action).not.toMatch(/crypt|GenerateDataKey|CreateGrant/);
    const dev = ciStatements(shippedConfig('dev', testCaPem()), 'state', 'deploy');
    expect(dev.flatMap((st) => st.actions as string[]).filter((a) => a.startsWith('kms:'))).toEqual([]);
  });

  test("the schedule group by its name, and the one schedule that is the stack's, the claim sweep; never a raffle's (those are the app's)", () => {
    for (const access of ['plan', 'deploy'] as const) {
      const statements = ciStatements(shippedConfig('prod', testCaPem()), 'state', access);
      const scheduler = statements.filter((st) => (st.actions as string[]).some((a) => a.startsWith('scheduler:')));
      expect(scheduler.map((st) => [st.sid, st.resources])).toEqual([
        ['ScheduleGroup', ['arn:aws:scheduler:eu-west-1:*:schedule-group/raffle-prod-draws']],
        ['ClaimSweepSchedule', ['arn:aws:scheduler:eu-west-1:*:schedule/raffle-prod-draws/_claim-sweep']],
      ]);
      expect(scheduler[1].actions).toEqual(
        access === 'plan'
          ? ['scheduler:GetSchedule']
          : ['scheduler:GetSchedule', 'scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      );
      expect(scheduler[0].actions).toEqual(
        access === 'plan'
          ? ['scheduler:GetScheduleGroup', 'scheduler:ListTagsForResource']
          : [
              'scheduler:GetScheduleGroup',
              'scheduler:ListTagsForResource',
              'scheduler:CreateScheduleGroup',
              'scheduler:DeleteScheduleGroup',
              'scheduler:TagResource',
              'scheduler:UntagResource',
            ],
      );
    }
  });

  test("every managed policy stays under IAM's 6,144 characters, and no role nears the 10 it may attach", () => {
    for (const policy of resourcesOf('aws_iam_policy')) {
      expect(JSON.stringify(documentOf(policy.policy).statement).length).toBeLessThan(6144 - 200);
    }
    const perRole = new Map<string, number>();
    for (const a of resourcesOf('aws_iam_role_policy_attachment')) perRole.set(a.role, (perRole.get(a.role) ?? 0) + 1);
    expect(Math.max(...perRole.values())).toBeLessThanOrEqual(5);
    expect(resourcesOf('aws_iam_role_policy')).toEqual([]);
  });

  test('chunking keeps every statement, in order, and splits only between statements', () => {
    const statements = ciStatements(shippedConfig('prod', testCaPem()), 'state', 'deploy');
    const chunks = chunkStatements(statements);
    expect(chunks.flat()).toEqual(statements);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(JSON.stringify(chunk).length).toBeLessThanOrEqual(POLICY_BUDGET + chunks.length * 2);
  });

  test('outputs the bucket and the role ARNs to put in GitHub variables', () => {
    expect(Object.keys(s.tf.output).sort()).toEqual(['deploy_role_arns', 'plan_role_arns', 'state_bucket']);
  });
});

describe('config/bootstrap.json errors', () => {
  const base = {
    region: 'eu-west-1',
    namePrefix: 'raffle',
    stateBucket: 'raffle-terraform-state-example',
    githubRepository: 'example-org/raffle',
  };
  const problems = (raw: unknown): string[] => {
    try {
      validateBootstrapConfig(raw, { source: 'config/bootstrap.json', environments: envs() });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as ConfigError).problems as string[];
    }
    throw new Error('expected a ConfigError');
  };

  test('missing, malformed and unknown fields are named with the fix', () => {
    expect(problems({ region: 'europe', stateBucket: 'UPPER', githubRepository: 'no-slash', extra: 1 })).toEqual([
      'unknown key "extra" — remove it (known keys: region, namePrefix, stateBucket, githubRepository, tags)',
      expect.stringContaining('"region" is not valid (got "europe")'),
      expect.stringContaining('"namePrefix" is required'),
      expect.stringContaining('"stateBucket" is not valid (got "UPPER")'),
      expect.stringContaining('"githubRepository" is not valid (got "no-slash") — use e.g. "my-org/raffle"'),
    ]);
  });

  test('an environment keeping its state in another bucket', () => {
    expect(problems({ ...base, stateBucket: 'another-bucket' })).toEqual([
      expect.stringContaining('config/dev.json keeps its state in "raffle-terraform-state-example" but "stateBucket" is "another-bucket"'),
      expect.stringContaining('config/prod.json keeps its state in "raffle-terraform-state-example"'),
    ]);
  });

  test("a prefix that would put the CI roles under an environment's prefix (the deploy role could rewrite itself)", () => {
    expect(problems({ ...base, namePrefix: 'raffle-prod' })).toEqual(
      expect.arrayContaining([
        expect.stringContaining('makes the CI role "raffle-prod-ci-plan-dev" fall under config/prod.json\'s prefix "raffle-prod-"'),
      ]),
    );
  });

  test('a missing file names the file', () => {
    expect(() => loadBootstrapConfig(path.join(PROJECT_ROOT, 'config'), envs(), 'nope.json')).toThrow(/nope\.json: file not found/);
  });
});
