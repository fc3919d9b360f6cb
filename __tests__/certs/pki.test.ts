import { execFileSync, spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import { AddressInfo } from 'net';
import {
  assertOpensslAvailable,
  createCa,
  issueClientCert,
  issueServerCert,
  DEFAULT_P12_PASSWORD,
  type CertificateFiles,
  type ClientCertificateFiles,
} from '../../certs/pki';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let dir: string;
let ca: CertificateFiles;
let otherCa: CertificateFiles;
let server: CertificateFiles;
let client: ClientCertificateFiles;
let strangerClient: ClientCertificateFiles;

const cert = (files: CertificateFiles) => new X509Certificate(fs.readFileSync(files.certPath));
const verify = (caFile: string, certFile: string, purpose?: string) =>
  spawnSync('openssl', ['verify', ...(purpose ? ['-purpose', purpose] : []), '-CAfile', caFile, certFile], { encoding: 'utf8' });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pki-test-'));
  ca = createCa({ dir, commonName: 'Test CA' });
  otherCa = createCa({ dir, name: 'other-ca', commonName: 'Other CA' });
  server = issueServerCert({ ca, dir, name: 'server' });
  client = issueClientCert({ ca, dir, name: 'client', commonName: 'raffle-admin' });
  strangerClient = issueClientCert({ ca: otherCa, dir, name: 'stranger', commonName: 'stranger', p12Password: 'another-secret' });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createCa', () => {
  it('makes a self-signed CA certificate for signing certificates only', () => {
    const x = cert(ca);
    expect(x.ca).toBe(true);
    expect(x.subject).toBe('CN=Test CA');
    expect(x.verify(x.publicKey)).toBe(true);
    const text = execFileSync('openssl', ['x509', '-in', ca.certPath, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
  });

  it('is valid for the requested number of days (ten years by default)', () => {
    const x = cert(ca);
    const days = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
    expect(days).toBe(3650);
  });

  it('makes RSA 2048 keys on request', () => {
    const rsa = createCa({ dir, name: 'rsa-ca', commonName: 'RSA CA', keyAlgorithm: 'rsa-2048', days: 30 });
    const details = cert(rsa).publicKey.asymmetricKeyDetails;
    expect(details?.modulusLength).toBe(2048);
    expect(execFileSync('openssl', ['x509', '-in', rsa.certPath, '-noout', '-text'], { encoding: 'utf8' })).toContain(
      'sha256WithRSAEncryption',
    );
  });

  it('refuses values that would break the openssl config, naming the field, before touching any file', () => {
    const keyBefore = fs.readFileSync(ca.keyPath, 'utf8');
    expect(() => createCa({ dir, commonName: 'evil\n[v3_ca]' })).toThrow(/invalid commonName/);
    expect(() => createCa({ dir, commonName: 'x', days: 1.5 })).toThrow(/invalid days/);
    expect(() => createCa({ dir, name: '../escape', commonName: 'x' })).toThrow(/invalid file name stem/);
    expect(fs.readFileSync(ca.keyPath, 'utf8')).toBe(keyBefore);
  });
});

describe('issued certificates', () => {
  it('verify against their CA, for their purpose only', () => {
    expect(verify(ca.certPath, server.certPath, 'sslserver').status).toBe(0);
    expect(verify(ca.certPath, client.certPath, 'sslclient').status).toBe(0);
    expect(verify(ca.certPath, server.certPath, 'sslclient').status).not.toBe(0);
    expect(verify(ca.certPath, client.certPath, 'sslserver').status).not.toBe(0);
  });

  it('are rejected by a different CA', () => {
    const result = verify(otherCa.certPath, client.certPath);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/unable to get local issuer certificate/);
    expect(cert(client).verify(cert(otherCa).publicKey)).toBe(false);
    expect(cert(client).verify(cert(ca).publicKey)).toBe(true);
  });

  it('are leaves with the right extended key usage', () => {
    expect(cert(server).ca).toBe(false);
    expect(cert(client).ca).toBe(false);
    expect(cert(server).keyUsage).toEqual([SERVER_AUTH]);
    expect(cert(client).keyUsage).toEqual([CLIENT_AUTH]);
    expect(cert(client).subject).toBe('CN=raffle-admin');
  });

  it('name localhost, 127.0.0.1 and ::1 on the server certificate by default', () => {
    const x = cert(server);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x.checkIP('::1')).toBe('::1');
    expect(x.checkHost('example.com')).toBeUndefined();
  });

  it('take custom SANs and are valid for 397 days by default', () => {
    const custom = issueServerCert({ ca, dir, name: 'custom', dnsNames: ['admin.example.com'], ipAddresses: [] });
    expect(cert(custom).checkHost('admin.example.com')).toBe('admin.example.com');
    expect(cert(custom).checkIP('127.0.0.1')).toBeUndefined();
    expect((Date.parse(cert(custom).validTo) - Date.parse(cert(custom).validFrom)) / 86_400_000).toBe(397);
    expect(() => issueServerCert({ ca, dir, name: 'none', dnsNames: [], ipAddresses: [] })).toThrow(/at least one/);
  });

  it('have unique serial numbers', () => {
    expect(new Set([ca, otherCa, server, client].map((f) => cert(f).serialNumber)).size).toBe(4);
  });
});

