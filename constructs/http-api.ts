/**
 * An API Gateway HTTP API with what both raffle APIs share: the `$default` stage (served at the root,
 * so a route's path is the whole path and its key is the same everywhere), auto-deployed, with JSON
 * access logs and throttling; one Lambda integration per function; routes; and one Lambda permission
 * per route, scoped by `source_arn` to that route's method and path.
 */
import { Construct } from 'constructs';
import { Apigatewayv2Api, type Apigatewayv2ApiCorsConfiguration } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { FunctionName } from '../model/functions';
import { API_STAGE, permissionPath, routeKey, type RouteDefinition } from '../model/routes';
import type { CiGrant } from './ci-grant';

/** Access logs are kept this long: long enough to look into a complaint, short as they hold client IPs. */
const ACCESS_LOG_RETENTION_DAYS = 30;

/** An API's access log group is this prefix and the API's name. */
export const ACCESS_LOG_GROUP_PREFIX = '/aws/apigateway/';

/** A route forwarded to a URL, e.g. "GET /{proxy+}" to "https://site/{proxy}". */
export interface HttpProxyRoute {
  readonly method: 'GET';
  readonly path: string;
  readonly uri: string;
}

export interface HttpApiProps {
  /** API name. */
  readonly name: string;
  /** What the API is for. */
  readonly description: string;
  /** The model's routes this API serves. */
  readonly routes: readonly RouteDefinition[];
  /** The deployed functions, by catalogue name. */
  readonly functions: Readonly<Record<FunctionName, LambdaFunction>>;
  /** Routes forwarded over HTTP. @default none */
  readonly httpProxyRoutes?: readonly HttpProxyRoute[];
  /** Authorisation of every route: "NONE" or "AWS_IAM". @default "NONE" */
  readonly authorizationType?: 'NONE' | 'AWS_IAM';
  /** Turn off https://<id>.execute-api...: required when mutual TLS lives on a custom domain. @default false */
  readonly disableExecuteApiEndpoint?: boolean;
  /** CORS; only ever the site's own origin. @default none (no CORS) */
  readonly cors?: Apigatewayv2ApiCorsConfiguration;
  /** Steady-state requests per second across the stage. */
  readonly throttlingRateLimit: number;
  /** Burst bucket size. */
  readonly throttlingBurstLimit: number;
}

/** Fields of each access-log line (JSON). clientCert fields are filled on the mutual-TLS domain only. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  clientCertSubject: '$context.identity.clientCert.subjectDN',
  clientCertSerial: '$context.identity.clientCert.serialNumber',
  iamUser: '$context.identity.userArn',
});

export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const authorizationType = props.authorizationType ?? 'NONE';

    this.api = new Apigatewayv2Api(this, 'Resource', {
      name: props.name,
      description: props.description,
      protocolType: 'HTTP',
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint ?? false,
      corsConfiguration: props.cors,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'AccessLogs', {
      name: `${ACCESS_LOG_GROUP_PREFIX}${props.name}`,
      retentionInDays: ACCESS_LOG_RETENTION_DAYS,
    });

    this.stage = new Apigatewayv2Stage(this, 'Stage', {
      apiId: this.api.id,
      name: API_STAGE,
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.logGroup.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
        detailedMetricsEnabled: true,
      },
    });

    const integrations = new Map<string, Apigatewayv2Integration>();
    for (const route of props.routes) {
      const fn = props.functions[route.functionName];
      const fnId = routeConstructId('', route.functionName);
      let integration = integrations.get(fnId);
      if (!integration) {
        integration = new Apigatewayv2Integration(this, `${fnId}Integration`, {
          apiId: this.api.id,
          integrationType: 'AWS_PROXY',
          integrationUri: fn.invokeArn,
          payloadFormatVersion: '2.0',
        });
        integrations.set(fnId, integration);
      }
      const routeId = routeConstructId(route.method, route.path);
      new Apigatewayv2Route(this, routeId, {
        apiId: this.api.id,
        routeKey: routeKey(route),
        target: `integrations/${integration.id}`,
        authorizationType,
      });
      new LambdaPermission(this, `${routeId}Permission`, {
        statementId: `${props.name}-${routeId}`,
        action: 'lambda:InvokeFunction',
        functionName: fn.functionName,
        principal: 'apigateway.amazonaws.com',
        // This route only, on any stage: `<execution_arn>/<stage>/<METHOD><path>`, a path parameter as `*`.
        sourceArn: `${this.api.executionArn}/*/${route.method}${permissionPath(route)}`,
      });
    }

    for (const route of props.httpProxyRoutes ?? []) {
      const routeId = routeConstructId(route.method, route.path);
      const integration = new Apigatewayv2Integration(this, `${routeId}Integration`, {
        apiId: this.api.id,
        integrationType: 'HTTP_PROXY',
        integrationMethod: route.method,
        integrationUri: route.uri,
      });
      new Apigatewayv2Route(this, routeId, {
        apiId: this.api.id,
        routeKey: `${route.method} ${route.path}`,
        target: `integrations/${integration.id}`,
        authorizationType,
      });
    }
  }

  /** What the pipeline's roles need to set up the stage's access logging, which AWS authorises on "*" only. */
  static ciGrants(): CiGrant[] {
    return [
      {
        sid: 'ApiAccessLogDelivery',
        read: ['logs:DescribeLogGroups', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:DescribeResourcePolicies'],
        write: ['logs:CreateLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:PutResourcePolicy'],
        resources: ['*'],
      },
    ];
  }
}

/** "POST", "/raffle/raffles/{raffleId}/apply" -> "PostRaffleRafflesRaffleIdApply"; "{proxy+}" -> "Proxy". Stable Terraform addresses. */
export function routeConstructId(method: string, path: string): string {
  const words = [method.toLowerCase(), ...path.split(/[^A-Za-z0-9]+/)].filter((w) => w !== '');
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
