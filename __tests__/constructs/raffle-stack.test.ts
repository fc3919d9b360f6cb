import { FUNCTION_NAMES } from '../../model/functions';
import { SETTINGS_ENV } from '../../model/settings';
import { scheduledDrawEvent } from '../../model/scheduled-draw';
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

  test('no IAM statement anywhere allows "*" actions or "*" resources', () => {
    for (const doc of Object.values(s.tf.data.aws_iam_policy_document) as any[]) {
      for (const st of doc.statement) {
        if (st.effect === 'Deny') continue;
        for (const a of st.actions) expect(a).not.toMatch(/\*/);
        for (const r of st.resources ?? []) expect(r).not.toBe('*');
      }
    }
  });
});

describe('scheduled draw and notifications (prod config)', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().prod;
  });

  test('a one-time EventBridge Scheduler schedule invokes the draw with its own event, retrying into a dead-letter queue', () => {
    const ds = s.stack.node.findChild('DrawSchedule') as any;
    const queue = s.stack.node.findChild('DrawDeadLetterQueue').node.findChild('Resource') as any;
    const schedule = attrs(s, ds.schedule);
    expect(schedule).toMatchObject({
      name: 'raffle-prod-scheduled-draw',
      schedule_expression: 'at(2026-12-24T18:00:00)',
      schedule_expression_timezone: 'UTC',
      flexible_time_window: { mode: 'OFF' },
    });
    expect(schedule.target).toMatchObject({
      arn: ref(s.stack.functions.draw.fn, 'arn'),
      role_arn: ref(ds.role, 'arn'),
      retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
      dead_letter_config: { arn: ref(queue, 'arn') },
    });
    expect(JSON.parse(schedule.target.input)).toEqual({ source: 'raffle.draw-schedule', scheduledAt: '2026-12-24T18:00:00.000Z' });
    expect(JSON.parse(schedule.target.input)).toEqual(scheduledDrawEvent('2026-12-24T18:00:00Z'));
  });

  test('a scheduled draw that throws is retried by Lambda, then sent to an encrypted queue that is alarmed', () => {
    const ds = s.stack.node.findChild('DrawSchedule') as any;
    const queue = s.stack.node.findChild('DrawDeadLetterQueue').node.findChild('Resource') as any;
    expect(attrs(s, child<any>(ds, 'AsyncInvokeConfig'))).toEqual({
      function_name: ref(s.stack.functions.draw.fn, 'function_name'),
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
      destination_config: { on_failure: { destination: ref(queue, 'arn') } },
    });
    expect(attrs(s, queue)).toMatchObject({
      name: 'raffle-prod-draw-dlq',
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    const alarms = Object.values(resources(s, 'aws_cloudwatch_metric_alarm')) as any[];
    expect(alarms.find((a) => a.alarm_name === 'raffle-prod-draw-dlq-not-empty')).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: ref(queue, 'name') },
      threshold: 1,
    });
    expect(attrs(s, s.stack.functions.draw.fn).environment.variables[SETTINGS_ENV.drawSchedule]).toBe('2026-12-24T18:00:00.000Z');
  });

  test("the schedule's role may only invoke the draw function and send to its dead-letter queue; its name is its own", () => {
    const ds = s.stack.node.findChild('DrawSchedule') as any;
    const queue = s.stack.node.findChild('DrawDeadLetterQueue').node.findChild('Resource') as any;
    expect(attrs(s, child<any>(ds, 'TrustPolicy')).statement[0].principals).toEqual([
      { type: 'Service', identifiers: ['scheduler.amazonaws.com'] },
    ]);
    expect(attrs(s, child<any>(ds, 'Policy')).statement).toEqual([
      { sid: 'InvokeDraw', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [ref(s.stack.functions.draw.fn, 'arn')] },
      { sid: 'DeadLetter', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [ref(queue, 'arn')] },
    ]);
    // It once shared "raffle-prod-draw-role" with the draw function's role, and AWS refused the second.
    expect(attrs(s, ds.role).name).toBe('raffle-prod-scheduled-draw-role');
    expect(attrs(s, s.stack.functions.draw.role).name).toBe('raffle-prod-draw-role');
  });

  test('entryDeadline reaches every function as ENTRY_DEADLINE', () => {
    for (const name of FUNCTION_NAMES) {
      expect(attrs(s, s.stack.functions[name].fn).environment.variables[SETTINGS_ENV.entryDeadline]).toBe('2026-12-24T17:00:00.000Z');
    }
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
    // The filter never passes a registration.
    expect(JSON.parse(mapping.filter_criteria.filter[0].pattern)).toMatchObject({
      eventName: ['MODIFY'],
      dynamodb: { NewImage: { recordType: { S: ['draw'] } } },
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

  test('without drawSchedule, entryDeadline or notificationEmail none of them exist (dev)', () => {
    const dev = synthShipped().dev;
    expect(resources(dev, 'aws_scheduler_schedule')).toEqual({});
    // The stream's on-failure queue is the only queue: notify runs in every stack.
    expect(Object.values(resources(dev, 'aws_sqs_queue')).map((q: any) => q.name)).toEqual(['raffle-dev-notify-dlq']);
    expect(resources(dev, 'aws_sns_topic_policy')).toEqual({});
    expect(resources(dev, 'aws_lambda_function_event_invoke_config')).toEqual({});
    expect(resources(dev, 'aws_sns_topic')).toEqual({});
    for (const name of FUNCTION_NAMES) {
      const vars = attrs(dev, dev.stack.functions[name].fn).environment.variables;
      expect(vars[SETTINGS_ENV.entryDeadline]).toBeUndefined();
      expect(vars[SETTINGS_ENV.notificationTopicArn]).toBeUndefined();
      expect(vars[SETTINGS_ENV.drawSchedule]).toBeUndefined();
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