describe('a validity window instead of days', () => {
  const DAY = 86_400_000;
  // Dates far from today: what OpenSSL decides about them cannot depend on when or how fast this runs.
  const now = Date.now();
  const window = (fromDays: number, toDays: number) => ({
    notBefore: new Date(now + fromDays * DAY),
    notAfter: new Date(now + toDays * DAY),
  });
  /** `openssl verify` of a client certificate against the CA, at a time (seconds since the epoch) or ignoring time. */
  const verifyAt = (certFile: string, at: Date | 'any time') => {
    const time = at === 'any time' ? ['-no_check_time'] : ['-attime', String(Math.floor(at.getTime() / 1000))];
    const result = spawnSync('openssl', ['verify', '-purpose', 'sslclient', ...time, '-CAfile', ca.certPath, certFile], {
      encoding: 'utf8',
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it('issues a certificate with exactly those dates (whole seconds), signed by the CA, for its purpose', () => {
    const validity = { notBefore: new Date('2024-01-01T00:00:00.900Z'), notAfter: new Date('2024-02-01T12:30:45Z') };
    const expired = issueClientCert({ ca, dir, name: 'dated', commonName: 'raffle-admin', validity });
    const x = cert(expired);
    expect(new Date(x.validFrom).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(x.validTo).toISOString()).toBe('2024-02-01T12:30:45.000Z');
    expect(x.verify(cert(ca).publicKey)).toBe(true);
    expect(x.keyUsage).toEqual([CLIENT_AUTH]);
    expect(x.subject).toBe('CN=raffle-admin');
    expect(fs.statSync(expired.keyPath).mode & 0o777).toBe(0o600);
  });

  it('makes one that has expired, and one not valid yet: OpenSSL refuses each now for its dates, and for nothing else', () => {
    const expired = issueClientCert({ ca, dir, name: 'expired', commonName: 'raffle-admin', validity: window(-60, -30) });
    const early = issueClientCert({ ca, dir, name: 'early', commonName: 'raffle-admin', validity: window(30, 60) });
    const serverOnly = issueServerCert({ ca, dir, name: 'server-dated', validity: window(-1, 30) });
    // Checked at the time of the check, not at `now`: the CA was made after `now` (a busy machine may take
    // seconds), and before its own notBefore OpenSSL refuses the CA first.
    expect(verifyAt(expired.certPath, new Date()).output).toMatch(/certificate has expired/);
    expect(verifyAt(early.certPath, new Date()).output).toMatch(/certificate is not yet valid/);
    // Nothing else is wrong with them: within their window (or with time not checked) they verify.
    expect(verifyAt(early.certPath, new Date(now + 45 * DAY)).status).toBe(0);
    expect(verifyAt(expired.certPath, 'any time').status).toBe(0);
    expect(cert(serverOnly).keyUsage).toEqual([SERVER_AUTH]);
  });

  it('refuses a window that ends before it starts, an invalid date, or days as well, before writing any file', () => {
    const refused = (name: string, options: object) => {
      expect(() => issueClientCert({ ca, dir, name, commonName: 'x', ...options })).toThrow();
      expect(fs.existsSync(path.join(dir, `${name}-key.pem`))).toBe(false);
    };
    refused('backwards', { validity: window(2, 1) });
    refused('invalid-date', { validity: { notBefore: new Date(Number.NaN), notAfter: new Date(now) } });
    refused('both', { days: 30, validity: window(0, 1) });
    expect(() => issueClientCert({ ca, dir, name: 'backwards', commonName: 'x', validity: window(2, 1) })).toThrow(
      /notBefore must be before notAfter/,
    );
  });
});

describe('secrets on disk', () => {
  it('writes private keys and .p12 bundles readable by the owner only (0600)', () => {
    for (const file of [ca.keyPath, server.keyPath, client.keyPath, client.p12Path]) {
      expect({ file, mode: fs.statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
    expect(fs.statSync(ca.certPath).mode & 0o077).not.toBe(0); // certificates are public
  });

  it('names keys *-key.pem, which .gitignore keeps out of git', () => {
    expect(path.basename(client.keyPath)).toBe('client-key.pem');
    expect(spawnSync('git', ['check-ignore', '-q', 'certs/any-key.pem'], { cwd: path.resolve(__dirname, '../..') }).status).toBe(0);
  });

  it('bundles the client certificate, its key and the CA in a .p12 opened by its password only', () => {
    expect(client.p12Password).toBe(DEFAULT_P12_PASSWORD);
    const open = (file: string, password: string) =>
      spawnSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${password}`, '-nodes'], { encoding: 'utf8' });
    const opened = open(client.p12Path, 'raffle');
    expect(opened.status).toBe(0);
    expect(opened.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(opened.stdout).toMatch(/BEGIN PRIVATE KEY/);
    expect(opened.stdout).toContain('friendlyName: raffle-admin');
    expect(open(client.p12Path, 'wrong').status).not.toBe(0);
    expect(open(strangerClient.p12Path, 'another-secret').status).toBe(0);
  });
});

describe('mutual TLS with the issued files', () => {
  function handshake(clientFiles: CertificateFiles): Promise<{ authorized: boolean; error?: string }> {
    const read = (file: string) => fs.readFileSync(file);
    return new Promise((resolve) => {
      const srv = tls.createServer(
        { key: read(server.keyPath), cert: read(server.certPath), ca: read(ca.certPath), requestCert: true, rejectUnauthorized: true },
        (socket) => {
          socket.end('hello');
        },
      );
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        const socket = tls.connect({
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          ca: read(ca.certPath),
          key: read(clientFiles.keyPath),
          cert: read(clientFiles.certPath),
        });
        let data = '';
        socket.on('data', (chunk) => (data += chunk));
        const done = (result: { authorized: boolean; error?: string }) => {
          socket.destroy();
          srv.close();
          resolve(result);
        };
        socket.on('end', () => done({ authorized: data === 'hello' }));
        socket.on('error', (err) => done({ authorized: false, error: err.message }));
      });
    });
  }

  it('accepts the CA client certificate and refuses one from another CA', async () => {
    expect(await handshake(client)).toEqual({ authorized: true });
    const refused = await handshake(strangerClient);
    expect(refused.authorized).toBe(false);
  });
});

describe('assertOpensslAvailable', () => {
  it('passes when openssl is on PATH', () => {
    expect(() => assertOpensslAvailable()).not.toThrow();
  });

  it('makes `npm run certs` fail with one actionable line when openssl is not on PATH', () => {
    // A child process: jest sandboxes process.env, so PATH cannot be changed for child_process in-process.
    const root = path.resolve(__dirname, '../..');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'no-openssl-'));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'certs/make-certs.ts', '--out', out, '--root-ca', path.join(out, 'root.pem')],
      {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: path.join(out, 'empty-bin'), HOME: os.tmpdir() },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^certs: openssl not found on PATH: install OpenSSL 3 .*apt-get install openssl[^\n]*$/);
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
