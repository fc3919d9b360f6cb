import {
  DRAW_MAXIMUM_EVENT_AGE_SECONDS,
  DRAW_RETRY_ATTEMPTS,
  scheduleGroupName,
  type DrawSchedules,
} from '../../constructs/draw-schedules';
import { SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS, SCHEDULE_RETRY_ATTEMPTS } from '../../functions/runtime/aws/draw-scheduler';
import { FUNCTION_NAMES, REACH_ACTIONS } from '../../model/functions';
import { readSettings, SETTINGS_ENV } from '../../model/settings';
import { DRAW_COMPLETED_PATTERN } from '../../model/stream-filter';
import { attrs, child, ref, resources, shippedConfig, synthStack, type Synthesised } from '../support/synth';
import { synthShipped, testCaPem } from './fixtures';

describe.each(['dev', 'prod'] as const)('RaffleStack (%s)', (env) => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped()[env];
  });

  test('provider default_tags: Project, Environment, ManagedBy, plus the config tags', () => {
    const tags = shippedConfig(env, testCaPem()).tags;
    for (const provider of s.tf.provider.aws) {
      expect(provider.default_tags).toEqual([{ tags: { Project: 'raffle', Environment: env, ManagedBy: 'cdktf', ...tags } }]);
    }
    expect(tags.Owner).toBe('raffle-team');
    expect(s.tf.provider.aws[0].region).toBe('eu-west-1');
  });

  test('outputs: site URL, public API URL, admin API URL, table name, truststore S3 URI', () => {
    const out = s.tf.output;
    expect(Object.keys(out).sort()).toEqual(['admin_api_url', 'public_api_url', 'site_url', 'table_name', 'truststore_s3_uri']);
    const site = env === 'prod' ? 'https://raffle.example.com' : `https://${ref(s.stack.site.distribution, 'domain_name')}`;
    expect(out.site_url.value).toBe(site);
    expect(out.public_api_url.value).toBe(`${site}/raffle`);
    expect(out.admin_api_url.value).toBe(
      env === 'prod' ? 'https://admin.raffle.example.com/raffle' : `${ref(s.stack.adminApi.http.api, 'api_endpoint')}/raffle`,
    );
    expect(out.table_name.value).toBe(ref(s.stack.table.table, 'name'));
    expect(out.truststore_s3_uri.value).toBe(`s3://${ref(s.stack.truststore.bucket, 'bucket')}/RootCA.pem`);
  });

  test('no absolute path of this machine anywhere; the state in the bootstrap bucket', () => {
    expect(s.json).not.toContain(process.cwd());
    expect(s.json).not.toMatch(/"\/(work|home|tmp|Users|root|var)\//);
    expect(s.json).not.toMatch(/[A-Z]:\\\\/);
    expect(s.tf.terraform.backend).toEqual({
      s3: {
        bucket: 'raffle-terraform-state-example',
        key: `raffle/${env}.tfstate`,
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(s.tf.terraform.required_version).toBeUndefined();
  });

  test('without stateBackend, local state beside the project, by a relative path', () => {
    const local = synthStack(shippedConfig(env, testCaPem(), { stateBackend: undefined }));
    expect(local.tf.terraform.backend).toEqual({ local: { path: `../../../terraform.raffle-${env}.tfstate` } });
  });

  test('no IAM statement anywhere allows "*" actions or "*" resources (but a key policy, where "*" is that key)', () => {
    const keyPolicies = Object.values(resources(s, 'aws_kms_key')).map((k: any) => k.policy);
    for (const [name, doc] of Object.entries(s.tf.data.aws_iam_policy_document) as [string, any][]) {
      const keyPolicy = keyPolicies.includes(`\${data.aws_iam_policy_document.${name}.json}`);
      for (const st of doc.statement) {
        if (st.effect === 'Deny') continue;
        for (const a of st.actions) expect(a).not.toMatch(/\*/);
        for (const r of st.resources ?? []) {
          // A key policy names its own key "*", and can name nothing else.
          if (keyPolicy) expect({ name, resource: r }).toEqual({ name, resource: '*' });
          else expect({ name, resource: r }).not.toEqual({ name, resource: '*' });
        }
      }
    }
    expect(keyPolicies).toHaveLength(env === 'prod' ? 1 : 0);
  });
});

describe.each(['dev', 'prod'] as const)('scheduled draws: what the stack keeps for the schedules the app makes (%s)', (env) => {
  let s: Synthesised;
  let ds: DrawSchedules;
  let queue: any;
  beforeAll(() => {
    s = synthShipped()[env];
    ds = s.stack.node.findChild('DrawSchedule') as DrawSchedules;
    queue = s.stack.node.findChild('DrawDeadLetterQueue').node.findChild('Resource');
  });
  const tableArn = () => ref(s.stack.table.table, 'arn').slice(2, -1);
  const account = () => `\${element(split(":", ${tableArn()}), 4)}`;
  const schedules = () => `arn:aws:scheduler:eu-west-1:${account()}:schedule/raffle-${env}-draws/*`;

  test("a schedule group named after the stack, and one schedule of its own, the claim sweep: each raffle's draw schedule is made by the app", () => {
    expect(attrs(s, ds.group)).toEqual({ name: `raffle-${env}-draws` });
    expect(Object.values(resources(s, 'aws_scheduler_schedule'))).toEqual([
      {
        name: '_claim-sweep',
        group_name: ref(ds.group, 'name'),
        description: expect.any(String),
        schedule_expression: 'rate(15 minutes)',
        flexible_time_window: { mode: 'OFF' },
        target: {
          arn: expect.stringMatching(/^\$\{aws_lambda_function\.DrawFunction_[0-9A-F]+\.arn\}$/),
          role_arn: ref(ds.role, 'arn'),
          input: JSON.stringify({ source: 'raffle.claim-sweep' }),
          retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 900 },
          dead_letter_config: { arn: expect.stringMatching(/^\$\{aws_sqs_queue\.DrawDeadLetterQueue_[0-9A-F]+\.arn\}$/) },
        },
      },
    ]);
    expect(scheduleGroupName(`raffle-${env}`)).toBe(`raffle-${env}-draws`);
  });

  test("the schedules' role: assumed by Scheduler only for this group of this account; it may invoke the draw and send to its dead-letter queue, nothing else", () => {
    expect(attrs(s, child<any>(ds, 'TrustPolicy')).statement).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'Service', identifiers: ['scheduler.amazonaws.com'] }],
        condition: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account()] },
          { test: 'ArnEquals', variable: 'aws:SourceArn', values: [ref(ds.group, 'arn')] },
        ],
      },
    ]);
    expect(attrs(s, ds.role).assume_role_policy).toBe(ref(child<any>(ds, 'TrustPolicy'), 'json'));
    expect(attrs(s, child<any>(ds, 'Policy')).statement).toEqual([
      { sid: 'InvokeDraw', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [ref(s.stack.functions.draw.fn, 'arn')] },
      { sid: 'DeadLetter', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [ref(queue, 'arn')] },
    ]);
    expect(attrs(s, child<any>(ds, 'RolePolicy'))).toMatchObject({
      role: ref(ds.role, 'id'),
      policy: ref(child<any>(ds, 'Policy'), 'json'),
    });
    // It once shared "raffle-prod-draw-role" with the draw function's role, and AWS refused the second.
    expect(attrs(s, ds.role).name).toBe(`raffle-${env}-scheduled-draw-role`);
    expect(attrs(s, s.stack.functions.draw.role).name).toBe(`raffle-${env}-draw-role`);
  });

  test('a scheduled draw that throws is retried by Lambda, then sent to an encrypted queue that is alarmed', () => {
    expect(attrs(s, child<any>(ds, 'AsyncInvokeConfig'))).toEqual({
      function_name: ref(s.stack.functions.draw.fn, 'function_name'),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_failure: { destination: ref(queue, 'arn') } },
    });
    expect(attrs(s, queue)).toMatchObject({
      name: `raffle-${env}-draw-dlq`,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    const alarms = Object.values(resources(s, 'aws_cloudwatch_metric_alarm')) as any[];
    expect(alarms.find((a) => a.alarm_name === `raffle-${env}-draw-dlq-not-empty`)).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref(queue, 'name') },
      threshold: 1,
    });
    // Both hops retry alike: Scheduler's hand-over (the schedules' RetryPolicy) and Lambda's, two each, for an hour.
    expect([DRAW_RETRY_ATTEMPTS, DRAW_MAXIMUM_EVENT_AGE_SECONDS]).toEqual([SCHEDULE_RETRY_ATTEMPTS, SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS]);
  });

  test('organise is told the group and what a schedule carries; the draw only the group (never its own ARN); no other function either', () => {
    const organise = attrs(s, s.stack.functions.organise.fn).environment.variables;
    expect(organise).toMatchObject({
      [SETTINGS_ENV.scheduleGroup]: `raffle-${env}-draws`,
      [SETTINGS_ENV.drawFunctionArn]: ref(s.stack.functions.draw.fn, 'arn'),
      [SETTINGS_ENV.schedulerRoleArn]: ref(ds.role, 'arn'),
      [SETTINGS_ENV.drawDeadLetterArn]: ref(queue, 'arn'),
    });
    expect(readSettings(organise)).toMatchObject({
      scheduleGroup: `raffle-${env}-draws`,
      drawTarget: { functionArn: ref(s.stack.functions.draw.fn, 'arn'), roleArn: ref(ds.role, 'arn'), deadLetterArn: ref(queue, 'arn') },
    });
    const draw = attrs(s, s.stack.functions.draw.fn).environment.variables;
    expect(draw[SETTINGS_ENV.scheduleGroup]).toBe(`raffle-${env}-draws`);
    // Its own ARN in its own environment would make the function depend on itself.
    expect(JSON.stringify(draw)).not.toContain(ref(s.stack.functions.draw.fn, 'arn'));
    for (const name of FUNCTION_NAMES.filter((n) => n !== 'organise' && n !== 'draw')) {
      const vars = attrs(s, s.stack.functions[name].fn).environment.variables;
      for (const v of [
        SETTINGS_ENV.scheduleGroup,
        SETTINGS_ENV.drawFunctionArn,
        SETTINGS_ENV.schedulerRoleArn,
        SETTINGS_ENV.drawDeadLetterArn,
      ])
        expect({ name, [v]: vars[v] }).toEqual({ name });
    }
  });

  test('organise may make, move and delete schedules in the group only, and hand Scheduler that one role only; the draw may only delete them', () => {
    const statements = (name: 'organise' | 'draw') => attrs(s, child<any>(s.stack.functions[name], 'Policy')).statement as any[];
    const scheduling = (name: 'organise' | 'draw') =>
      statements(name).filter((st) => st.actions.some((a: string) => a.startsWith('scheduler:') || a.startsWith('iam:')));
    expect(scheduling('organise')).toEqual([
      {
        sid: 'DrawSchedules',
        effect: 'Allow',
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [schedules()],
      },
      {
        sid: 'PassSchedulerRole',
        effect: 'Allow',
        actions: ['iam:PassRole'],
        resources: [ref(ds.role, 'arn')],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['scheduler.amazonaws.com'] }],
      },
    ]);
    expect(scheduling('draw')).toEqual([
      { sid: 'DeleteDrawSchedules', effect: 'Allow', actions: ['scheduler:DeleteSchedule'], resources: [schedules()] },
    ]);
    // Exactly the catalogue's actions for each reach.
    expect(
      scheduling('organise')
        .flatMap((st) => st.actions)
        .sort(),
    ).toEqual([...REACH_ACTIONS.drawSchedules.actions].sort());
    expect(scheduling('draw').flatMap((st) => st.actions)).toEqual([...REACH_ACTIONS.drawScheduleCleanup.actions]);
  });
});

