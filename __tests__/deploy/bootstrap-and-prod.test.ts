/**
 * GIVEN the shipped stacks as `npm run synth` makes them, and moto (a local AWS emulator)
 * WHEN `bootstrap` is applied, then `raffle-prod` (domain + mutual TLS, notifications, the ops alarm topic
 *      its opsEmail makes and ops' own topic as well) keeping its state in the bootstrap bucket through its
 *      S3 backend
 * THEN each applies, its bucket policies as synthesised (the TLS-only deny included), a second plan shows
 *      no change but the known emulator artefacts, `terraform destroy` is refused by prevent_destroy,
 *      nothing reached real AWS, and the state review flags what holds personal data; the schedule group,
 *      the claim sweep's schedule, the schedules' role and the functions' grants are applied as synthesised, and the organise
 *      function's applied environment makes a raffle's schedule in that group through the adapter.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { terraformExit, type NetworkTrap, type WorkingCopy } from '../../testkit/terraform';
import { schedulerDrawScheduler } from '../../functions/runtime/aws/draw-scheduler';
import { scheduledDrawEvent } from '../../model/scheduled-draw';
import { readSettings } from '../../model/settings';
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
import { EMULATOR_ACCOUNT, prepareEmulatorCopy } from '../../testkit/emulator/moto';
import { shippedConfig } from '../support/synth';

const emulator = useEmulator();
const checks: Record<string, DeployCheck> = {};
const adaptations: Record<string, Record<string, number>> = {};
/** The synthesised stack files (before any adaptation), by stack. */
const synthesised: Record<string, string> = {};
let prodState: AppliedState;
/** The applied prod stack's working copy, and the network trap its terraform runs under. */
let prodCopy: WorkingCopy;
let prodTrap: NetworkTrap;
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
  prodCopy = app.copy;
  prodTrap = trap;
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

