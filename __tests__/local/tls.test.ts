/**
 * GIVEN the local runtime's development PKI (local/tls.ts)
 * WHEN it is made, or found from an older version
 * THEN its CA may only vouch for this machine (localhost, 127.0.0.1, ::1) and lives a month: trusting it
 *      in a browser cannot let it vouch for any other website, and a copied CA is soon worthless.
 * And the admin door built on it trusts the truststore it is given (else the dev CA), and words why it
 * refused a handshake when a client certificate was judged (the end-to-end refusals:
 * __tests__/reliability/admin-door.e2e.test.ts).
 */
import { spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCa, issueServerCert, nameConstraintsOf } from '../../certs/pki';
import { DEV_CERT_DAYS, ensureDevCerts, handshakeRefusal, mutualTlsOptions } from '../../local/tls';

const DAY_MS = 24 * 3600 * 1000;
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-pki-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const verify = (caFile: string, certFile: string, purpose: string) =>
  spawnSync('openssl', ['verify', '-purpose', purpose, '-CAfile', caFile, certFile], { encoding: 'utf8' });
const lifetimeDays = (file: string) => {
  const cert = new X509Certificate(fs.readFileSync(file));
  return (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS;
};

test('the dev CA is name-constrained (critical) to localhost, 127.0.0.1 and ::1, and every dev certificate lives 30 days', () => {
  const certs = ensureDevCerts(dir);
  const constraints = nameConstraintsOf(certs.caPath) ?? '';
  expect(constraints).toMatch(/Name Constraints: critical/);
  expect(constraints.match(/(DNS|IP):\S+/g)?.sort()).toEqual(
    ['DNS:localhost', 'IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF', 'IP:127.0.0.1/255.255.255.255'].sort(),
  );
  for (const file of [certs.caPath, certs.serverCertPath, certs.clientCertPath]) expect(lifetimeDays(file)).toBeCloseTo(DEV_CERT_DAYS, 0);
  // Its own certificates pass: the server for this machine, the organiser's client certificate.
  expect(verify(certs.caPath, certs.serverCertPath, 'sslserver').status).toBe(0);
  expect(verify(certs.caPath, certs.clientCertPath, 'sslclient').status).toBe(0);
});

test('a certificate the dev CA signs for any other website fails verification', () => {
  const certs = ensureDevCerts(dir);
  const ca = { certPath: certs.caPath, keyPath: path.join(dir, 'ca-key.pem') };
  for (const [name, dnsNames, ipAddresses] of [
    ['bank', ['www.bank.example'], []],
    ['sneaky', ['localhost.evil.example'], []],
    ['lan', ['localhost'], ['192.168.1.10']],
  ] as const) {
    const forged = issueServerCert({ ca, dir, name, dnsNames: [...dnsNames], ipAddresses: [...ipAddresses] });
    const result = verify(certs.caPath, forged.certPath, 'sslserver');
    expect({ name, status: result.status }).toEqual({ name, status: 2 });
    expect(result.stdout + result.stderr).toMatch(/(permitted|excluded) subtree violation/);
  }
});

test('a dev CA from before the constraints is replaced, with new certificates, rather than kept for its ten years', () => {
  createCa({ dir, commonName: 'Old Raffle Dev CA', name: 'ca' });
  expect(nameConstraintsOf(path.join(dir, 'ca.pem'))).toBeUndefined();
  const certs = ensureDevCerts(dir);
  expect(certs.created).toBe(true);
  expect(nameConstraintsOf(certs.caPath)).toBeDefined();
  expect(verify(certs.caPath, certs.clientCertPath, 'sslclient').status).toBe(0);
  // And a constrained one is kept.
  expect(ensureDevCerts(dir).created).toBe(false);
});

test('the admin door trusts the truststore it is given, else the dev CA; a refused handshake is worded only when a certificate was judged', () => {
  const certs = ensureDevCerts(dir);
  expect(mutualTlsOptions(certs).ca.toString()).toBe(fs.readFileSync(certs.caPath, 'utf8'));
  const rotated = createCa({ dir: path.join(dir, 'rotated'), commonName: 'Rotated CA' });
  const bundle = fs.readFileSync(rotated.certPath, 'utf8');
  expect(mutualTlsOptions(certs, bundle)).toMatchObject({
    ca: Buffer.from(bundle),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });

  const failed = (code: string) => Object.assign(new Error(code), { code });
  expect(handshakeRefusal(failed('ECONNRESET'), { authorizationError: 'CERT_HAS_EXPIRED' })).toBe(
    'admin door: TLS handshake refused: the client certificate has expired (CERT_HAS_EXPIRED)',
  );
  expect(handshakeRefusal(failed('ECONNRESET'), { authorizationError: 'SOMETHING_NEW' })).toBe(
    'admin door: TLS handshake refused: the client certificate was refused (SOMETHING_NEW)',
  );
  expect(handshakeRefusal(failed('ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE'), { authorizationError: null })).toMatch(
    /no client certificate/,
  );
  // Plain HTTP to the HTTPS port, or a client that hung up: nothing about a certificate to say.
  expect(handshakeRefusal(failed('ERR_SSL_HTTP_REQUEST'), { authorizationError: null })).toBeUndefined();
  expect(handshakeRefusal(failed('ECONNRESET'), {})).toBeUndefined();
});
