/**
 * GIVEN the shipped stacks as `npm run synth` makes them, and moto (a local AWS emulator)
 * WHEN `bootstrap` is applied, then `raffle-prod` (domain + mutual TLS, scheduled draw, notifications, an
 *      ops alarm topic) keeping its state in the bootstrap bucket through its S3 backend
 * THEN each applies, its bucket policies as synthesised (the TLS-only deny included), a second plan shows
 *      no change but the known emulator artefacts, `terraform destroy` is refused by prevent_destroy,
 *      nothing reached real AWS, and the state review flags what holds personal data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { reviewState } from '../../ops/plan-review/markdown';
import { DRAW_COMPLETED_PATTERN } from '../../model/stream-filter';
import { ROUTE_NAMES, ROUTES, routeKey } from '../../model/routes';
import { bucketPolicies } from '../../testkit/emulator/bucket-policies';
import {
  applyStack,
  checkApplied,
  deployCheck,
  synthesizeBootstrap,
  synthesizeStack,
  useEmulator,
  type AppliedState,
  type DeployCheck,
} from '../../testkit/emulator/deploy';
import { allSettledThen } from '../../testkit/concurrency';
import { prepareEmulatorCopy } from '../../testkit/emulator/moto';
import { shippedConfig } from '../support/synth';

const emulator = useEmulator();
const checks: Record<string, DeployCheck> = {};
const adaptations: Record<string, Record<string, number>> = {};
/** The synthesised stack files (before any adaptation), by stack. */
const synthesised: Record<string, string> = {};
let prodState: AppliedState;
let opsTopic: string;

beforeAll(async () => {
  const { tmp, moto, trap } = emulator();
  const bootstrapStack = synthesizeBootstrap(path.join(tmp, 'bootstrap.out'));
  const hostedZoneId = await moto.createHostedZone('example.com');
  // The ops topic exists before the app, as ops own it.
  opsTopic = await moto.createTopic('ops-alerts');
  const prod = synthesizeStack(
    shippedConfig('prod', fs.readFileSync('certs/RootCA.pem', 'utf8'), { alarmTopicArn: opsTopic }),
    path.join(tmp, 'variant.out'),
  );

  const bootstrap = prepareEmulatorCopy(bootstrapStack, moto, { tmpRoot: fs.mkdtempSync(path.join(tmp, 'bootstrap-')) });
  adaptations.bootstrap = bootstrap.adaptations;
  const app = prepareEmulatorCopy(prod, moto, {
    tmpRoot: fs.mkdtempSync(path.join(tmp, 'prod-')),
    state: 's3',
    hostedZoneId,
    configuredZoneId: 'Z0123456789EXAMPLE',
  });
  adaptations.prod = app.adaptations;
  // prod needs the state bucket, not the rest of bootstrap's check: that runs meanwhile.
  const bootstrapApplied = await applyStack(bootstrap.copy, trap);
  [checks.bootstrap, checks.prod] = await allSettledThen([
    checkApplied(bootstrap.copy, trap, bootstrapApplied),
    deployCheck(app.copy, trap),
  ]);
  prodState = checks.prod.state;
  synthesised.bootstrap = bootstrapStack.file;
  synthesised.prod = prod.file;
});

/** The applied prod stack's resources of one type, their attribute values. */
const all = (type: string): Record<string, any>[] =>
  prodState.values.root_module.resources.filter((r) => r.type === type).map((r) => r.values);

describe.each(['bootstrap', 'prod'])('%s on the emulator', (name) => {
  it('applies', () => {
    expect(checks[name].resources).toBeGreaterThan(10);
  });

  it('plans no change right after the apply, but the known emulator artefacts', () => {
    expect(checks[name].unexpected).toEqual([]);
    expect([0, 2]).toContain(checks[name].secondPlanExit);
  });

  it('refuses terraform destroy (prevent_destroy) and keeps every resource', () => {
    expect(checks[name].destroy.code).not.toBe(0);
    expect(checks[name].destroy.output).toMatch(/Instance cannot be destroyed[\s\S]*prevent_destroy/);
    expect(checks[name].resourcesAfterDestroy).toBe(checks[name].resources);
  });
});

