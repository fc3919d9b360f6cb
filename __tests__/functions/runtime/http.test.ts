/**
 * GIVEN a request body whose bytes are not UTF-8 (found by reliability/fuzz.ts: a name with a lone
 *       surrogate written as raw bytes was registered, stored as "Ann���Lee")
 * WHEN any handler reads it as JSON (functions/runtime/http.ts parseJsonObject)
 * THEN it is refused as malformed JSON, as text or as base64 alike; the same characters written as UTF-8
 *      (or escaped) still read, and a lone surrogate escaped in JSON is left to the field's rules.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCa, issueClientCert, issueServerCert, type CertificateFiles } from '../../../certs/pki';
import { DomainError } from '../../../model/errors';
import {
  assertArrivedProperly,
  CLIENT_AUTH_OID,
  clientCertificateProblem,
  handleRequest,
  parseJsonObject,
} from '../../../functions/runtime/http';
import { jsonLogger } from '../../../functions/runtime/log';

function event(body: Buffer, base64: boolean): APIGatewayProxyEventV2 {
  return {
    headers: { 'content-type': 'application/json' },
    body: base64 ? body.toString('base64') : body.toString('latin1'),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

const named = (middle: Buffer): Buffer => Buffer.concat([Buffer.from('{"name":"Ann'), middle, Buffer.from('Lee"}')]);

function refusal(read: () => unknown): string | undefined {
  try {
    read();
    return undefined;
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
}

describe('parseJsonObject and bytes that are not UTF-8', () => {
  it.each([
    ['a lone high surrogate as raw bytes', [0xed, 0xa0, 0x80]],
    ['a lone low surrogate as raw bytes', [0xed, 0xbf, 0xbf]],
    ['the byte FF', [0xff]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a sequence cut short', [0xe2, 0x82]],
    ['a lone continuation byte', [0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('refuses %s as malformed_json (API Gateway hands such a body over in base64)', (_what, bytes) => {
    expect(refusal(() => parseJsonObject(event(named(Buffer.from(bytes)), true)))).toBe('malformed_json');
  });

  it('reads UTF-8, an escaped lone surrogate (the name rules refuse it later), and refuses a byte order mark as before', () => {
    expect(parseJsonObject(event(named(Buffer.from('🎉 ü', 'utf8')), true))).toEqual({ name: 'Ann🎉 üLee' });
    expect(parseJsonObject({ ...event(Buffer.alloc(0), false), body: '{"name":"Ann\\ud800Lee"}' })).toEqual({ name: 'Ann\ud800Lee' });
    expect(refusal(() => parseJsonObject(event(Buffer.from('\uFEFF{"a":1}', 'utf8'), true)))).toBe('malformed_json');
  });
});

/**
 * GIVEN client certificates from the admin CA with every kind of extended key usage (real X.509, made
 *       with the project's PKI and openssl)
 * WHEN an admin function's edge reads the one API Gateway passes (requestContext.authentication.clientCert)
 * THEN it admits exactly those OpenSSL admits as a TLS client (`-purpose sslclient`, the local door's own
 *      handshake rule), and refuses the others before the handler runs: 403 certificate_not_for_clients, in
 *      the API's error shape. API Gateway checks chain and dates, not this: the edge is where it holds on AWS.
 */
