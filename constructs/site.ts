/**
 * The public site: a private S3 bucket read only by CloudFront (Origin Access Control), a distribution
 * that also forwards `/raffle/*` to the public API (same origin: no CORS), security headers (HSTS, CSP),
 * and, with a domain, an ACM certificate in us-east-1 and Route 53 aliases.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { Lazy, type TerraformProvider } from 'cdktf';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control';
import { CloudfrontResponseHeadersPolicy } from '@cdktf/provider-aws/lib/cloudfront-response-headers-policy';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { API_BASE_PATH, ROUTES, permissionPath } from '../model/routes';
import {
  CONTENT_SECURITY_POLICY,
  HSTS_MAX_AGE_SECONDS,
  PAGE_MAX_AGE_SECONDS,
  SECURITY_HEADERS,
  SITE_CONFIG_FILE,
  siteFileSource,
  contentTypeFor,
  listSiteFiles,
  renderSiteConfig,
  type DeploymentFacts,
} from '../site/assets';
import { ORIGIN_SECRET_HEADER } from '../model/functions';
import { PROJECT_ROOT } from '../model/project';
import { Certificate } from './certificate';
import type { CiGrant } from './ci-grant';
import { PrivateBucket } from './private-bucket';
import { fromStackDir } from './stack-paths';

/** AWS managed cache and origin request policies (fixed ids, so the plan needs no lookup). */
export const MANAGED_POLICY_IDS = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;

const SITE_ORIGIN_ID = 'site-bucket';
const API_ORIGIN_ID = 'public-api';

export interface SiteDomainProps {
  /** Host name, e.g. "raffle.example.com". */
  readonly host: string;
  /** Route 53 zone for the aliases and the certificate validation record. */
  readonly hostedZoneId: string;
  /** Provider in us-east-1: CloudFront only reads certificates from there. */
  readonly usEast1: TerraformProvider;
}

export interface SiteProps {
  /** Prefix of the bucket and policy names. */
  readonly namePrefix: string;
  /** Host name of the public API's execute-api endpoint (CloudFront origin of `/raffle/*`). */
  readonly apiOriginDomain: string;
  /** Custom domain. @default none: the distribution's *.cloudfront.net name */
  readonly domain?: SiteDomainProps;
  /** What config.js tells the pages about this deployment. */
  readonly facts: DeploymentFacts;
  /** Sent to the API origin with every request (ORIGIN_SECRET_HEADER): the public functions require it. */
  readonly originSecret: string;
  /** The WAF web ACL in front of the distribution. @default none */
  readonly webAclArn?: string;
}

