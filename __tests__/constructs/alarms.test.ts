/**
 * GIVEN the shipped configs (prod: opsEmail; dev: no alarm topic), and prod with ops' own topic instead or as well
 * WHEN the stack is synthesised
 * THEN every function, API, the table and each dead-letter queue have alarms, and each alarm notifies ops on
 *      ALARM and OK: through the encrypted topic the stack makes for opsEmail (a key CloudWatch may use for
 *      this stack's alarms only), ops' own topic, or both.
 */
import { FUNCTION_NAMES } from '../../model/functions';
import { KEY_ADMINISTRATION_ACTIONS, type OpsAlerts } from '../../constructs/ops-alerts';
import { attrs, child, ref, resources, shippedConfig, synthStack, type Synthesised } from '../support/synth';
import { synthShipped, testCaPem } from './fixtures';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
const byName = (s: Synthesised): Record<string, any> =>
  Object.fromEntries(Object.values(resources(s, 'aws_cloudwatch_metric_alarm')).map((a: any) => [a.alarm_name, a]));

describe.each(['dev', 'prod'] as const)('alarms (%s)', (env) => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped()[env];
  });

  test('errors and throttles of every function', () => {
    const alarms = byName(s);
    for (const name of FUNCTION_NAMES) {
      for (const metric of ['Errors', 'Throttles']) {
        expect(alarms[`raffle-${env}-${name}-${metric.toLowerCase()}`]).toMatchObject({
          namespace: 'AWS/Lambda',
          metric_name: metric,
          dimensions: { FunctionName: ref(s.stack.functions[name].fn, 'function_name') },
          threshold: 1,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          treat_missing_data: 'notBreaching',
        });
      }
    }
  });

  test('5xx rate and p99 latency of each API, and throttled table requests', () => {
    const alarms = byName(s);
    for (const [label, api] of [
      ['public', s.stack.publicApi],
      ['admin', s.stack.adminApi],
    ] as const) {
      const dimensions = { ApiId: ref(api.http.api, 'id'), Stage: ref(api.http.stage, 'name') };
      const rate = alarms[`raffle-${env}-${label}-api-5xx-rate`];
      expect(rate.metric_query.map((q: any) => q.id)).toEqual(['errors', 'requests', 'rate']);
      expect(rate.metric_query[0].metric).toMatchObject({ metric_name: '5xx', dimensions });
      expect(rate.metric_query[2]).toMatchObject({ expression: 'IF(requests > 0, 100 * errors / requests, 0)', return_data: true });
      expect(alarms[`raffle-${env}-${label}-api-p99-latency`]).toMatchObject({
        metric_name: 'Latency',
        extended_statistic: 'p99',
        dimensions,
      });
    }
    const table = alarms[`raffle-${env}-table-throttles`];
    expect(table.metric_query.map((q: any) => q.metric?.metric_name ?? q.expression)).toEqual([
      'ReadThrottleEvents',
      'WriteThrottleEvents',
      'reads + writes',
    ]);
  });

  test('a dashboard of the same figures', () => {
    const dashboards = Object.values(resources(s, 'aws_cloudwatch_dashboard')) as any[];
    expect(dashboards.map((d) => d.dashboard_name)).toEqual([`raffle-${env}-operations`]);
    for (const title of ['Lambda errors', 'Lambda throttles', 'API 5xx', 'API p99 latency', 'DynamoDB throttled requests']) {
      expect(dashboards[0].dashboard_body).toContain(title);
    }
    // Every stack has the scheduled draws' and the stream's on-failure queues.
    expect(dashboards[0].dashboard_body).toContain('Dead-letter queues');
  });

  test("errors and throttles per function, 5xx and latency per API, one per queue (the scheduled draws', the stream's), the table's throttles", () => {
    expect(Object.keys(byName(s)).length).toBe(FUNCTION_NAMES.length * 2 + 2 * 2 + 2 + 1);
    expect(byName(s)[`raffle-${env}-draw-dlq-not-empty`]).toBeDefined();
    expect(byName(s)[`raffle-${env}-notify-dlq-not-empty`]).toBeDefined();
  });
});

test('dev (no domain, neither opsEmail nor alarmTopicArn): the alarms only show in the console; no topic, no key', () => {
  const s = synthShipped().dev;
  for (const alarm of Object.values(byName(s))) {
    expect(alarm.alarm_actions).toBeUndefined();
    expect(alarm.ok_actions).toBeUndefined();
  }
  expect(resources(s, 'aws_sns_topic')).toEqual({});
  expect(resources(s, 'aws_kms_key')).toEqual({});
});

