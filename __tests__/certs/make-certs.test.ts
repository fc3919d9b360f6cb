import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeCerts, optionsFromArgv, readPemCertificates, summary, truststoreWith } from '../../certs/make-certs';

const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
let tmp: string;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'make-certs-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('makeCerts', () => {
  it('GIVEN an empty folder WHEN run THEN the truststore holds only the CA public certificate', () => {
    const rootCaPath = path.join(tmp, 'RootCA.pem');
    const result = makeCerts({ outDir: path.join(tmp, 'out'), rootCaPath, p12Password: 'test-pass' });

    const truststore = fs.readFileSync(rootCaPath, 'utf8');
    expect(truststore).not.toMatch(PRIVATE_KEY_PEM);
    expect(truststore.trim()).toBe(fs.readFileSync(result.ca.certPath, 'utf8').trim());
    expect(new X509Certificate(truststore).ca).toBe(true);
    expect(result.trustedCaCount).toBe(1);

    const admin = new X509Certificate(fs.readFileSync(result.client.certPath));
    expect(admin.subject).toBe('CN=raffle-admin');
    expect(admin.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(admin.verify(new X509Certificate(truststore).publicKey)).toBe(true);
    expect(fs.readdirSync(path.join(tmp, 'out')).sort()).toEqual(['admin-key.pem', 'admin.p12', 'admin.pem', 'ca-key.pem', 'ca.pem']);
  });

  it('refuses to replace an existing CA key without --force', () => {
    const options = { outDir: path.join(tmp, 'out'), rootCaPath: path.join(tmp, 'RootCA.pem'), p12Password: 'test-pass' };
    const first = makeCerts(options);
    const firstKey = fs.readFileSync(first.ca.keyPath, 'utf8');
    expect(() => makeCerts(options)).toThrow(/ca-key\.pem already exists: pass --force/);
    expect(fs.readFileSync(first.ca.keyPath, 'utf8')).toBe(firstKey);
    makeCerts({ ...options, force: true });
    expect(fs.readFileSync(first.ca.keyPath, 'utf8')).not.toBe(firstKey);
  });

  it('appends a rotated CA after the old one, and replaces the file without --append', () => {
    const rootCaPath = path.join(tmp, 'RootCA.pem');
    const old = makeCerts({ outDir: path.join(tmp, 'old'), rootCaPath, p12Password: 'test-pass' });
    const rotated = makeCerts({ outDir: path.join(tmp, 'new'), rootCaPath, append: true, p12Password: 'test-pass' });
    const fingerprints = readPemCertificates(rootCaPath).map((pem) => new X509Certificate(pem).fingerprint256);
    const fingerprintOf = (file: string) => new X509Certificate(fs.readFileSync(file)).fingerprint256;
    expect(rotated.trustedCaCount).toBe(2);
    expect(fingerprints).toEqual([fingerprintOf(old.ca.certPath), fingerprintOf(rotated.ca.certPath)]);

    const replaced = makeCerts({ outDir: path.join(tmp, 'third'), rootCaPath, p12Password: 'test-pass' });
    expect(replaced.trustedCaCount).toBe(1);
    expect(readPemCertificates(rootCaPath)).toHaveLength(1);
  });

  it('prints where the private keys are and that they never go into git or Terraform state', () => {
    const result = makeCerts({ outDir: path.join(tmp, 'out'), rootCaPath: path.join(tmp, 'RootCA.pem'), p12Password: 'test-pass' });
    const text = summary(result);
    expect(text).toContain(result.ca.keyPath);
    expect(text).toContain(result.client.keyPath);
    expect(text).toContain(result.client.p12Path);
    expect(text).toMatch(/NEVER go into git or into Terraform state/);
  });

  it('takes the .p12 password from RAFFLE_P12_PASSWORD, else generates a fresh one', () => {
    const saved = process.env.RAFFLE_P12_PASSWORD;
    try {
      process.env.RAFFLE_P12_PASSWORD = 'from-env';
      expect(makeCerts({ outDir: path.join(tmp, 'a'), rootCaPath: path.join(tmp, 'r.pem') }).client.p12Password).toBe('from-env');
      delete process.env.RAFFLE_P12_PASSWORD;
      const generated = makeCerts({ outDir: path.join(tmp, 'b'), rootCaPath: path.join(tmp, 'r.pem') }).client.p12Password;
      expect(generated).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(generated).not.toBe('raffle');
    } finally {
      if (saved === undefined) delete process.env.RAFFLE_P12_PASSWORD;
      else process.env.RAFFLE_P12_PASSWORD = saved;
    }
  });
});

describe('truststoreWith', () => {
  it('never lists the same certificate twice', () => {
    const result = makeCerts({ outDir: path.join(tmp, 'out'), rootCaPath: path.join(tmp, 'RootCA.pem'), p12Password: 'test-pass' });
    const pem = fs.readFileSync(result.ca.certPath, 'utf8');
    expect(truststoreWith([pem], pem)).toHaveLength(1);
  });
});

describe('optionsFromArgv', () => {
  it('maps the flags', () => {
    expect(optionsFromArgv(['--out', 'x', '--root-ca', 'y.pem', '--append', '--ca-days', '30', '--client-cn', 'ops'])).toMatchObject({
      outDir: 'x',
      rootCaPath: 'y.pem',
      append: true,
      caDays: 30,
      clientCommonName: 'ops',
    });
  });

  it('rejects unknown flags and non-numeric days', () => {
    expect(() => optionsFromArgv(['--outt', 'x'])).toThrow(/outt/);
    expect(() => optionsFromArgv(['--ca-days', 'ten'])).toThrow(/--ca-days must be a whole number/);
  });
});
