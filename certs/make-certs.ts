/**
 * `npm run certs`: makes the CA that guards the admin API (mutual TLS) and one admin client certificate.
 *
 *   npm run certs                                   # CA + admin cert in .local/certs/prod, CA cert -> certs/RootCA.pem
 *   npm run certs -- --out <dir> --root-ca <file>   # elsewhere
 *   npm run certs -- --out .local/certs/prod-2027 --append   # rotation: add a new CA next to the old one
 *
 * Only the CA's PUBLIC certificate is copied to RootCA.pem. The stack uploads that file to the truststore
 * bucket; `truststore_version` changes with it, so `cdktf deploy` makes API Gateway pick up a rotated CA.
 * The private keys and the .p12 stay in the output folder (gitignored `.local/` by default): they must
 * never go into git, nor into Terraform state (nothing in the stack reads them).
 *
 * Rotation: run with a new `--out` and `--append`, deploy (both CAs are trusted), hand out client
 * certificates of the new CA, then delete the old CA's block from RootCA.pem and deploy again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { randomBytes, X509Certificate } from 'crypto';
import { parseArgs } from 'util';
import { createCa, issueClientCert, DEFAULT_CA_DAYS, DEFAULT_LEAF_DAYS, type CertificateFiles, type ClientCertificateFiles } from './pki';

export interface MakeCertsOptions {
  /** Folder for the CA and client files, private keys included. @default '.local/certs/prod' */
  readonly outDir?: string;
  /** Where the CA's public certificate is copied: the truststore the stack uploads. @default 'certs/RootCA.pem' */
  readonly rootCaPath?: string;
  /** Keep the certificates already in `rootCaPath` and add the new CA after them (rotation). @default false */
  readonly append?: boolean;
  /** Replace a CA key already in `outDir` (the client certificates it signed stop being renewable). @default false */
  readonly force?: boolean;
  /** @default 'Raffle Admin CA' */
  readonly caCommonName?: string;
  /** @default 'raffle-admin' */
  readonly clientCommonName?: string;
  /** CA validity in days. @default 3650 */
  readonly caDays?: number;
  /** Client certificate validity in days. @default 397 */
  readonly clientDays?: number;
  /** Password of the client .p12. @default $RAFFLE_P12_PASSWORD, else a random one (printed once) */
  readonly p12Password?: string;
}

export interface MakeCertsResult {
  readonly ca: CertificateFiles;
  readonly client: ClientCertificateFiles;
  readonly rootCaPath: string;
  /** Number of CA certificates now in `rootCaPath`. */
  readonly trustedCaCount: number;
}

export const DEFAULT_OUT_DIR = path.join('.local', 'certs', 'prod');
export const DEFAULT_ROOT_CA_PATH = path.join('certs', 'RootCA.pem');

export function makeCerts(options: MakeCertsOptions = {}): MakeCertsResult {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const rootCaPath = options.rootCaPath ?? DEFAULT_ROOT_CA_PATH;
  const existingKey = path.join(outDir, 'ca-key.pem');
  if (fs.existsSync(existingKey) && !options.force) {
    throw new Error(`${existingKey} already exists: pass --force to replace that CA, or a new --out folder to rotate`);
  }
  const ca = createCa({
    dir: outDir,
    name: 'ca',
    commonName: options.caCommonName ?? 'Raffle Admin CA',
    days: options.caDays ?? DEFAULT_CA_DAYS,
  });
  const client = issueClientCert({
    ca,
    dir: outDir,
    name: 'admin',
    commonName: options.clientCommonName ?? 'raffle-admin',
    days: options.clientDays ?? DEFAULT_LEAF_DAYS,
    p12Password: options.p12Password ?? process.env.RAFFLE_P12_PASSWORD ?? randomBytes(12).toString('base64url'),
  });
  const trusted = truststoreWith(options.append ? readPemCertificates(rootCaPath) : [], fs.readFileSync(ca.certPath, 'utf8'));
  fs.mkdirSync(path.dirname(path.resolve(rootCaPath)), { recursive: true });
  fs.writeFileSync(rootCaPath, trusted.join(''));
  return { ca, client, rootCaPath, trustedCaCount: trusted.length };
}

/** The PEM certificate blocks of a file, each ending in a newline; none if the file does not exist. */
export function readPemCertificates(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const blocks = fs.readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => `${block}\n`);
}

/** The truststore content: the kept certificates plus the new one, never the same certificate twice. */
export function truststoreWith(kept: readonly string[], added: string): string[] {
  const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;
  const addedPrint = fingerprint(added);
  return [...kept.filter((pem) => fingerprint(pem) !== addedPrint), added.endsWith('\n') ? added : `${added}\n`];
}

export function summary(result: MakeCertsResult): string {
  const { ca, client } = result;
  return [
    `Truststore (public CA certificate${result.trustedCaCount > 1 ? 's' : ''}, ${result.trustedCaCount}): ${result.rootCaPath}`,
    '  -> commit it; `cdktf deploy` uploads it and bumps truststore_version.',
    `CA certificate:        ${ca.certPath}`,
    `CA PRIVATE KEY:        ${ca.keyPath}`,
    `Admin certificate:     ${client.certPath}`,
    `Admin PRIVATE KEY:     ${client.keyPath}`,
    `Admin bundle (.p12):   ${client.p12Path}   password: ${client.p12Password}`,
    '',
    'The private keys and the .p12 must NEVER go into git or into Terraform state: the stack only ever reads',
    'RootCA.pem. Keep the CA key offline (a password manager or vault); it is only needed to issue more client',
    'certificates. Import the .p12 into your browser (Settings > Certificates > Import) to open the admin page.',
    `curl: curl --cert ${client.certPath} --key ${client.keyPath} -X POST https://<admin host>/raffle/draw`,
  ].join('\n');
}

export function optionsFromArgv(argv: readonly string[]): MakeCertsOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      out: { type: 'string' },
      'root-ca': { type: 'string' },
      append: { type: 'boolean' },
      force: { type: 'boolean' },
      'ca-cn': { type: 'string' },
      'client-cn': { type: 'string' },
      'ca-days': { type: 'string' },
      'client-days': { type: 'string' },
    },
    strict: true,
  });
  const days = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${flag} must be a whole number of days, got ${JSON.stringify(value)}`);
    return Number(value);
  };
  return {
    outDir: values.out,
    rootCaPath: values['root-ca'],
    append: values.append,
    force: values.force,
    caCommonName: values['ca-cn'],
    clientCommonName: values['client-cn'],
    caDays: days(values['ca-days'], 'ca-days'),
    clientDays: days(values['client-days'], 'client-days'),
  };
}

if (require.main === module) {
  try {
    console.log(summary(makeCerts(optionsFromArgv(process.argv.slice(2)))));
  } catch (err) {
    console.error(`certs: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
