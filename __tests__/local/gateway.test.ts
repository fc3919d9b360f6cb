import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROUTES, routesFor } from '../../model/routes';
import { makeSelfSigned } from '../support/test-certs';
import {
  clientCertInfo,
  encodeBody,
  fromLambdaResult,
  gatewayTime,
  matchRoute,
  notFound,
  toApiGatewayEvent,
  type GatewayRequest,
} from '../../local/gateway';

const applyRoute = ROUTES.apply;

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'POST',
    url: '/raffle/raffles/spring/apply?lang=en&tag=a&tag=b',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'jest',
      'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
      cookie: 'a=1; b=2',
    },
    body: Buffer.from('{"email":"a@example.com"}'),
    sourceIp: '127.0.0.1',
    protocol: 'HTTP/1.1',
    domainName: 'localhost',
    requestId: 'req-1',
    timeEpoch: Date.UTC(2026, 10, 21, 9, 5, 7),
    apiId: 'public',
    ...overrides,
  };
}

describe('toApiGatewayEvent', () => {
  test('builds a payload 2.0 event with the route key, raw path, path parameters, query and request context', () => {
    const event = toApiGatewayEvent(request(), applyRoute);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('POST /raffle/raffles/{raffleId}/apply');
    expect(event.rawPath).toBe('/raffle/raffles/spring/apply');
    expect(event.pathParameters).toEqual({ raffleId: 'spring' });
    expect(event.rawQueryString).toBe('lang=en&tag=a&tag=b');
    expect(event.queryStringParameters).toEqual({ lang: 'en', tag: 'a,b' });
    expect(event.requestContext).toMatchObject({
      routeKey: 'POST /raffle/raffles/{raffleId}/apply',
      http: { method: 'POST', path: '/raffle/raffles/spring/apply', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      stage: '$default',
      domainName: 'localhost',
      timeEpoch: Date.UTC(2026, 10, 21, 9, 5, 7),
      time: '21/Nov/2026:09:05:07 +0000',
    });
    expect(event.body).toBe('{"email":"a@example.com"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  test('lower-cases header names, joins repeated headers with commas and moves cookies out', () => {
    const event = toApiGatewayEvent(
      request({ headers: { 'Content-Type': 'application/json', 'X-Multi': ['1', '2'] as unknown as string, Cookie: 'a=1; b=2' } }),
      applyRoute,
    );
    expect(event.headers).toEqual({ 'content-type': 'application/json', 'x-multi': '1,2' });
    // Node lower-cases incoming names itself; the translation must not depend on it.
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    const withCookie = toApiGatewayEvent(request(), applyRoute);
    expect(withCookie.cookies).toEqual(['a=1', 'b=2']);
    expect(withCookie.headers.cookie).toBeUndefined();
  });

  test('decodes path parameters once, as API Gateway does, and keeps the raw path as sent', () => {
    const event = toApiGatewayEvent(
      request({ method: 'DELETE', url: '/raffle/raffles/spring/entrants/Ada%2Btag%40Example.com', body: Buffer.alloc(0) }),
      ROUTES.eraseEntrant,
    );
    expect(event.routeKey).toBe('DELETE /raffle/raffles/{raffleId}/entrants/{email}');
    expect(event.rawPath).toBe('/raffle/raffles/spring/entrants/Ada%2Btag%40Example.com');
    expect(event.pathParameters).toEqual({ raffleId: 'spring', email: 'Ada+tag@Example.com' });
  });

  test('passes query parameters named like the members of every object as they were sent, as API Gateway does', () => {
    const event = toApiGatewayEvent(
      request({ method: 'GET', url: '/raffle/raffles/spring/entrants?toString=1&constructor=a&constructor=b&__proto__=x&limit=5' }),
      ROUTES.entrants,
    );
    expect(event.queryStringParameters).toEqual({ toString: '1', constructor: 'a,b', ['__proto__']: 'x', limit: '5' });
    expect(Object.keys(event.queryStringParameters!)).toEqual(['toString', 'constructor', '__proto__', 'limit']);
  });

  test('omits body, query parameters, path parameters and cookies when there are none', () => {
    const event = toApiGatewayEvent(request({ method: 'GET', url: '/raffle/raffles', headers: {}, body: Buffer.alloc(0) }), ROUTES.raffles);
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
  });

  test('base64-encodes a body that is not UTF-8 text', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
    const event = toApiGatewayEvent(request({ body: bytes }), applyRoute);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(bytes);
    expect(encodeBody(Buffer.from('héllo'))).toEqual({ body: 'héllo', isBase64Encoded: false });
  });

  test('carries the client certificate as requestContext.authentication.clientCert', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-cert-'));
    try {
      const { pem } = makeSelfSigned(dir, 'admin', { ca: false, days: 2, subject: '/O=Raffle/CN=admin', serial: '0x0a0b' });
      const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
      const info = clientCertInfo(der);
      const event = toApiGatewayEvent(request({ clientCert: info }), applyRoute) as unknown as {
        requestContext: { authentication: { clientCert: typeof info } };
      };
      const cert = event.requestContext.authentication.clientCert;
      expect(cert.subjectDN).toBe('O=Raffle,CN=admin');
      expect(cert.issuerDN).toBe('O=Raffle,CN=admin');
      expect(cert.serialNumber.toUpperCase()).toBe('0A0B');
      expect(cert.clientCertPem.trim()).toBe(pem.trim());
      expect(Date.parse(cert.validity.notAfter) - Date.parse(cert.validity.notBefore)).toBe(2 * 24 * 3600 * 1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('has no authentication block without a client certificate', () => {
    const event = toApiGatewayEvent(request(), applyRoute);
    expect(event.requestContext).not.toHaveProperty('authentication');
  });
});

describe('matchRoute', () => {
  test('finds routes under /raffle by method and path, with their parameters, per door', () => {
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/raffles/spring/apply')).toBe(ROUTES.apply);
    expect(matchRoute(routesFor('public'), 'get', '/raffle/raffles/spring')).toBe(ROUTES.raffle);
    expect(matchRoute(routesFor('public'), 'GET', '/raffle/raffles')).toBe(ROUTES.raffles);
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/confirm')).toBe(ROUTES.confirm);
    expect(matchRoute(routesFor('admin'), 'POST', '/raffle/raffles/spring/draw')).toBe(ROUTES.draw);
    expect(matchRoute(routesFor('admin'), 'POST', '/raffle/raffles')).toBe(ROUTES.createRaffle);
    expect(matchRoute(routesFor('admin'), 'PATCH', '/raffle/raffles/spring')).toBe(ROUTES.editRaffle);
    expect(matchRoute(routesFor('admin'), 'GET', '/raffle/raffles/spring/entrants.csv')).toBe(ROUTES.entrantsCsv);
    expect(matchRoute(routesFor('admin'), 'GET', '/raffle/raffles/spring/entrants')).toBe(ROUTES.entrants);
    expect(matchRoute(routesFor('admin'), 'DELETE', '/raffle/raffles/spring/entrants/a%40example.com')).toBe(ROUTES.eraseEntrant);
    expect(matchRoute(routesFor('admin'), 'DELETE', '/raffle/people/a%40example.com')).toBe(ROUTES.erasePerson);
    expect(matchRoute(routesFor('admin'), 'POST', '/raffle/raffles/spring/draws/abc/void')).toBe(ROUTES.voidWinner);
  });

  test('admin routes do not exist on the public door, nor routes without the base path, with another method or another depth', () => {
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/raffles/spring/draw')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'GET', '/raffle/raffles/spring/draws')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/raffles')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'PATCH', '/raffle/raffles/spring')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'DELETE', '/raffle/people/a%40example.com')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'POST', '/raffles/spring/apply')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'GET', '/raffle/raffles/spring/apply')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/raffles/spring/extra/apply')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/raffles//apply')).toBeUndefined();
    expect(matchRoute(routesFor('admin'), 'POST', '/raffle/raffles/spring/apply')).toBeUndefined();
    // The single raffle's routes are gone.
    expect(matchRoute(routesFor('public'), 'GET', '/raffle/count')).toBeUndefined();
    expect(matchRoute(routesFor('public'), 'POST', '/raffle/apply')).toBeUndefined();
  });
});

