/**
 * GIVEN the shipped configs, with and without an ops topic
 * WHEN the stack is synthesised
 * THEN every function, API, the table and the dead-letter queue have alarms, notifying ops when configured.
 */
import { FUNCTION_NAMES } from '../../model/functions';
import { attrs, ref, resources, shippedConfig, synthStack, type Synthesised } from '../support/synth';
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

  test('no actions without an ops topic; a dashboard of the same figures', () => {
    for (const alarm of Object.values(byName(s))) {
      expect(alarm.alarm_actions).toBeUndefined();
      expect(alarm.ok_actions).toBeUndefined();
    }
    const dashboards = Object.values(resources(s, 'aws_cloudwatch_dashboard')) as any[];
    expect(dashboards.map((d) => d.dashboard_name)).toEqual([`raffle-${env}-operations`]);
    for (const title of ['Lambda errors', 'Lambda throttles', 'API 5xx', 'API p99 latency', 'DynamoDB throttled requests']) {
      expect(dashboards[0].dashboard_body).toContain(title);
    }
    // Every stack has the stream's on-failure queue.
    expect(dashboards[0].dashboard_body).toContain('Dead-letter queues');
  });
});

test('alarmTopicArn: every alarm notifies ops on ALARM and on OK', () => {
  const s = synthStack(shippedConfig('prod', testCaPem(), { alarmTopicArn: TOPIC }));
  const alarms = Object.values(byName(s));
  // Errors and throttles per function, 5xx and latency per API, one per queue (the scheduled draw's, the stream's), the table's throttles.
  expect(alarms.length).toBe(FUNCTION_NAMES.length * 2 + 2 * 2 + 2 + 1);
  for (const alarm of alarms) {
    expect(alarm.alarm_actions).toEqual([TOPIC]);
    expect(alarm.ok_actions).toEqual([TOPIC]);
  }
  expect(attrs(s, s.stack.table.table).name).toBe('raffle-prod-entrants');
});