describe('the client certificate at the edge: for clients only', () => {
  let dir: string;
  let ca: CertificateFiles;
  /** A leaf the CA signs with the given extended key usage (none: no extension at all). */
  const leaf = (name: string, extendedKeyUsage: string | undefined): string => {
    const ext = path.join(dir, `${name}.ext`);
    const usage = extendedKeyUsage ? [`extendedKeyUsage = ${extendedKeyUsage}`] : [];
    fs.writeFileSync(
      ext,
      ['[v3]', 'basicConstraints = critical, CA:FALSE', 'keyUsage = critical, digitalSignature', ...usage, ''].join('\n'),
    );
    const key = path.join(dir, `${name}-key.pem`);
    const certPath = path.join(dir, `${name}.pem`);
    execFileSync(
      'openssl',
      [
        'req',
        '-new',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-subj',
        `/CN=${name}`,
        '-out',
        `${certPath}.csr`,
      ],
      { stdio: 'pipe' },
    );
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        `${certPath}.csr`,
        '-CA',
        ca.certPath,
        '-CAkey',
        ca.keyPath,
        '-set_serial',
        `0x${name.length}${Date.now()}`,
        '-days',
        '30',
        '-extfile',
        ext,
        '-extensions',
        'v3',
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    );
    return certPath;
  };
  const pemOf = (file: string) => fs.readFileSync(file, 'utf8');
  const opensslAdmitsAsClient = (certPath: string) =>
    spawnSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', ca.certPath, certPath], { encoding: 'utf8' }).status === 0;
  const adminEvent = (clientCertPem?: string): APIGatewayProxyEventV2 =>
    ({
      routeKey: 'GET /raffle/raffles',
      rawPath: '/raffle/raffles',
      headers: { host: 'admin.raffle.example.com' },
      requestContext: {
        apiId: 'admin-api',
        requestId: 'req-1',
        http: { method: 'GET', path: '/raffle/raffles' },
        ...(clientCertPem === undefined
          ? {}
          : {
              authentication: {
                clientCert: {
                  clientCertPem,
                  subjectDN: 'CN=x',
                  issuerDN: 'CN=y',
                  serialNumber: '01',
                  validity: { notBefore: '', notAfter: '' },
                },
              },
            }),
      },
    }) as unknown as APIGatewayProxyEventV2;
  const settings = { publicApiId: 'public-api', originSecret: 'secret' };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edge-eku-'));
    ca = createCa({ dir, commonName: 'Edge Test CA' });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['issued for client authentication (npm run certs)', 'client', true],
    ['for server authentication only', 'serverAuth', false],
    ['for server and client authentication', 'serverAuth, clientAuth', true],
    ['without an extended key usage (RFC 5280: any use)', undefined, true],
    ['for anyExtendedKeyUsage alone', 'anyExtendedKeyUsage', false],
    ['for code signing only', 'codeSigning', false],
  ])('a certificate %s: the edge decides as OpenSSL does for a TLS client', (_what, usage, admitted) => {
    const certPath =
      usage === 'client'
        ? issueClientCert({ ca, dir, name: 'client', commonName: 'raffle-admin' }).certPath
        : leaf(`leaf-${String(usage).replace(/\W+/g, '-')}`, usage);
    expect(opensslAdmitsAsClient(certPath)).toBe(admitted);
    expect(clientCertificateProblem(pemOf(certPath)) === undefined).toBe(admitted);
    expect(refusal(() => assertArrivedProperly(adminEvent(pemOf(certPath)), settings))).toBe(
      admitted ? undefined : 'certificate_not_for_clients',
    );
  });

  it('refuses a server-only certificate before the handler runs: 403, the error shape, the reason named', async () => {
    const serverOnly = issueServerCert({ ca, dir, name: 'server-only', commonName: 'raffle-admin' });
    let ran = false;
    const lines: string[] = [];
    const clock = { now: () => new Date('2026-06-01T12:00:00Z'), sleep: async () => undefined };
    const result = await handleRequest(
      { settings, clock, logger: jsonLogger((line) => lines.push(line), clock) },
      adminEvent(pemOf(serverOnly.certPath)),
      async () => {
        ran = true;
        return { result: { statusCode: 200 } };
      },
    );
    expect(ran).toBe(false);
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(String(result.body));
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
    expect(body.error.code).toBe('certificate_not_for_clients');
    expect(body.error.message).toContain(`(${CLIENT_AUTH_OID})`);
    expect(body.error.message).toContain('1.3.6.1.5.5.7.3.1');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', status: 403, code: 'certificate_not_for_clients' });
  });

  it('refuses a PEM that is no certificate; judges nothing without one (IAM, or a hand-made event without a PEM)', () => {
    const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    expect(refusal(() => assertArrivedProperly(adminEvent(garbage), settings))).toBe('certificate_not_for_clients');
    expect(clientCertificateProblem(garbage)).toMatch(/not a readable X\.509 certificate/);
    expect(refusal(() => assertArrivedProperly(adminEvent(), settings))).toBeUndefined();
    expect(refusal(() => assertArrivedProperly(adminEvent(''), settings))).toBeUndefined();
  });
});
