/** API Gateway (HTTP API, payload 2.0) events for the benchmarks that call a handler's createHandler directly. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ORIGIN_SECRET_HEADER } from '../../model/functions';
import { API_STAGE, fillRoutePath, routeKey, type RouteDefinition } from '../../model/routes';

let sequence = 0;

/** The public API's id and CloudFront's origin secret, as benchDeps tells the functions (./handlers.ts). */
export const BENCH_PUBLIC_API_ID = 'public';
export const BENCH_ORIGIN_SECRET = 'bench-origin-secret';

/**
 * A request of one of the model's routes (model/routes.ts), its path parameters filled in (`params`,
 * e.g. {raffleId: "spring"}). `organiser`: on the admin API, with the client certificate its domain
 * requires; otherwise on the public API, through CloudFront (its origin secret), as the public's requests arrive.
 */
export function apiEvent(options: {
  readonly route: Pick<RouteDefinition, 'method' | 'path'>;
  readonly params?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly organiser?: boolean;
}): APIGatewayProxyEventV2 {
  const { route } = options;
  const rawPath = fillRoutePath(route, options.params ?? {});
  const key = routeKey(route);
  const requestId = `bench-${process.pid}-${sequence++}`;
  return {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString: '',
    headers: {
      host: 'localhost',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.organiser ? {} : { [ORIGIN_SECRET_HEADER]: BENCH_ORIGIN_SECRET }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: options.organiser ? 'admin' : BENCH_PUBLIC_API_ID,
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId,
      routeKey: key,
      stage: API_STAGE,
      time: '',
      timeEpoch: 0,
      ...(options.organiser
        ? {
            authentication: {
              clientCert: {
                clientCertPem: '',
                subjectDN: 'CN=bench',
                issuerDN: 'CN=bench',
                serialNumber: '1',
                validity: { notBefore: '', notAfter: '' },
              },
            },
          }
        : {}),
    },
  };
}
