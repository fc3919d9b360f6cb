/** The committed truststore is usable, and no private key material is tracked by git. */
import { execFileSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readPemCertificates } from '../../certs/make-certs';

const ROOT = path.resolve(__dirname, '../..');
const ROOT_CA = path.join(ROOT, 'certs', 'RootCA.pem');
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

describe('certs/RootCA.pem', () => {
  const pems = readPemCertificates(ROOT_CA);

  it('holds at least one certificate and nothing private', () => {
    expect(pems.length).toBeGreaterThanOrEqual(1);
    expect(fs.readFileSync(ROOT_CA, 'utf8')).not.toMatch(PRIVATE_KEY_PEM);
  });

  it.each(pems.map((pem, i) => [i, pem] as const))(
    'certificate %i is a self-signed CA, SHA-256, within its validity (for a year more)',
    (_i, pem) => {
      const x = new X509Certificate(pem);
      expect(x.ca).toBe(true);
      expect(x.verify(x.publicKey)).toBe(true);
      const oneYear = 365 * 86_400_000;
      expect(Date.parse(x.validFrom)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(x.validTo)).toBeGreaterThan(Date.now() + oneYear);
      const text = execFileSync('openssl', ['x509', '-noout', '-text'], { input: pem, encoding: 'utf8' });
      expect(text).toMatch(/Signature Algorithm: (ecdsa-with-SHA(256|384|512)|sha(256|384|512)WithRSAEncryption)/);
      // API Gateway mTLS: RSA >= 2048 bits or ECDSA >= 256 bits.
      const details = x.publicKey.asymmetricKeyDetails ?? {};
      if (x.publicKey.asymmetricKeyType === 'rsa') expect(details.modulusLength).toBeGreaterThanOrEqual(2048);
      else expect(details.namedCurve).toMatch(/^(prime256v1|secp384r1|secp521r1)$/);
    },
  );
});

describe('git', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);

  it('tracks no file named like a key or key bundle', () => {
    expect(tracked.filter((file) => /(-key\.pem|\.key|\.p12|\.pfx)$/i.test(file))).toEqual([]);
  });

  it('tracks no file containing a PEM private key', () => {
    const offenders = tracked.filter((file) => {
      const full = path.join(ROOT, file);
      return fs.existsSync(full) && fs.statSync(full).isFile() && PRIVATE_KEY_PEM.test(fs.readFileSync(full, 'latin1'));
    });
    expect(offenders).toEqual([]);
  });

  it('ignores key files wherever they are', () => {
    for (const file of ['certs/ca-key.pem', 'x/server.key', '.local/certs/prod/admin.p12']) {
      expect(() => execFileSync('git', ['check-ignore', '-q', file], { cwd: ROOT })).not.toThrow();
    }
  });
});