describe('the pipeline path', () => {
  it('bootstrap makes the state bucket, and prod keeps its state there, with no lock file left behind', async () => {
    const s3 = emulator().moto.s3();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'raffle-terraform-state-example' }));
    expect((listed.Contents ?? []).map((o) => o.Key)).toEqual(['raffle/prod.tfstate']);
    const state = JSON.parse(
      await (
        await s3.send(new GetObjectCommand({ Bucket: 'raffle-terraform-state-example', Key: 'raffle/prod.tfstate' }))
      ).Body!.transformToString(),
    );
    expect(state.resources.filter((r: { mode: string }) => r.mode === 'managed')).toHaveLength(checks.prod.resources);
    s3.destroy();
  });

  it.each([
    ['bootstrap', ['StateBucket_Policy']],
    ['prod', ['Site_Bucket_Policy', 'Truststore_Bucket_Policy']],
  ])('%s: each bucket policy in the emulator is the synthesised one, the TLS-only deny included', async (name, expected) => {
    const s3 = emulator().moto.s3();
    const policies = await bucketPolicies(synthesised[name], checks[name].state, s3).finally(() => s3.destroy());
    expect(policies.map((p) => p.address.replace(/^aws_s3_bucket_policy\.|_[0-9A-F]{8}$/g, '')).sort()).toEqual(expected);
    for (const policy of policies) {
      expect(policy.applied).toEqual(policy.synthesised);
      expect(policy.applied).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': ['false'] } } }),
      );
    }
  });

  it('the alarms notify the ops topic named in config', () => {
    const alarms = all('aws_cloudwatch_metric_alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([opsTopic]);
  });

  it("the state review flags the table, the log groups and the organiser's subscription as personal data", () => {
    const { markdown, flagged } = reviewState(prodState);
    const flaggedTypes = new Set(flagged.map((f) => f.type));
    for (const type of ['aws_dynamodb_table', 'aws_cloudwatch_log_group', 'aws_sns_topic_subscription', 'aws_sqs_queue'])
      expect(flaggedTypes).toContain(type);
    expect(markdown).toContain('aws_dynamodb_table');
    expect(markdown).not.toContain('organiser@example.com');
  });

  it('applied entry integrity: the SES identity with its DKIM records, the WAF on the distribution, the TTL, the origin secret', () => {
    const [identity] = all('aws_sesv2_email_identity');
    expect(identity.email_identity).toBe('example.com');
    const tokens = identity.dkim_signing_attributes[0].tokens as string[];
    expect(tokens).toHaveLength(3);
    const dkim = all('aws_route53_record').filter((r) => String(r.name).includes('._domainkey.'));
    expect(dkim.map((r) => [r.name, r.type, r.records]).sort()).toEqual(
      tokens.map((t) => [`${t}._domainkey.example.com`, 'CNAME', [`${t}.dkim.amazonses.com`]]).sort(),
    );

    const [acl] = all('aws_wafv2_web_acl');
    expect(acl.scope).toBe('CLOUDFRONT');
    expect(JSON.parse(acl.rule_json).map((r: { Name: string }) => r.Name)).toEqual(['registration-rate-limit', 'aws-ip-reputation']);
    const [distribution] = all('aws_cloudfront_distribution');
    expect(distribution.web_acl_id).toBe(acl.arn);
    expect(all('aws_wafv2_web_acl_logging_configuration').map((l) => l.resource_arn)).toEqual([acl.arn]);

    expect(all('aws_dynamodb_table')[0].ttl).toEqual([{ attribute_name: 'expiresAt', enabled: true }]);

    const secret = all('terraform_data')[0].output.secret as string;
    expect(secret).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const headers = (distribution.origin as { custom_header: { name: string; value: string }[] }[]).flatMap((o) => o.custom_header);
    expect(headers).toEqual([{ name: 'x-raffle-origin-verify', value: secret }]);
    for (const fn of all('aws_lambda_function')) expect(fn.environment[0].variables.ORIGIN_SECRET).toBe(secret);
  });

  it("applied the organiser's console and verifiable draws: the stream mapping (filter, bisect, destination), the topic (encryption, policy), the new routes, the draw's access to draws/ in the site bucket", () => {
    const notify = all('aws_lambda_function').find((f) => f.function_name === 'raffle-prod-notify')!;
    const [table] = all('aws_dynamodb_table');
    const queue = all('aws_sqs_queue').find((q) => q.name === 'raffle-prod-notify-dlq')!;
    const [mapping] = all('aws_lambda_event_source_mapping');
    expect(mapping).toMatchObject({
      event_source_arn: table.stream_arn,
      function_name: notify.arn,
      starting_position: 'LATEST',
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      function_response_types: ['ReportBatchItemFailures'],
      destination_config: [{ on_failure: [{ destination_arn: queue.arn }] }],
    });
    expect(JSON.parse(mapping.filter_criteria[0].filter[0].pattern)).toEqual(DRAW_COMPLETED_PATTERN);
    expect(queue.sqs_managed_sse_enabled).toBe(true);

    const [topic] = all('aws_sns_topic');
    expect(topic.kms_master_key_id).toBe('alias/aws/sns');
    const [topicPolicy] = all('aws_sns_topic_policy');
    expect(topicPolicy.arn).toBe(topic.arn);
    const notifyRole = all('aws_iam_role').find((r) => r.name === 'raffle-prod-notify-role')!;
    const statements = JSON.parse(topicPolicy.policy).Statement as {
      Sid: string;
      Effect: string;
      Principal: unknown;
      Condition?: unknown;
    }[];
    expect(statements.map((st) => [st.Sid, st.Effect])).toEqual([
      ['TheNotifyFunctionPublishes', 'Allow'],
      ['NobodyElsePublishes', 'Deny'],
    ]);
    expect(statements[0].Principal).toEqual({ AWS: notifyRole.arn });
    expect(statements[1].Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': notifyRole.arn } });

    // Verifiable draws (on in prod): the draw may put and read the site bucket's draws/ folder, nothing else of it.
    const draw = all('aws_lambda_function').find((f) => f.function_name === 'raffle-prod-draw')!;
    const siteBucket = all('aws_s3_bucket').find((b) => String(b.bucket).startsWith('raffle-prod-site'))!;
    expect(draw.environment[0].variables).toMatchObject({ VERIFIABLE_DRAWS: 'true', SITE_BUCKET: siteBucket.bucket });
    const drawPolicy = all('aws_iam_role_policy').find((p) => p.role === 'raffle-prod-draw-role')!;
    const drawStatements = JSON.parse(drawPolicy.policy).Statement as { Sid: string; Action: string | string[]; Resource: string }[];
    const publish = drawStatements.find((st) => st.Sid === 'PublishDraws');
    expect(publish).toMatchObject({ Action: ['s3:PutObject', 's3:GetObject'], Resource: `${siteBucket.arn}/draws/*` });
    // A large pool's freeze: the draw may invoke itself, by its own ARN (built, not referenced), and nothing else.
    const invoke = drawStatements.find((st) => st.Sid === 'InvokeItself');
    expect(invoke).toMatchObject({ Action: 'lambda:InvokeFunction', Resource: draw.arn });
    expect(draw.timeout).toBe(900);

    const routeKeys = all('aws_apigatewayv2_route').map((r) => r.route_key as string);
    for (const name of ROUTE_NAMES) expect(routeKeys).toContain(routeKey(ROUTES[name]));
  });

  it('made no call to real AWS: everything went to the emulator', () => {
    expect(emulator().trap.attempts).toEqual([]);
  });

  it('adapted the test copies in the documented ways only', () => {
    // The zone: 2 certificate validations, 2 site aliases, the admin alias, 3 DKIM records.
    // The headers policy: the default behaviour, /raffle/results, /raffle/*, and the policy itself.
    expect(adaptations.prod).toEqual({ 'no-response-headers-policy': 4, 'emulator-hosted-zone': 8 });
    expect(adaptations.bootstrap).toEqual({ 'no-response-headers-policy': 0, 'emulator-hosted-zone': 0 });
  });

  afterAll(() => {
    // Figures for BENCHMARKS.md and the closing note, in the test log.
    for (const [name, check] of Object.entries(checks))
      console.log(`apply on moto: ${name} ${check.resources} resources in ${check.applyMs} ms`);
  });
});
