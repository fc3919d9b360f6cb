/**
 * The public API (model/routes.ts, `public`): the published raffles and each one's page, its form
 * (`POST /raffle/raffles/{raffleId}/apply`), the confirmation and the results; no client certificate, no sign-in.
 *
 * Browsers reach it SAME-ORIGIN through the site's CloudFront distribution (behaviour `/raffle/*`, which
 * forwards the whole path to the `$default` stage), so no page ever needs a CORS preflight. The
 * execute-api endpoint stays on because it is CloudFront's origin.
 */
import { Construct } from 'constructs';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { FunctionName } from '../model/functions';
import { routesFor } from '../model/routes';
import { HttpApi } from './http-api';

export interface PublicApiProps {
  /** API name. */
  readonly name: string;
  /** The deployed functions, by catalogue name. */
  readonly functions: Readonly<Record<FunctionName, LambdaFunction>>;
  /** Region of the API (for its execute-api host name). */
  readonly region: string;
  /** Origins CORS allows (validated by config to be only the site's). Empty: no CORS (same-origin). */
  readonly allowedOrigins: readonly string[];
}

/** Steady requests per second the public stage admits (see the comment where it is used). */
export const PUBLIC_RATE_LIMIT_PER_SECOND = 1500;
/** Burst bucket of the public stage. */
export const PUBLIC_BURST_LIMIT = 3000;

export class PublicApi extends Construct {
  readonly http: HttpApi;
  /** Host name CloudFront uses as the origin: <api id>.execute-api.<region>.amazonaws.com. */
  readonly originDomain: string;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const origins = props.allowedOrigins;
    this.http = new HttpApi(this, 'Api', {
      name: props.name,
      description: 'Public raffle routes, served same-origin through the site distribution',
      routes: routesFor('public'),
      functions: props.functions,
      // A launch spike must reach the table, not a stage throttle: the stage allows what the apply
      // function's reserved concurrency can serve (50 concurrent at ~30-50 ms each, about 1,000-1,500/s);
      // the concurrency cap, not this, is the cost guard.
      throttlingRateLimit: PUBLIC_RATE_LIMIT_PER_SECOND,
      throttlingBurstLimit: PUBLIC_BURST_LIMIT,
      cors:
        origins.length > 0
          ? { allowOrigins: [...origins], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], maxAge: 600 }
          : undefined,
    });
    this.originDomain = `${this.http.api.id}.execute-api.${props.region}.amazonaws.com`;
  }
}
