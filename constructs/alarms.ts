/**
 * What ops are woken for, and one dashboard of the same figures:
 *   - per function: errors (a handler crashed or timed out) and throttles (reserved concurrency reached);
 *   - per API: the 5xx rate (our faults, which handlers turn into 5xx results rather than errors) and
 *     the p99 latency;
 *   - the table: throttled reads and writes;
 *   - each dead-letter queue: not empty (something failed every retry).
 * Missing data is "not breaching": a raffle is idle most of the time, and silence is not an incident.
 * Every alarm notifies ops on ALARM and on OK: the topic the stack makes for config opsEmail
 * (ops-alerts.ts), ops' own topic (config alarmTopicArn), or both. A deployment with a domain has one
 * at least (the config refuses it otherwise); without any, the alarms only show in the console and on
 * the dashboard.
 */
import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import type { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { CiGrant, CiScope } from './ci-grant';

/** Five minutes: short enough to act on, long enough that one slow request is not an incident. */
const PERIOD_SECONDS = 300;
/** Above this share of 5xx responses in a period, the API is failing its users. */
export const API_5XX_RATE_PERCENT = 5;

export interface MonitoredApi {
  /** Short label used in alarm names, e.g. "public". */
  readonly label: string;
  readonly api: Apigatewayv2Api;
  readonly stageName: string;
  /** p99 latency above which the alarm fires, in ms. */
  readonly p99LatencyMs: number;
}

export interface AlarmsProps {
  /** Prefix of every alarm name and of the dashboard's name. */
  readonly namePrefix: string;
  readonly region: string;
  /** The functions, by a short label used in alarm names (e.g. "apply"). */
  readonly functions: readonly { readonly label: string; readonly functionName: string }[];
  readonly apis: readonly MonitoredApi[];
  readonly tableName: string;
  /** Queues that must stay empty, by label. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: SqsQueue }[];
  /** SNS topics every alarm's state changes are sent to. Empty: alarms without actions. */
  readonly topicArns: readonly string[];
}

export class Alarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const actions = props.topicArns.length > 0 ? [...props.topicArns] : undefined;
    const alarm = (
      idSuffix: string,
      config: Omit<CloudwatchMetricAlarmConfig, 'alarmActions' | 'okActions' | 'treatMissingData'>,
    ): void => {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, idSuffix, {
          ...config,
          treatMissingData: 'notBreaching',
          alarmActions: actions,
          okActions: actions,
        }),
      );
    };
    const once = { period: PERIOD_SECONDS, evaluationPeriods: 1, datapointsToAlarm: 1 };

    for (const fn of props.functions) {
      for (const [metric, what] of [
        ['Errors', 'threw or timed out'],
        ['Throttles', 'was throttled (reserved concurrency reached)'],
      ] as const) {
        alarm(`${pascal(fn.label)}${metric}`, {
          alarmName: `${props.namePrefix}-${fn.label}-${metric.toLowerCase()}`,
          alarmDescription: `The ${fn.label} function ${what}. See docs/runbook.md#lambda-${metric.toLowerCase()}.`,
          namespace: 'AWS/Lambda',
          metricName: metric,
          dimensions: { FunctionName: fn.functionName },
          statistic: 'Sum',
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          ...once,
        });
      }
    }

    for (const api of props.apis) {
      const dimensions = { ApiId: api.api.id, Stage: api.stageName };
      alarm(`${pascal(api.label)}Api5xxRate`, {
        alarmName: `${props.namePrefix}-${api.label}-api-5xx-rate`,
        alarmDescription: `More than ${API_5XX_RATE_PERCENT}% of ${api.label} API requests failed with 5xx. See docs/runbook.md#api-5xx-rate.`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: API_5XX_RATE_PERCENT,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        metricQuery: [
          { id: 'errors', metric: { namespace: 'AWS/ApiGateway', metricName: '5xx', dimensions, period: PERIOD_SECONDS, stat: 'Sum' } },
          { id: 'requests', metric: { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions, period: PERIOD_SECONDS, stat: 'Sum' } },
          { id: 'rate', expression: 'IF(requests > 0, 100 * errors / requests, 0)', label: '5xx %', returnData: true },
        ],
      });
      alarm(`${pascal(api.label)}ApiP99Latency`, {
        alarmName: `${props.namePrefix}-${api.label}-api-p99-latency`,
        alarmDescription: `p99 latency of the ${api.label} API is above ${api.p99LatencyMs} ms. See docs/runbook.md#api-p99-latency.`,
        namespace: 'AWS/ApiGateway',
        metricName: 'Latency',
        dimensions,
        extendedStatistic: 'p99',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: api.p99LatencyMs,
        ...once,
      });
    }

    alarm('TableThrottles', {
      alarmName: `${props.namePrefix}-table-throttles`,
      alarmDescription: `DynamoDB throttled reads or writes on ${props.tableName}. See docs/runbook.md#table-throttles.`,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      metricQuery: [
        {
          id: 'reads',
          metric: {
            namespace: 'AWS/DynamoDB',
            metricName: 'ReadThrottleEvents',
            dimensions: { TableName: props.tableName },
            period: PERIOD_SECONDS,
            stat: 'Sum',
          },
        },
        {
          id: 'writes',
          metric: {
            namespace: 'AWS/DynamoDB',
            metricName: 'WriteThrottleEvents',
            dimensions: { TableName: props.tableName },
            period: PERIOD_SECONDS,
            stat: 'Sum',
          },
        },
        { id: 'throttled', expression: 'reads + writes', label: 'throttled requests', returnData: true },
      ],
    });

    for (const { label, queue } of props.deadLetterQueues) {
      alarm(`${pascal(label)}DeadLetters`, {
        alarmName: `${props.namePrefix}-${label}-dlq-not-empty`,
        alarmDescription: `The ${label} dead-letter queue holds messages: something failed every retry. See docs/runbook.md#dead-letter-queue.`,
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: queue.name },
        statistic: 'Maximum',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        ...once,
      });
    }

    this.dashboard = new CloudwatchDashboard(this, 'Dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      // jsonencode, not JSON.stringify: the body holds references (API ids) that must stay expressions.
      dashboardBody: Fn.jsonencode({ widgets: dashboardWidgets(props) }),
    });
  }

  /** What the pipeline's roles need on the alarms and the dashboard (dashboards are global: no region in their ARN). */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        sid: 'Alarms',
        read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:GetDashboard'],
        write: [
          'cloudwatch:PutMetricAlarm',
          'cloudwatch:DeleteAlarms',
          'cloudwatch:TagResource',
          'cloudwatch:UntagResource',
          'cloudwatch:PutDashboard',
          'cloudwatch:DeleteDashboards',
        ],
        resources: [`arn:aws:cloudwatch:${env.region}:*:alarm:${env.namePrefix}-*`, `arn:aws:cloudwatch::*:dashboard/${env.namePrefix}-*`],
      },
    ];
  }
}