describe('opsEmail (prod): a topic of the stack, encrypted with a key CloudWatch may use for these alarms only', () => {
  let s: Synthesised;
  let ops: OpsAlerts;
  beforeAll(() => {
    s = synthShipped().prod;
    ops = s.stack.node.findChild('OpsAlerts') as OpsAlerts;
  });
  const account = () => `\${element(split(":", ${ref(s.stack.table.table, 'arn').slice(2, -1)}), 4)}`;
  const fromOurAlarms = () => [
    { test: 'StringEquals', variable: 'aws:SourceAccount', values: [account()] },
    { test: 'ArnLike', variable: 'aws:SourceArn', values: [`arn:aws:cloudwatch:eu-west-1:${account()}:alarm:raffle-prod-*`] },
  ];

  test('every alarm notifies the topic on ALARM and on OK', () => {
    const alarms = Object.values(byName(s));
    expect(alarms.length).toBe(FUNCTION_NAMES.length * 2 + 2 * 2 + 2 + 1);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([ref(ops.topic, 'arn')]);
      expect(alarm.ok_actions).toEqual([ref(ops.topic, 'arn')]);
    }
    // The alarms' names fall under the pattern the key and the topic admit.
    for (const name of Object.keys(byName(s))) expect(name).toMatch(/^raffle-prod-/);
  });

  test('ops subscribed by email to a topic encrypted with its own rotating key (CloudWatch cannot use alias/aws/sns)', () => {
    expect(attrs(s, ops.topic)).toEqual({ name: 'raffle-prod-ops-alarms', kms_master_key_id: ref(ops.key, 'arn') });
    expect(attrs(s, child<any>(ops, 'Email'))).toEqual({
      topic_arn: ref(ops.topic, 'arn'),
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
    expect(attrs(s, ops.key)).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: ref(child<any>(ops, 'KeyPolicy'), 'json'),
    });
  });

  test("the key: the account administers it and never uses it; CloudWatch may use it for this stack's alarms in this account only", () => {
    expect(attrs(s, child<any>(ops, 'KeyPolicy')).statement).toEqual([
      {
        sid: 'TheAccountAdministersTheKey',
        effect: 'Allow',
        principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${account()}:root`] }],
        actions: [...KEY_ADMINISTRATION_ACTIONS],
        resources: ['*'],
      },
      {
        sid: 'OurAlarmsPublish',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        condition: fromOurAlarms(),
      },
    ]);
    // Administration only: nothing that encrypts, decrypts or hands the key to someone else.
    for (const action of KEY_ADMINISTRATION_ACTIONS)
      expect(action).not.toMatch(/crypt|GenerateDataKey|ReEncrypt|CreateGrant|Sign|Verify|Mac/);
    // The pipeline needs PutKeyPolicy through the account, or the key could never change again.
    expect(KEY_ADMINISTRATION_ACTIONS).toContain('kms:PutKeyPolicy');
  });

  test("the topic's policy lets this stack's alarms publish", () => {
    expect(attrs(s, child<any>(ops, 'Policy'))).toEqual({
      arn: ref(ops.topic, 'arn'),
      policy: ref(child<any>(ops, 'PolicyDocument'), 'json'),
    });
    expect(attrs(s, child<any>(ops, 'PolicyDocument')).statement).toEqual([
      {
        sid: 'OurAlarmsPublish',
        effect: 'Allow',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['sns:Publish'],
        resources: [ref(ops.topic, 'arn')],
        condition: fromOurAlarms(),
      },
    ]);
  });
});

test("alarmTopicArn instead: every alarm notifies ops' own topic, and the stack makes none", () => {
  const s = synthStack(shippedConfig('prod', testCaPem(), { opsEmail: undefined, alarmTopicArn: TOPIC }));
  for (const alarm of Object.values(byName(s))) {
    expect(alarm.alarm_actions).toEqual([TOPIC]);
    expect(alarm.ok_actions).toEqual([TOPIC]);
  }
  expect(Object.values(resources(s, 'aws_sns_topic')).map((t: any) => t.name)).toEqual(['raffle-prod-notifications']);
  expect(resources(s, 'aws_kms_key')).toEqual({});
});

test('both: every alarm notifies both topics', () => {
  const s = synthStack(shippedConfig('prod', testCaPem(), { alarmTopicArn: TOPIC }));
  const ops = s.stack.node.findChild('OpsAlerts') as OpsAlerts;
  for (const alarm of Object.values(byName(s))) {
    expect(alarm.alarm_actions).toEqual([ref(ops.topic, 'arn'), TOPIC]);
    expect(alarm.ok_actions).toEqual([ref(ops.topic, 'arn'), TOPIC]);
  }
});
