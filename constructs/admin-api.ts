/**
 * The admin API: the organiser's routes (model/routes.ts, `admin`: raffles, their draws, entrants and
 * erasure, e.g. `POST /raffle/raffles/{raffleId}/draw`), and `GET /raffle/{proxy+}` forwarding to the site so the organiser's page (draw.html) is served from the admin origin itself: the
 * page and the API it calls share one origin, so no CORS preflight (which carries no client
 * certificate) is ever needed.
 *
 * With a domain: a regional custom domain with mutual TLS (TLS_1_2, truststore in S3 pinned by version),
 * mapped whole to the API's `$default` stage, and the execute-api endpoint disabled so mTLS cannot be
 * bypassed (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-mutual-tls.html).
 * Without a domain: every route requires IAM (SigV4) authorisation; never open.
 */
import { Construct } from 'constructs';
import { Apigatewayv2ApiMapping } from '@cdktf/provider-aws/lib/apigatewayv2-api-mapping';
import { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { FunctionName } from '../model/functions';
import { API_BASE_PATH, routesFor } from '../model/routes';
import { Certificate } from './certificate';
import { HttpApi } from './http-api';

export interface AdminApiDomainProps {
  /** Host name of the mutual-TLS domain, e.g. "admin.raffle.example.com". */
  readonly host: string;
  /** Route 53 zone for the alias and the certificate validation record. */
  readonly hostedZoneId: string;
  /** s3://bucket/RootCA.pem */
  readonly truststoreUri: string;
  /** Version id of the truststore object, so a rotated CA is picked up. */
  readonly truststoreVersion: string;
}

export interface AdminApiProps {
  /** API name. */
  readonly name: string;
  /** The deployed functions, by catalogue name. */
  readonly functions: Readonly<Record<FunctionName, LambdaFunction>>;
  /** Host name of the site, which serves the organiser's page (the `{proxy+}` route forwards to it). */
  readonly siteDomain: string;
  /** Custom domain with mutual TLS. @default none: default endpoint, IAM authorisation on every route */
  readonly domain?: AdminApiDomainProps;
}

export class AdminApi extends Construct {
  readonly http: HttpApi;
  readonly domainName?: Apigatewayv2DomainName;
  /** Where the admin routes live: https://<apiHost>/raffle, or the stage's invoke URL without a domain. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AdminApiProps) {
    super(scope, id);
    const domain = props.domain;
    this.http = new HttpApi(this, 'Api', {
      name: props.name,
      description: domain ? 'Admin raffle routes, mutual TLS only' : 'Admin raffle routes, IAM (SigV4) only',
      routes: routesFor('admin'),
      functions: props.functions,
      httpProxyRoutes: [{ method: 'GET', path: `${API_BASE_PATH}/{proxy+}`, uri: `https://${props.siteDomain}/{proxy}` }],
      authorizationType: domain ? 'NONE' : 'AWS_IAM',
      disableExecuteApiEndpoint: domain !== undefined,
      // The organiser clicks "draw" now and then; a low ceiling limits the damage of a leaked certificate.
      throttlingRateLimit: 5,
      throttlingBurstLimit: 10,
    });

    if (!domain) {
      this.url = `${this.http.api.apiEndpoint}${API_BASE_PATH}`;
      return;
    }

    const certificate = new Certificate(this, 'Certificate', { domainName: domain.host, hostedZoneId: domain.hostedZoneId });
    this.domainName = new Apigatewayv2DomainName(this, 'DomainName', {
      domainName: domain.host,
      domainNameConfiguration: {
        certificateArn: certificate.validatedArn,
        endpointType: 'REGIONAL',
        securityPolicy: 'TLS_1_2',
      },
      mutualTlsAuthentication: {
        truststoreUri: domain.truststoreUri,
        truststoreVersion: domain.truststoreVersion,
      },
    });
    // Mapped whole: the routes carry their full paths, so a request's path is the route's on every door.
    new Apigatewayv2ApiMapping(this, 'Mapping', {
      apiId: this.http.api.id,
      domainName: this.domainName.id,
      stage: this.http.stage.id,
    });
    new Route53Record(this, 'AliasRecord', {
      zoneId: domain.hostedZoneId,
      name: domain.host,
      type: 'A',
      alias: {
        name: this.domainName.domainNameConfiguration.targetDomainName,
        zoneId: this.domainName.domainNameConfiguration.hostedZoneId,
        evaluateTargetHealth: false,
      },
    });
    this.url = `https://${domain.host}${API_BASE_PATH}`;
  }
}