/** "apply" -> "Apply": construct ids, hence Terraform addresses, read like the rest of the stack's. */
function pascal(label: string): string {
  return label[0].toUpperCase() + label.slice(1);
}

type Metric = readonly unknown[];

function widget(title: string, metrics: readonly Metric[], index: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'metric',
    width: 12,
    height: 6,
    x: (index % 2) * 12,
    y: Math.floor(index / 2) * 6,
    properties: { title, metrics, period: PERIOD_SECONDS, stat: 'Sum', ...extra },
  };
}

/** The alarms' figures, two widgets a row. */
function dashboardWidgets(props: AlarmsProps): Record<string, unknown>[] {
  const region = { region: props.region };
  const lambda = (metric: string): Metric[] =>
    props.functions.map((fn) => ['AWS/Lambda', metric, 'FunctionName', fn.functionName, { label: fn.label }]);
  const api = (metric: string): Metric[] =>
    props.apis.map((a) => ['AWS/ApiGateway', metric, 'ApiId', a.api.id, 'Stage', a.stageName, { label: a.label }]);
  const widgets = [
    ['Lambda errors', lambda('Errors'), {}],
    ['Lambda throttles', lambda('Throttles'), {}],
    ['API 5xx', api('5xx'), {}],
    ['API p99 latency (ms)', api('Latency'), { stat: 'p99' }],
    [
      'DynamoDB throttled requests',
      [
        ['AWS/DynamoDB', 'ReadThrottleEvents', 'TableName', props.tableName],
        ['AWS/DynamoDB', 'WriteThrottleEvents', 'TableName', props.tableName],
      ],
      {},
    ],
    [
      'Dead-letter queues (messages)',
      props.deadLetterQueues.map((d) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', d.queue.name]),
      { stat: 'Maximum' },
    ],
  ] as const;
  // CloudWatch rejects a widget without metrics (no dead-letter queue without a schedule).
  return widgets
    .filter(([, metrics]) => metrics.length > 0)
    .map(([title, metrics, extra], i) => widget(title, metrics, i, { ...region, ...extra }));
}
