/**
 * Throwaway certificates for tests, made with openssl in a temporary folder (keys never leave it).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TestCert {
  readonly certPath: string;
  readonly pem: string;
}

/** A self-signed certificate; `ca` sets basicConstraints CA:TRUE (critical) or CA:FALSE. Subject defaults to /CN=<name>. */
export function makeSelfSigned(
  dir: string,
  name: string,
  opts: { ca: boolean; days?: number; subject?: string; serial?: string },
): TestCert {
  const keyPath = path.join(dir, `${name}-key.pem`);
  const certPath = path.join(dir, `${name}.pem`);
  const ext = opts.ca
    ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n'
    : 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n';
  const extPath = path.join(dir, `${name}.ext`);
  fs.writeFileSync(extPath, `[v3]\n${ext}`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      String(opts.days ?? 30),
      '-subj',
      opts.subject ?? `/CN=${name}`,
      ...(opts.serial ? ['-set_serial', opts.serial] : []),
      '-config',
      extPath,
      '-extensions',
      'v3',
    ],
    { stdio: 'pipe' },
  );
  return { certPath, pem: fs.readFileSync(certPath, 'utf8') };
}

export function tmpDir(prefix = 'raffle-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
