/** API Gateway (HTTP API, payload 2.0) events for the benchmarks that call a handler's createHandler directly. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { API_BASE_PATH, API_STAGE } from '../../model/routes';

let sequence = 0;

/**
 * A request below /raffle: `route` names the route when the path has parameters ("/draws/{drawId}/void");
 * `organiser` adds the client certificate the admin domain requires.
 */
export function apiEvent(options: {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly route?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly organiser?: boolean;
}): APIGatewayProxyEventV2 {
  const rawPath = `${API_BASE_PATH}${options.path}`;
  const routeKey = `${options.method} ${API_BASE_PATH}${options.route ?? options.path}`;
  const requestId = `bench-${process.pid}-${sequence++}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: {
      host: 'localhost',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: options.organiser ? 'admin' : 'public',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: options.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId,
      routeKey,
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
