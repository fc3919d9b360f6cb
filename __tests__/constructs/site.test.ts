import * as fs from 'fs';
import * as path from 'path';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import {
  CONTENT_SECURITY_POLICY,
  HSTS_MAX_AGE_SECONDS,
  SITE_CONFIG_FILE,
  SITE_DIR,
  siteFileSource,
  contentTypeFor,
  listSiteFiles,
  renderSiteConfig,
} from '../../site/assets';
import { cloudFrontPathPattern, MANAGED_POLICY_IDS } from '../../constructs/site';
import { ROUTES } from '../../model/routes';
import { PROJECT_ROOT } from '../../model/project';
import { deploymentFacts } from '../../config/deployment';
import { attrs, child, dataSources, ref, resources, shippedConfig, type Synthesised } from '../support/synth';
import { synthShipped, testCaPem } from './fixtures';

describe.each(['dev', 'prod'] as const)('Site (%s)', (env) => {
  let s: Synthesised;
  let dist: any;
  beforeAll(() => {
    s = synthShipped()[env];
    dist = attrs(s, s.stack.site.distribution);
  });

  test('private bucket: public access blocked, ACLs disabled, encrypted', () => {
    const bucket = s.stack.site.bucket;
    expect(attrs(s, bucket.publicAccessBlock)).toMatchObject({
      bucket: ref(bucket.bucket, 'id'),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(attrs(s, child<any>(bucket, 'Ownership')).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    expect(attrs(s, child<any>(bucket, 'Encryption')).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(resources(s, 'aws_s3_bucket_acl')).toEqual({});
    expect(resources(s, 'aws_s3_bucket_website_configuration')).toEqual({});
  });

  test('bucket policy: deny non-TLS; allow only CloudFront, only this distribution, only GetObject', () => {
    const bucket = s.stack.site.bucket;
    const doc = child<any>(bucket, 'PolicyDocument');
    expect(attrs(s, child<any>(bucket, 'Policy')).policy).toBe(ref(doc, 'json'));
    expect(attrs(s, child<any>(bucket, 'Policy')).bucket).toBe(ref(bucket.publicAccessBlock, 'bucket'));
    const [deny, allow, ...rest] = attrs(s, doc).statement;
    expect(rest).toEqual([]);
    expect(deny).toMatchObject({
      effect: 'Deny',
      actions: ['s3:*'],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(deny.resources).toEqual([ref(bucket.bucket, 'arn'), `${ref(bucket.bucket, 'arn')}/*`]);
    expect(allow).toEqual({
      sid: 'AllowCloudFrontOAC',
      effect: 'Allow',
      actions: ['s3:GetObject'],
      resources: [`${ref(bucket.bucket, 'arn')}/*`],
      principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
      condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [ref(s.stack.site.distribution, 'arn')] }],
    });
  });

  test('CloudFront reads the bucket through OAC (always sign, sigv4); no legacy OAI', () => {
    expect(s.json).toHaveResourceWithProperties(CloudfrontOriginAccessControl, {
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    const site = dist.origin.find((o: any) => o.origin_id === 'site-bucket');
    expect(site.origin_access_control_id).toBe(ref(child<any>(s.stack.site, 'OriginAccessControl'), 'id'));
    expect(site.domain_name).toBe(ref(s.stack.site.bucket.bucket, 'bucket_regional_domain_name'));
    expect(site.s3_origin_config).toBeUndefined();
    expect(resources(s, 'aws_cloudfront_origin_access_identity')).toEqual({});
  });

  test('HTTPS only, default root object index.html (the front door), security headers on every behaviour', () => {
    expect(dist.default_root_object).toBe('index.html');
    expect(listSiteFiles()).toContain('index.html');
    expect(dist.default_cache_behavior.viewer_protocol_policy).toBe('redirect-to-https');
    const headers = ref(s.stack.site.headersPolicy, 'id');
    expect(dist.default_cache_behavior.response_headers_policy_id).toBe(headers);
    expect(dist.ordered_cache_behavior.every((b: any) => b.response_headers_policy_id === headers)).toBe(true);
  });

  test("each raffle's results are cached briefly at the edge (the origin says how long); nothing else of the API is", () => {
    const [results] = dist.ordered_cache_behavior;
    expect(results).toMatchObject({
      // CloudFront's "*" for the raffle's id: each raffle's results are their own cache entry (the path is the key).
      path_pattern: '/raffle/raffles/*/results',
      target_origin_id: 'public-api',
      viewer_protocol_policy: 'https-only',
      allowed_methods: ['GET', 'HEAD'],
      cache_policy_id: MANAGED_POLICY_IDS.cachingOptimized,
      origin_request_policy_id: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
    });
    // CachingOptimized honours the origin's Cache-Control (public, max-age=LIMITS.resultsMaxAgeSeconds).
    expect(MANAGED_POLICY_IDS.cachingOptimized).toBe('658327ea-f89d-4fab-a63d-7e88639e58f6');
    // It comes first: CloudFront takes the first pattern that matches.
    expect(dist.ordered_cache_behavior.map((b: any) => b.path_pattern)).toEqual(['/raffle/raffles/*/results', '/raffle/*']);
    expect(cloudFrontPathPattern(ROUTES.results)).toBe('/raffle/raffles/*/results');
  });

  test('/raffle/* goes same-origin to the public API stage: no cache, all viewer headers but Host, HTTPS only', () => {
    expect(dist.ordered_cache_behavior).toHaveLength(2);
    const api = dist.ordered_cache_behavior[1];
    expect(api).toMatchObject({
      path_pattern: '/raffle/*',
      target_origin_id: 'public-api',
      viewer_protocol_policy: 'https-only',
      cache_policy_id: MANAGED_POLICY_IDS.cachingDisabled,
      origin_request_policy_id: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
    });
    expect(MANAGED_POLICY_IDS.cachingDisabled).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(MANAGED_POLICY_IDS.allViewerExceptHostHeader).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    expect(api.allowed_methods).toEqual(expect.arrayContaining(['GET', 'POST']));
    const origin = dist.origin.find((o: any) => o.origin_id === 'public-api');
    expect(origin.domain_name).toBe(`${ref(s.stack.publicApi.http.api, 'id')}.execute-api.eu-west-1.amazonaws.com`);
    // The $default stage is served at the root: the whole path goes to the API, as its route keys say.
    expect(origin.origin_path).toBeUndefined();
    expect(origin.custom_origin_config).toMatchObject({ origin_protocol_policy: 'https-only', origin_ssl_protocols: ['TLSv1.2'] });
    // Policies are referenced by literal id: no data-source lookups that would need AWS at plan time.
    expect(Object.keys(dataSources(s, 'aws_cloudfront_cache_policy'))).toEqual([]);
    expect(Object.keys(dataSources(s, 'aws_cloudfront_origin_request_policy'))).toEqual([]);
  });

  test('response headers policy: HSTS (2 years, subdomains) and the shared CSP, overriding the origin', () => {
    const cfg = attrs(s, s.stack.site.headersPolicy).security_headers_config;
    expect(cfg.strict_transport_security).toMatchObject({
      access_control_max_age_sec: HSTS_MAX_AGE_SECONDS,
      include_subdomains: true,
      override: true,
    });
    expect(HSTS_MAX_AGE_SECONDS).toBeGreaterThanOrEqual(31536000);
    expect(cfg.content_security_policy).toEqual({ content_security_policy: CONTENT_SECURITY_POLICY, override: true });
    expect(cfg.content_security_policy.content_security_policy).toContain("default-src 'none'");
    expect(cfg.content_type_options).toEqual({ override: true });
    expect(cfg.frame_options).toEqual({ frame_option: 'DENY', override: true });
  });

  test('every page in site/ is uploaded with its content type and an MD5 etag, from a relative path; plus config.js', () => {
    const objects = Object.values(resources(s, 'aws_s3_object')).filter(
      (o: any) => o.bucket === ref(s.stack.site.bucket.bucket, 'id'),
    ) as any[];
    const files = listSiteFiles();
    expect(objects.map((o) => o.key).sort()).toEqual([...files, SITE_CONFIG_FILE].sort());
    for (const file of files) {
      const o = objects.find((x) => x.key === file)!;
      expect(o.source).toBe(`../../../${siteFileSource(file)}`);
      expect(o.content_type).toBe(contentTypeFor(file));
      expect(o.etag).toMatch(/^[0-9a-f]{32}$/);
    }
    const config = objects.find((x) => x.key === SITE_CONFIG_FILE)!;
    const shipped = shippedConfig(env, testCaPem());
    expect(config.content).toBe(renderSiteConfig(deploymentFacts(shipped)));
    expect(config.content).toContain('"apply":{"method":"POST","path":"/raffle/raffles/{raffleId}/apply"}');
    expect(config.content_type).toBe('text/javascript; charset=utf-8');
  });
});

describe('Site with a domain (prod)', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().prod;
  });

  test('TLSv1.2_2021 with an ACM certificate from us-east-1 (provider alias), DNS-validated', () => {
    const dist = attrs(s, s.stack.site.distribution);
    const cert = child<any>(s.stack.site, 'Certificate');
    expect(dist.aliases).toEqual(['raffle.example.com']);
    expect(dist.viewer_certificate).toEqual({
      acm_certificate_arn: ref(child<any>(cert, 'Validation'), 'certificate_arn'),
      ssl_support_method: 'sni-only',
      minimum_protocol_version: 'TLSv1.2_2021',
    });
    expect(attrs(s, cert.certificate)).toMatchObject({
      domain_name: 'raffle.example.com',
      provider: 'aws.us_east_1',
      lifecycle: { create_before_destroy: true },
    });
    expect(attrs(s, child<any>(cert, 'Validation')).provider).toBe('aws.us_east_1');
    expect(s.tf.provider.aws).toEqual(expect.arrayContaining([expect.objectContaining({ alias: 'us_east_1', region: 'us-east-1' })]));
  });

  test('Route 53 A and AAAA aliases to the distribution', () => {
    for (const type of ['A', 'AAAA']) {
      const rec = attrs(s, child<any>(s.stack.site, `Alias${type}`));
      expect(rec).toMatchObject({
        name: 'raffle.example.com',
        type,
        zone_id: 'Z0123456789EXAMPLE',
        alias: {
          name: ref(s.stack.site.distribution, 'domain_name'),
          zone_id: ref(s.stack.site.distribution, 'hosted_zone_id'),
          evaluate_target_health: false,
        },
      });
    }
  });
});

describe('Site without a domain (dev)', () => {
  test('the default *.cloudfront.net certificate, no aliases, nothing in us-east-1', () => {
    const s = synthShipped().dev;
    const dist = attrs(s, s.stack.site.distribution);
    expect(dist.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(dist.aliases).toBeUndefined();
    expect(s.json).not.toContain('aws.us_east_1');
  });

  test('still declares the us-east-1 provider, so a domain that is dropped later can be destroyed', () => {
    expect(synthShipped().dev.tf.provider.aws.map((p: { alias?: string }) => p.alias)).toEqual([undefined, 'us_east_1']);
  });
});

describe('the published site files', () => {
  const published = [...listSiteFiles(), SITE_CONFIG_FILE];
  const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, siteFileSource(file)), 'utf8');
  /** What a page's <script src> or a module's import names, e.g. "./api.js". */
  const scriptsOf = (file: string): string[] =>
    file.endsWith('.html')
      ? [...read(file).matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1])
      : [
          ...read(file).matchAll(/^(?:import|export)\s[^;]*?\bfrom\s+'([^']+)';/gm),
          // A module loaded when needed (the form's rules.js).
          ...read(file).matchAll(/\bimport\('([^']+)'\)/g),
        ].map((m) => m[1]);

  test('every script a page loads and every module a script imports is published (flat: the site has no folders)', () => {
    const pages = published.filter((f) => f.endsWith('.html'));
    expect(pages).toEqual(['apply.html', 'claim.html', 'confirm.html', 'draw.html', 'index.html', 'results.html']);
    const reached = new Set<string>();
    const visit = (file: string) => {
      for (const name of scriptsOf(file).map((src) => src.replace(/^\.\//, ''))) {
        expect({ from: file, name, published: published.includes(name) }).toEqual({ from: file, name, published: true });
        if (!reached.has(name) && name !== SITE_CONFIG_FILE) {
          reached.add(name);
          visit(name);
        }
      }
    };
    pages.forEach(visit);
    // No script is published that no page uses.
    expect([...reached].sort()).toEqual(published.filter((f) => f.endsWith('.js') && f !== SITE_CONFIG_FILE));
  });

  test('scripts are published as JavaScript (what a module script needs); the type declarations and assets.ts are not published', () => {
    for (const script of published.filter((f) => f.endsWith('.js'))) expect(contentTypeFor(script)).toBe('text/javascript; charset=utf-8');
    expect(fs.readdirSync(SITE_DIR).filter((f) => f.endsWith('.ts'))).toEqual([
      'assets.ts',
      'messages.d.ts',
      'raffle-config.d.ts',
      'rules.d.ts',
    ]);
    expect(published.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });
});
