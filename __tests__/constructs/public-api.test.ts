import { routeKey, routesFor } from '../../model/routes';
import { ACCESS_LOG_FORMAT, routeConstructId } from '../../constructs/http-api';
import { PUBLIC_BURST_LIMIT, PUBLIC_RATE_LIMIT_PER_SECOND } from '../../constructs/public-api';
import { attrs, child, ref, resources, type Synthesised } from '../support/synth';
import { synthShipped } from './fixtures';

describe.each(['dev', 'prod'] as const)('PublicApi (%s)', (env) => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped()[env];
  });

  test('HTTP API with the public routes under /raffle, open (no client certificate), no CORS (same origin)', () => {
    const api = attrs(s, s.stack.publicApi.http.api);
    expect(api.protocol_type).toBe('HTTP');
    expect(api.disable_execute_api_endpoint).toBe(false); // it is CloudFront's origin
    expect(api.cors_configuration).toBeUndefined();

    const apiRef = ref(s.stack.publicApi.http.api, 'id');
    const routes = Object.values(resources(s, 'aws_apigatewayv2_route')).filter((r: any) => r.api_id === apiRef) as any[];
    expect(routes.map((r) => r.route_key).sort()).toEqual([
      'GET /raffle/raffles',
      'GET /raffle/raffles/{raffleId}',
      'GET /raffle/raffles/{raffleId}/results',
      'POST /raffle/claim',
      'POST /raffle/confirm',
      'POST /raffle/raffles/{raffleId}/apply',
    ]);
    for (const r of routes) expect(r.authorization_type).toBe('NONE');
    expect(routesFor('public').map(routeKey).sort()).toEqual(routes.map((r) => r.route_key).sort());
  });

  test('the $default stage (no stage name in any path), auto-deployed, JSON access logs to a retained log group, throttled', () => {
    const http = s.stack.publicApi.http;
    const stage = attrs(s, http.stage);
    expect(stage).toMatchObject({ name: '$default', auto_deploy: true });
    expect(stage.access_log_settings.destination_arn).toBe(ref(http.logGroup, 'arn'));
    expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.access_log_settings.format).toBe(ACCESS_LOG_FORMAT);
    // Throttled, but high enough that a launch spike reaches apply (whose reserved concurrency is the cap).
    expect(stage.default_route_settings.throttling_rate_limit).toBe(PUBLIC_RATE_LIMIT_PER_SECOND);
    expect(stage.default_route_settings.throttling_burst_limit).toBe(PUBLIC_BURST_LIMIT);
    expect(PUBLIC_RATE_LIMIT_PER_SECOND).toBeGreaterThanOrEqual(1000);
    expect(attrs(s, http.logGroup).retention_in_days).toBeGreaterThan(0);
  });

  test('each route invokes its function through a v2 proxy integration; each permission is scoped to that route', () => {
    const http = s.stack.publicApi.http;
    for (const route of routesFor('public')) {
      const path = route.path;
      const id = routeConstructId(route.method, path);
      const integration = child<any>(http, `${routeConstructId('', route.functionName)}Integration`);
      expect(attrs(s, integration)).toMatchObject({
        integration_type: 'AWS_PROXY',
        payload_format_version: '2.0',
        integration_uri: ref(s.stack.functions[route.functionName].fn, 'invoke_arn'),
      });
      expect(attrs(s, child<any>(http, id)).target).toBe(`integrations/${ref(integration, 'id')}`);
      expect(attrs(s, child<any>(http, `${id}Permission`))).toMatchObject({
        action: 'lambda:InvokeFunction',
        principal: 'apigateway.amazonaws.com',
        function_name: ref(s.stack.functions[route.functionName].fn, 'function_name'),
        source_arn: `${ref(http.api, 'execution_arn')}/*/${route.method}${path.replace(/\{[^}]*\}/g, '*')}`,
      });
    }
  });

  test('every Lambda permission in the stack is scoped by source_arn to one method and path (each path parameter one "*")', () => {
    const permissions = Object.values(resources(s, 'aws_lambda_permission')) as any[];
    expect(permissions.length).toBe(routesFor('public').length + routesFor('admin').length);
    for (const p of permissions)
      expect(p.source_arn).toMatch(
        /^\$\{aws_apigatewayv2_api\.[A-Za-z0-9_]+\.execution_arn\}\/\*\/(GET|POST|PATCH|DELETE)\/raffle\/[a-z]+(\/(\*|[a-z]+(\.csv)?))*$/,
      );
    expect(permissions.map((p) => p.source_arn.replace(/^.*execution_arn\}/, '')).sort()).toEqual(
      expect.arrayContaining([
        '/*/POST/raffle/raffles/*/apply',
        '/*/PATCH/raffle/raffles/*',
        '/*/DELETE/raffle/raffles/*/entrants/*',
        '/*/POST/raffle/raffles/*/draws/*/void',
        '/*/GET/raffle/raffles/*/entrants.csv',
        '/*/DELETE/raffle/people/*',
      ]),
    );
  });
});