describe("the table's data, safe from Terraform and from a slip", () => {
  it('a config change that would replace the table fails on prevent_destroy, and changes nothing', async () => {
    const file = path.join(prodCopy.dir, path.basename(prodCopy.stack.file));
    const original = fs.readFileSync(file, 'utf8');
    const stack = JSON.parse(original);
    const [tableId] = Object.keys(stack.resource.aws_dynamodb_table);
    // What a new namePrefix does to it: a new name, which DynamoDB can only have as a new table.
    stack.resource.aws_dynamodb_table[tableId].name = 'raffle-prod-renamed-entrants';
    fs.writeFileSync(file, JSON.stringify(stack));
    try {
      const plan = await terraformExit(prodCopy, ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false'], prodTrap, 900_000);
      expect(plan.code).toBe(1);
      expect(`${plan.stderr}${plan.stdout}`).toMatch(/Instance cannot be destroyed[\s\S]*aws_dynamodb_table[\s\S]*prevent_destroy/);
    } finally {
      fs.writeFileSync(file, original);
    }
    const [table] = all('aws_dynamodb_table');
    expect(table).toMatchObject({ name: 'raffle-prod-entrants', deletion_protection_enabled: true });
  });

  it('the applied table has deletion protection: DeleteTable outside Terraform is refused, and the table stays', async () => {
    const dynamodb = emulator().moto.dynamodb();
    try {
      await expect(dynamodb.send(new DeleteTableCommand({ TableName: 'raffle-prod-entrants' }))).rejects.toThrow(
        /DeletionProtectionEnabled is set to True/,
      );
      const described = await dynamodb.send(new DescribeTableCommand({ TableName: 'raffle-prod-entrants' }));
      expect([described.Table?.TableStatus, described.Table?.DeletionProtectionEnabled]).toEqual(['ACTIVE', true]);
    } finally {
      dynamodb.destroy();
    }
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

  it("the alarms notify, on ALARM and on OK, the topic opsEmail made and ops' own topic named in config", () => {
    const alarms = all('aws_cloudwatch_metric_alarm');
    const [own] = all('aws_sns_topic').filter((t) => t.name === 'raffle-prod-ops-alarms');
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    // Sets, as the provider holds them: in no particular order.
    for (const alarm of alarms) {
      expect([...alarm.alarm_actions].sort()).toEqual([own.arn, opsTopic].sort());
      expect([...alarm.ok_actions].sort()).toEqual([own.arn, opsTopic].sort());
    }
  });

  it("applied the ops topic: encrypted with its own rotating key, ops subscribed by email, only this stack's alarms may publish", () => {
    const [own] = all('aws_sns_topic').filter((t) => t.name === 'raffle-prod-ops-alarms');
    const [key] = all('aws_kms_key');
    expect(own.kms_master_key_id).toBe(key.arn);
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const keyPolicy = JSON.parse(key.policy).Statement as { Sid: string; Principal: unknown; Action: string[] | string; Condition?: any }[];
    expect(keyPolicy.map((st) => st.Sid)).toEqual(['TheAccountAdministersTheKey', 'OurAlarmsPublish']);
    expect(keyPolicy[1]).toMatchObject({ Principal: { Service: 'cloudwatch.amazonaws.com' } });
    expect([keyPolicy[1].Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(keyPolicy[1].Condition.ArnLike['aws:SourceArn']).toBe(`arn:aws:cloudwatch:eu-west-1:${EMULATOR_ACCOUNT}:alarm:raffle-prod-*`);
    const subscription = all('aws_sns_topic_subscription').find((sub) => sub.topic_arn === own.arn)!;
    expect(subscription).toMatchObject({ protocol: 'email', endpoint: 'ops@example.com' });
    const topicPolicy = all('aws_sns_topic_policy').find((p) => p.arn === own.arn)!;
    expect(JSON.parse(topicPolicy.policy).Statement).toEqual([
      expect.objectContaining({ Sid: 'OurAlarmsPublish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
    ]);
  });

  it("applied the scheduled draws' group, the schedules' role and the functions' grants: the group's schedules only, that role only", () => {
    const [group] = all('aws_scheduler_schedule_group');
    expect(group).toMatchObject({
      name: 'raffle-prod-draws',
      arn: `arn:aws:scheduler:eu-west-1:${EMULATOR_ACCOUNT}:schedule-group/raffle-prod-draws`,
    });
    const role = all('aws_iam_role').find((r) => r.name === 'raffle-prod-scheduled-draw-role')!;
    const draw = all('aws_lambda_function').find((f) => f.function_name === 'raffle-prod-draw')!;
    const queue = all('aws_sqs_queue').find((q) => q.name === 'raffle-prod-draw-dlq')!;
    // The stack's one schedule: the claim sweep, with the schedules' role, to the draw function, dead-lettered.
    expect(all('aws_scheduler_schedule')).toEqual([
      expect.objectContaining({
        name: '_claim-sweep',
        group_name: 'raffle-prod-draws',
        schedule_expression: 'rate(15 minutes)',
        target: [
          expect.objectContaining({
            arn: draw.arn,
            role_arn: role.arn,
            input: JSON.stringify({ source: 'raffle.claim-sweep' }),
            dead_letter_config: [{ arn: queue.arn }],
          }),
        ],
      }),
    ]);
    const [trust] = JSON.parse(role.assume_role_policy).Statement;
    expect(trust).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': EMULATOR_ACCOUNT }, ArnEquals: { 'aws:SourceArn': group.arn } },
    });
    const statementsOf = (roleName: string) =>
      JSON.parse(all('aws_iam_role_policy').find((p) => p.role === roleName)!.policy).Statement as Record<string, any>[];
    expect(statementsOf('raffle-prod-scheduled-draw-role')).toEqual([
      { Sid: 'InvokeDraw', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: draw.arn },
      { Sid: 'DeadLetter', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queue.arn },
    ]);
    const schedules = `arn:aws:scheduler:eu-west-1:${EMULATOR_ACCOUNT}:schedule/raffle-prod-draws/*`;
    const organise = statementsOf('raffle-prod-organise-role');
    expect(organise.find((st) => st.Sid === 'DrawSchedules')).toMatchObject({ Resource: schedules });
    expect(organise.find((st) => st.Sid === 'PassSchedulerRole')).toEqual({
      Sid: 'PassSchedulerRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: role.arn,
      Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
    expect(statementsOf('raffle-prod-draw-role').find((st) => st.Sid === 'DeleteDrawSchedules')).toEqual({
      Sid: 'DeleteDrawSchedules',
      Effect: 'Allow',
      Action: 'scheduler:DeleteSchedule',
      Resource: schedules,
    });
    const [invokeConfig] = all('aws_lambda_function_event_invoke_config');
    expect(invokeConfig).toMatchObject({
      function_name: 'raffle-prod-draw',
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
    });
    expect(invokeConfig.destination_config[0].on_failure[0].destination).toBe(queue.arn);
  });

  it("the organise function's applied environment makes a raffle's schedule in the applied group, carrying the applied role and queue", async () => {
    const organise = all('aws_lambda_function').find((f) => f.function_name === 'raffle-prod-organise')!;
    const settings = readSettings(organise.environment[0].variables);
    const [group] = all('aws_scheduler_schedule_group');
    const role = all('aws_iam_role').find((r) => r.name === 'raffle-prod-scheduled-draw-role')!;
    const draw = all('aws_lambda_function').find((f) => f.function_name === 'raffle-prod-draw')!;
    const queue = all('aws_sqs_queue').find((q) => q.name === 'raffle-prod-draw-dlq')!;
    expect(settings).toMatchObject({
      scheduleGroup: group.name,
      drawTarget: { functionArn: draw.arn, roleArn: role.arn, deadLetterArn: queue.arn },
    });
    const client = emulator().moto.scheduler();
    try {
      await schedulerDrawScheduler(settings, client).schedule('spring', '2030-12-24T18:00:00Z');
      const schedule = await client.send(new GetScheduleCommand({ GroupName: group.name, Name: 'spring' }));
      expect(schedule.Target).toMatchObject({ Arn: draw.arn, RoleArn: role.arn, DeadLetterConfig: { Arn: queue.arn } });
      expect(JSON.parse(schedule.Target!.Input!)).toEqual(scheduledDrawEvent('spring', '2030-12-24T18:00:00Z'));
      // The draw function's own settings only delete, in the same group.
      const drawSettings = readSettings(draw.environment[0].variables);
      expect(drawSettings.scheduleGroup).toBe(group.name);
      expect(drawSettings.drawTarget).toBeUndefined();
      await schedulerDrawScheduler(drawSettings, client).cancel('spring');
      await expect(client.send(new GetScheduleCommand({ GroupName: group.name, Name: 'spring' }))).rejects.toThrow(/does not exist/);
    } finally {
      client.destroy();
    }
  });

  it("the state review flags the table, the log groups and the organiser's and ops' subscriptions as personal data", () => {
    const { markdown, flagged } = reviewState(prodState);
    const flaggedTypes = new Set(flagged.map((f) => f.type));
    for (const type of ['aws_dynamodb_table', 'aws_cloudwatch_log_group', 'aws_sns_topic_subscription', 'aws_sqs_queue'])
      expect(flaggedTypes).toContain(type);
    expect(flagged.filter((f) => f.type === 'aws_sns_topic_subscription')).toHaveLength(2);
    expect(markdown).toContain('aws_dynamodb_table');
    expect(markdown).not.toContain('organiser@example.com');
    expect(markdown).not.toContain('ops@example.com');
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

    const topic = all('aws_sns_topic').find((t) => t.name === 'raffle-prod-notifications')!;
    expect(topic.kms_master_key_id).toBe('alias/aws/sns');
    const topicPolicy = all('aws_sns_topic_policy').find((p) => p.arn === topic.arn)!;
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
    // The headers policy: the default behaviour, /raffle/raffles/*/results, /raffle/*, and the policy itself.
    expect(adaptations.prod).toEqual({ 'no-response-headers-policy': 4, 'emulator-hosted-zone': 8 });
    expect(adaptations.bootstrap).toEqual({ 'no-response-headers-policy': 0, 'emulator-hosted-zone': 0 });
  });

  afterAll(() => {
    // Figures for BENCHMARKS.md and the closing note, in the test log.
    for (const [name, check] of Object.entries(checks))
      console.log(`apply on moto: ${name} ${check.resources} resources in ${check.applyMs} ms`);
  });
});