export class Site extends Construct {
  readonly bucket: PrivateBucket;
  readonly distribution: CloudfrontDistribution;
  readonly headersPolicy: CloudfrontResponseHeadersPolicy;
  /** Host name visitors use: the custom host or the distribution's cloudfront.net name. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    const cacheControl = `public, max-age=${PAGE_MAX_AGE_SECONDS}`;

    // Only this distribution may read the bucket (resolved lazily: the distribution is created below).
    const distributionArn = Lazy.stringValue({ produce: () => this.distribution.arn });
    this.bucket = new PrivateBucket(this, 'Bucket', {
      name: { prefix: `${props.namePrefix}-site-` },
      extraStatements: (bucketArn) => [
        {
          sid: 'AllowCloudFrontOAC',
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: [`${bucketArn}/*`],
          principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn] }],
        },
      ],
    });
    const bucket = this.bucket.bucket;

    for (const file of listSiteFiles()) {
      const source = siteFileSource(file);
      const bytes = fs.readFileSync(path.join(PROJECT_ROOT, source));
      new S3Object(this, `File_${file.replace(/[^A-Za-z0-9]/g, '_')}`, {
        bucket: bucket.id,
        key: file,
        // Relative to the stack folder, never this machine's absolute path.
        source: fromStackDir(source),
        contentType: contentTypeFor(file),
        cacheControl,
        // MD5 of the bytes, computed at synth: a changed page is re-uploaded.
        etag: md5(bytes),
      });
    }
    const configJs = renderSiteConfig(props.facts);
    new S3Object(this, 'ConfigFile', {
      bucket: bucket.id,
      key: SITE_CONFIG_FILE,
      content: configJs,
      contentType: contentTypeFor(SITE_CONFIG_FILE),
      cacheControl,
      etag: md5(Buffer.from(configJs)),
    });

    const oac = new CloudfrontOriginAccessControl(this, 'OriginAccessControl', {
      name: `${props.namePrefix}-site`,
      description: 'CloudFront signs every request to the site bucket',
      originAccessControlOriginType: 's3',
      signingBehavior: 'always',
      signingProtocol: 'sigv4',
    });

    this.headersPolicy = new CloudfrontResponseHeadersPolicy(this, 'SecurityHeaders', {
      name: `${props.namePrefix}-security-headers`,
      comment: 'HSTS, CSP and friends from site/assets.ts',
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: SECURITY_HEADERS['X-Frame-Options'], override: true },
        referrerPolicy: { referrerPolicy: SECURITY_HEADERS['Referrer-Policy'], override: true },
      },
    });

    const certificate = props.domain
      ? new Certificate(this, 'Certificate', {
          domainName: props.domain.host,
          hostedZoneId: props.domain.hostedZoneId,
          provider: props.domain.usEast1,
        })
      : undefined;

    this.distribution = new CloudfrontDistribution(this, 'Resource', {
      enabled: true,
      comment: `${props.namePrefix} site and public API`,
      aliases: props.domain ? [props.domain.host] : undefined,
      webAclId: props.webAclArn,
      // The front door: the raffles open for entries, opening soon and drawn lately.
      defaultRootObject: 'index.html',
      httpVersion: 'http2and3',
      isIpv6Enabled: true,
      priceClass: 'PriceClass_100',
      origin: [
        { originId: SITE_ORIGIN_ID, domainName: bucket.bucketRegionalDomainName, originAccessControlId: oac.id },
        {
          originId: API_ORIGIN_ID,
          domainName: props.apiOriginDomain,
          // Proof that the request came through here (and the WAF): the API refuses it otherwise.
          customHeader: [{ name: ORIGIN_SECRET_HEADER, value: props.originSecret }],
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: SITE_ORIGIN_ID,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
        responseHeadersPolicyId: this.headersPolicy.id,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          // Each raffle's public results: the one API answer that is the same for everyone, cached as long
          // as the function's Cache-Control says (LIMITS.resultsMaxAgeSeconds). Listed first: the first match
          // wins. The raffle's id as CloudFront's `*` (which matches any characters, `/` too: a path of
          // more segments is no route, and the API answers it 404).
          pathPattern: cloudFrontPathPattern(ROUTES.results),
          targetOriginId: API_ORIGIN_ID,
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: MANAGED_POLICY_IDS.cachingOptimized,
          originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
          responseHeadersPolicyId: this.headersPolicy.id,
          compress: true,
        },
        {
          // Same origin as the pages: the browser never sends a CORS preflight.
          pathPattern: `${API_BASE_PATH}/*`,
          targetOriginId: API_ORIGIN_ID,
          // A redirect would turn a POST into a GET; API calls must use HTTPS from the start.
          viewerProtocolPolicy: 'https-only',
          allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
          // Everything but Host: API Gateway routes by its own host name.
          originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
          responseHeadersPolicyId: this.headersPolicy.id,
          compress: true,
        },
      ],
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: certificate
        ? { acmCertificateArn: certificate.validatedArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' }
        : { cloudfrontDefaultCertificate: true },
    });

    if (props.domain) {
      for (const type of ['A', 'AAAA'] as const) {
        new Route53Record(this, `Alias${type}`, {
          zoneId: props.domain.hostedZoneId,
          name: props.domain.host,
          type,
          alias: { name: this.distribution.domainName, zoneId: this.distribution.hostedZoneId, evaluateTargetHealth: false },
        });
      }
    }
    this.domainName = props.domain ? props.domain.host : this.distribution.domainName;
  }

  /**
   * What the pipeline's roles need on the distribution, its origin access control and its headers
   * policy. CloudFront ids are random and carry no name: account-wide.
   */
  static ciGrants(): CiGrant[] {
    return [
      {
        sid: 'Cdn',
        read: [
          'cloudfront:GetDistribution',
          'cloudfront:GetDistributionConfig',
          'cloudfront:ListTagsForResource',
          'cloudfront:GetOriginAccessControl',
          'cloudfront:GetResponseHeadersPolicy',
          'cloudfront:GetCachePolicy',
          'cloudfront:GetOriginRequestPolicy',
        ],
        write: [
          'cloudfront:CreateDistribution',
          'cloudfront:UpdateDistribution',
          'cloudfront:DeleteDistribution',
          'cloudfront:TagResource',
          'cloudfront:UntagResource',
          'cloudfront:CreateOriginAccessControl',
          'cloudfront:UpdateOriginAccessControl',
          'cloudfront:DeleteOriginAccessControl',
          'cloudfront:CreateResponseHeadersPolicy',
          'cloudfront:UpdateResponseHeadersPolicy',
          'cloudfront:DeleteResponseHeadersPolicy',
        ],
        resources: ['*'],
      },
    ];
  }
}

/** A route's path as a CloudFront path pattern: each `{parameter}` as `*`, as Lambda permissions name it. */
export function cloudFrontPathPattern(route: Parameters<typeof permissionPath>[0]): string {
  return permissionPath(route);
}

function md5(bytes: Buffer): string {
  return crypto.createHash('md5').update(bytes).digest('hex');
}