describe('fromLambdaResult', () => {
  test('uses a structured result as given: status, lower-cased headers, cookies, body', () => {
    const res = fromLambdaResult(
      { statusCode: 201, headers: { 'Content-Type': 'application/json', 'X-N': 3 }, cookies: ['s=1; Secure', 't=2'], body: '{"ok":true}' },
      'req-9',
    );
    expect(res.statusCode).toBe(201);
    expect(res.headers).toMatchObject({
      'content-type': 'application/json',
      'x-n': '3',
      'set-cookie': ['s=1; Secure', 't=2'],
      'apigw-requestid': 'req-9',
    });
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  test('decodes a base64 body', () => {
    const res = fromLambdaResult({ statusCode: 200, body: Buffer.from([1, 2, 255]).toString('base64'), isBase64Encoded: true }, 'r');
    expect([...res.body]).toEqual([1, 2, 255]);
  });

  test('treats a string or an object without statusCode as a 200 JSON body, as HTTP API does', () => {
    const fromString = fromLambdaResult('hello', 'r');
    expect(fromString.statusCode).toBe(200);
    expect(fromString.headers['content-type']).toBe('application/json');
    expect(fromString.body.toString()).toBe('hello');
    const fromObject = fromLambdaResult({ count: 2 } as never, 'r');
    expect(fromObject.statusCode).toBe(200);
    expect(JSON.parse(fromObject.body.toString())).toEqual({ count: 2 });
  });

  test('an empty structured result has an empty body', () => {
    expect(fromLambdaResult({ statusCode: 204 }, 'r').body.length).toBe(0);
  });
});

test('notFound is the HTTP API answer for an unknown route', () => {
  const res = notFound('r');
  expect(res.statusCode).toBe(404);
  expect(JSON.parse(res.body.toString())).toEqual({ message: 'Not Found' });
});

test('gatewayTime pads day and time fields', () => {
  expect(gatewayTime(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('02/Jan/2026:03:04:05 +0000');
});
