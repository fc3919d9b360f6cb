/**
 * AWS WAF in front of the site's distribution (scope CLOUDFRONT, so it lives in us-east-1): a per-IP rate
 * limit on the registration routes (a bot at the form), AWS's IP reputation list (known bad sources), and
 * every request logged to CloudWatch for an investigation. What it costs is in the README.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { ROUTES, type RouteDefinition } from '../model/routes';
import { LOG_GROUP_ACTIONS, type CiGrant, type CiScope } from './ci-grant';
import { CLOUDFRONT_REGION } from './cloudfront-region';

/**
 * A WAF statement that matches a route's path: exactly, or, for a path with parameters, a regular
 * expression with one segment per parameter (e.g. `^/raffle/raffles/[^/]+/apply$` for every raffle's form).
 */
export function uriPathStatement(route: Pick<RouteDefinition, 'path'>): Record<string, unknown> {
  const regex = routePathRegex(route);
  const none = [{ Priority: 0, Type: 'NONE' }];
  return regex
    ? { RegexMatchStatement: { FieldToMatch: { UriPath: {} }, RegexString: regex, TextTransformations: none } }
    : {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'EXACTLY',
          // A blob in WAF's API, so base64 in its JSON.
          SearchString: Buffer.from(route.path).toString('base64'),
          TextTransformations: none,
        },
      };
}

/** `^…$` over the route's path, each `{parameter}` one segment; undefined for a path without parameters. */
export function routePathRegex(route: Pick<RouteDefinition, 'path'>): string | undefined {
  if (!/\{[^}]*\}/.test(route.path)) return undefined;
  const literal = (text: string) => text.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  return `^${route.path
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{[^}]*\}$/.test(part) ? '[^/]+' : literal(part)))
    .join('')}$`;
}

/** WAF logs hold client IPs: kept long enough to look into an attack, no longer. */
const LOG_RETENTION_DAYS = 30;

const aclName = (namePrefix: string): string => `${namePrefix}-site`;
// WAF requires the log group's name to start with "aws-waf-logs-".
const logGroupName = (namePrefix: string): string => `aws-waf-logs-${namePrefix}`;

export interface WebAclProps {
  /** Prefix of the ACL's, its rules' metrics' and its log group's names. */
  readonly namePrefix: string;
  /** Requests per 5 minutes one IP may make to the registration routes. */
  readonly rateLimit: number;
  /** The us-east-1 provider: CloudFront's WAF lives there. */
  readonly usEast1: TerraformProvider;
}

export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (MetricName: string) => ({ CloudWatchMetricsEnabled: true, MetricName, SampledRequestsEnabled: true });
    // The routes a person registers through: any raffle's form, and the confirmation button.
    const registration = [ROUTES.apply, ROUTES.confirm];

    // The rules as WAF's own JSON (rule_json): cdktf cannot type a rule's statement, and renders it as an
    // attribute that Terraform rejects in `cdktf synth --hcl`; a JSON string reads the same in both.
    const rules = [
      {
        Name: 'registration-rate-limit',
        Priority: 1,
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            Limit: props.rateLimit,
            AggregateKeyType: 'IP',
            ScopeDownStatement: {
              OrStatement: { Statements: registration.map(uriPathStatement) },
            },
          },
        },
        VisibilityConfig: visibility(`${props.namePrefix}-registration-rate-limit`),
      },
      {
        Name: 'aws-ip-reputation',
        Priority: 2,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } },
        VisibilityConfig: visibility(`${props.namePrefix}-ip-reputation`),
      },
    ];

    this.acl = new Wafv2WebAcl(this, 'Resource', {
      provider: props.usEast1,
      name: aclName(props.namePrefix),
      description: 'Rate limit on registration, AWS IP reputation list',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: aclName(props.namePrefix), sampledRequestsEnabled: true },
      ruleJson: JSON.stringify(rules),
    });

    const logs = new CloudwatchLogGroup(this, 'Logs', {
      provider: props.usEast1,
      name: logGroupName(props.namePrefix),
      retentionInDays: LOG_RETENTION_DAYS,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'Logging', {
      provider: props.usEast1,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logs.arn],
    });
  }

  /** What the pipeline's roles need on the web ACL (with the AWS rule groups it uses) and its log group. */
  static ciGrants(env: Pick<CiScope, 'namePrefix'>): CiGrant[] {
    const logGroupArn = `arn:aws:logs:${CLOUDFRONT_REGION}:*:log-group:${logGroupName(env.namePrefix)}`;
    return [
      {
        sid: 'WebAcl',
        read: ['wafv2:GetWebACL', 'wafv2:GetLoggingConfiguration', 'wafv2:ListTagsForResource'],
        write: [
          'wafv2:CreateWebACL',
          'wafv2:UpdateWebACL',
          'wafv2:DeleteWebACL',
          'wafv2:PutLoggingConfiguration',
          'wafv2:DeleteLoggingConfiguration',
          'wafv2:TagResource',
          'wafv2:UntagResource',
        ],
        resources: [
          `arn:aws:wafv2:${CLOUDFRONT_REGION}:*:global/webacl/${aclName(env.namePrefix)}/*`,
          `arn:aws:wafv2:${CLOUDFRONT_REGION}:*:global/managedruleset/*`,
        ],
      },
      {
        sid: 'WebAclLogs',
        read: LOG_GROUP_ACTIONS.read,
        write: LOG_GROUP_ACTIONS.write,
        resources: [logGroupArn, `${logGroupArn}:*`],
      },
    ];
  }
}