describe('notifications (prod config)', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().prod;
  });

  test('the stream reaches notify through a filtered event-source mapping that bisects, retries a bounded number of times, and sends failures to an encrypted, alarmed queue', () => {
    const mapping = attrs(s, s.stack.node.findChild('NotifyTrigger').node.findChild('Resource') as any);
    const queue = s.stack.node.findChild('NotifyFailureQueue').node.findChild('Resource') as any;
    expect(mapping).toEqual({
      event_source_arn: ref(s.stack.table.table, 'stream_arn'),
      function_name: ref(s.stack.functions.notify.fn, 'arn'),
      starting_position: 'LATEST',
      batch_size: 10,
      filter_criteria: { filter: [{ pattern: JSON.stringify(DRAW_COMPLETED_PATTERN) }] },
      bisect_batch_on_function_error: true,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 21600,
      function_response_types: ['ReportBatchItemFailures'],
      destination_config: { on_failure: { destination_arn: ref(queue, 'arn') } },
    });
    // The filter passes a record turning from pending to complete (a draw of any raffle), never a registration.
    expect(JSON.parse(mapping.filter_criteria.filter[0].pattern)).toMatchObject({
      eventName: ['MODIFY'],
      dynamodb: { NewImage: { status: { S: ['complete'] } }, OldImage: { status: { S: ['pending'] } } },
    });
    expect(attrs(s, queue)).toMatchObject({ name: 'raffle-prod-notify-dlq', sqs_managed_sse_enabled: true });
    const alarms = Object.values(resources(s, 'aws_cloudwatch_metric_alarm')) as any[];
    expect(alarms.find((a) => a.alarm_name === 'raffle-prod-notify-dlq-not-empty')).toMatchObject({
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref(queue, 'name') },
    });
    // The stream shows the old and new item (the filter compares the draw's status before and after).
    expect(attrs(s, s.stack.table.table)).toMatchObject({ stream_enabled: true, stream_view_type: 'NEW_AND_OLD_IMAGES' });
  });

  test("the topic's policy lets the notify function publish, and denies every other principal", () => {
    const n = s.stack.node.findChild('Notifications') as any;
    const notifyRole = ref(s.stack.functions.notify.role, 'arn');
    const document = attrs(s, child<any>(n, 'PolicyDocument'));
    expect(attrs(s, child<any>(n, 'Policy'))).toEqual({ arn: ref(n.topic, 'arn'), policy: ref(child<any>(n, 'PolicyDocument'), 'json') });
    expect(document.statement).toEqual([
      {
        sid: 'TheNotifyFunctionPublishes',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [notifyRole] }],
        actions: ['sns:Publish'],
        resources: [ref(n.topic, 'arn')],
      },
      {
        sid: 'NobodyElsePublishes',
        effect: 'Deny',
        principals: [{ type: '*', identifiers: ['*'] }],
        actions: ['sns:Publish'],
        resources: [ref(n.topic, 'arn')],
        condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [notifyRole] }],
      },
    ]);
  });

  test('an encrypted SNS topic with the organiser subscribed by email', () => {
    const n = s.stack.node.findChild('Notifications') as any;
    expect(attrs(s, n.topic)).toMatchObject({ name: 'raffle-prod-notifications', kms_master_key_id: 'alias/aws/sns' });
    expect(attrs(s, child<any>(n, 'Email'))).toEqual({
      topic_arn: ref(n.topic, 'arn'),
      protocol: 'email',
      endpoint: 'organiser@example.com',
    });
  });

  test("without notificationEmail or opsEmail there is no topic (dev); the queues are the scheduled draws' and the stream's", () => {
    const dev = synthShipped().dev;
    expect(Object.values(resources(dev, 'aws_sqs_queue')).map((q: any) => q.name)).toEqual([
      'raffle-dev-draw-dlq',
      'raffle-dev-notify-dlq',
    ]);
    expect(resources(dev, 'aws_sns_topic_policy')).toEqual({});
    expect(resources(dev, 'aws_sns_topic')).toEqual({});
    expect(resources(dev, 'aws_kms_key')).toEqual({});
    for (const name of FUNCTION_NAMES) {
      expect(attrs(dev, dev.stack.functions[name].fn).environment.variables[SETTINGS_ENV.notificationTopicArn]).toBeUndefined();
    }
  });

  test('stateBackend puts the state in S3, encrypted, with S3 lock files', () => {
    const remote = synthStack(shippedConfig('prod', testCaPem(), { stateBackend: { bucket: 'my-tf-state' } }));
    expect(remote.tf.terraform.backend).toEqual({
      s3: { bucket: 'my-tf-state', key: 'raffle/prod.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true },
    });
  });

  test('allowedOrigins (only the site origin) turns CORS on for the public API, for that origin only', () => {
    const withCors = synthStack(shippedConfig('prod', testCaPem(), { allowedOrigins: ['https://raffle.example.com'] }));
    expect(attrs(withCors, withCors.stack.publicApi.http.api).cors_configuration).toMatchObject({
      allow_origins: ['https://raffle.example.com'],
    });
    expect(attrs(withCors, withCors.stack.adminApi.http.api).cors_configuration).toBeUndefined();
  });
});
