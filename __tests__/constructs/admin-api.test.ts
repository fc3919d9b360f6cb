import { routeKey, routesFor } from '../../model/routes';
import { attrs, child, ref, resources, type Synthesised } from '../support/synth';
import { synthShipped } from './fixtures';

const adminRouteKeys = [...routesFor('admin').map(routeKey), 'GET /raffle/{proxy+}'].sort();

function adminRoutes(s: Synthesised): any[] {
  const apiRef = ref(s.stack.adminApi.http.api, 'id');
  return Object.values(resources(s, 'aws_apigatewayv2_route')).filter((r: any) => r.api_id === apiRef);
}

describe('AdminApi with a domain (prod): mutual TLS', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().prod;
  });

  test("routes: the organiser's, per raffle (e.g. POST /raffle/raffles/{raffleId}/draw), and GET /raffle/{proxy+} forwarding to the site", () => {
    const routes = adminRoutes(s);
    expect(routes.map((r) => r.route_key).sort()).toEqual(adminRouteKeys);
    expect(routes.map((r) => r.route_key)).toEqual(
      expect.arrayContaining([
        'GET /raffle/raffles',
        'POST /raffle/raffles',
        'PATCH /raffle/raffles/{raffleId}',
        'POST /raffle/raffles/{raffleId}/draw',
        'POST /raffle/raffles/{raffleId}/draws/{drawId}/void',
        'DELETE /raffle/people/{email}',
      ]),
    );
    // None of the single-raffle routes is left.
    expect(routes.map((r) => r.route_key).filter((k) => /^\w+ \/raffle\/(draw|draws|count|entrants)\b/.test(k))).toEqual([]);
    const proxy = attrs(s, child<any>(s.stack.adminApi.http, 'GetRaffleProxyIntegration'));
    expect(proxy).toMatchObject({
      integration_type: 'HTTP_PROXY',
      integration_method: 'GET',
      integration_uri: 'https://raffle.example.com/{proxy}',
    });
  });

  test('regional custom domain, TLS_1_2, mutual TLS from the versioned truststore object', () => {
    const domain = attrs(s, s.stack.adminApi.domainName!);
    expect(domain.domain_name).toBe('admin.raffle.example.com');
    expect(domain.domain_name_configuration).toMatchObject({ endpoint_type: 'REGIONAL', security_policy: 'TLS_1_2' });
    const cert = child<any>(s.stack.adminApi, 'Certificate');
    expect(domain.domain_name_configuration.certificate_arn).toBe(ref(child<any>(cert, 'Validation'), 'certificate_arn'));
    const object = s.stack.truststore.object;
    expect(domain.mutual_tls_authentication).toEqual({
      truststore_uri: `s3://${ref(s.stack.truststore.bucket, 'bucket')}/RootCA.pem`,
      truststore_version: ref(object, 'version_id'),
    });
  });

  test('the execute-api endpoint is disabled, so mutual TLS cannot be bypassed', () => {
    expect(attrs(s, s.stack.adminApi.http.api).disable_execute_api_endpoint).toBe(true);
  });

  test('routes carry no extra auth (mTLS is at the domain) and the API is mapped whole, with a Route 53 alias', () => {
    for (const r of adminRoutes(s)) expect(r.authorization_type).toBe('NONE');
    const mapping = attrs(s, child<any>(s.stack.adminApi, 'Mapping'));
    expect(mapping.api_mapping_key).toBeUndefined();
    expect(mapping).toMatchObject({
      api_id: ref(s.stack.adminApi.http.api, 'id'),
      domain_name: ref(s.stack.adminApi.domainName!, 'id'),
      stage: ref(s.stack.adminApi.http.stage, 'id'),
    });
    const alias = attrs(s, child<any>(s.stack.adminApi, 'AliasRecord'));
    expect(alias).toMatchObject({ name: 'admin.raffle.example.com', type: 'A', zone_id: 'Z0123456789EXAMPLE' });
    expect(alias.alias.name).toContain('domain_name_configuration');
  });

  test('the API certificate is DNS-validated in Route 53, created before destroyed', () => {
    const cert = child<any>(s.stack.adminApi, 'Certificate');
    const acm = attrs(s, cert.certificate);
    expect(acm).toMatchObject({
      domain_name: 'admin.raffle.example.com',
      validation_method: 'DNS',
      lifecycle: { create_before_destroy: true },
    });
    expect(acm.provider).toBeUndefined(); // the API's own region
    const record = attrs(s, child<any>(cert, 'ValidationRecord'));
    expect(record.zone_id).toBe('Z0123456789EXAMPLE');
    expect(record.name).toContain('domain_validation_options');
    expect(attrs(s, child<any>(cert, 'Validation')).validation_record_fqdns).toEqual([ref(child<any>(cert, 'ValidationRecord'), 'fqdn')]);
  });
});

describe('AdminApi without a domain (dev): IAM authorisation, never open', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().dev;
  });

  test('every admin route requires AWS_IAM', () => {
    const routes = adminRoutes(s);
    expect(routes.map((r) => r.route_key).sort()).toEqual(adminRouteKeys);
    for (const r of routes) expect(r.authorization_type).toBe('AWS_IAM');
  });

  test('no custom domain, no certificate, the default endpoint stays on; the proxy targets the CloudFront name', () => {
    expect(resources(s, 'aws_apigatewayv2_domain_name')).toEqual({});
    expect(resources(s, 'aws_acm_certificate')).toEqual({});
    expect(resources(s, 'aws_route53_record')).toEqual({});
    expect(attrs(s, s.stack.adminApi.http.api).disable_execute_api_endpoint).toBe(false);
    const proxy = attrs(s, child<any>(s.stack.adminApi.http, 'GetRaffleProxyIntegration'));
    expect(proxy.integration_uri).toBe(`https://${ref(s.stack.site.distribution, 'domain_name')}/{proxy}`);
  });
});
