/**
 * A tiny PKI made with the openssl CLI: a root CA, server certificates and client certificates
 * (with a PKCS#12 bundle for browsers). Used by `npm run certs` (the CA whose public half becomes the
 * API Gateway mTLS truststore) and by the local runtime (its dev CA, localhost server certificate and
 * admin client certificate).
 *
 * Why openssl and not node:crypto: node can make keys but cannot issue X.509 certificates.
 * Every call writes its own temporary openssl config, so nothing depends on /etc/ssl/openssl.cnf.
 * Private keys and .p12 bundles are written with mode 0600 and are named `*-key.pem` / `*.p12`, which
 * .gitignore keeps out of git (`*-key.pem`). They must never be committed nor put into Terraform state.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** Key algorithm: EC P-256 and RSA 2048 both satisfy API Gateway mTLS (RSA >= 2048 or ECDSA >= 256). */
export type KeyAlgorithm = 'ec-p256' | 'rsa-2048';

/** A certificate and its private key, as PEM files. */
export interface CertificateFiles {
  readonly certPath: string;
  readonly keyPath: string;
}

/** A client certificate, plus the PKCS#12 bundle to import into a browser or keychain. */
export interface ClientCertificateFiles extends CertificateFiles {
  readonly p12Path: string;
  /** The password protecting `p12Path` (the browser asks for it on import). */
  readonly p12Password: string;
}

export interface CreateCaOptions {
  /** Folder the files are written to; created if missing. */
  readonly dir: string;
  /** Subject CN of the CA, e.g. "Raffle Admin CA". */
  readonly commonName: string;
  /** File name stem: writes `<name>.pem` and `<name>-key.pem`. @default 'ca' */
  readonly name?: string;
  /** Validity in days. @default 3650 (ten years) */
  readonly days?: number;
  /** @default 'ec-p256' */
  readonly keyAlgorithm?: KeyAlgorithm;
  /**
   * The only names the CA may vouch for (X.509 name constraints, critical): a development CA that a
   * browser trusts must not be able to vouch for any other website. @default none: unconstrained
   */
  readonly permittedNames?: { readonly dns: readonly string[]; readonly ip: readonly string[] };
}

/** An IP name constraint: the address with an all-ones mask (one address). */
function ipConstraint(ip: string): string {
  return ip.includes(':') ? `${ip}/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff` : `${ip}/255.255.255.255`;
}

interface LeafOptions {
  /** The issuing CA (its key is needed to sign). */
  readonly ca: CertificateFiles;
  /** Folder the files are written to; created if missing. */
  readonly dir: string;
  /** File name stem: writes `<name>.pem` and `<name>-key.pem`. */
  readonly name: string;
  /**
   * Validity in days. @default 397 (browsers reject TLS server certificates valid for longer than
   * 398 days; the same limit keeps client certificates short-lived)
   */
  readonly days?: number;
  /** @default 'ec-p256' */
  readonly keyAlgorithm?: KeyAlgorithm;
  /**
   * The validity window, instead of `days` from now: a certificate that has already expired, or is not
   * valid yet, is made by issuing it with those dates (the admin door's tests), never by waiting.
   * @default from now, for `days`
   */
  readonly validity?: Validity;
}

/** A certificate's notBefore and notAfter. */
export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface IssueServerCertOptions extends LeafOptions {
  /** DNS subject alternative names. @default ['localhost'] */
  readonly dnsNames?: readonly string[];
  /** IP subject alternative names. @default ['127.0.0.1', '::1'] */
  readonly ipAddresses?: readonly string[];
  /** Subject CN. @default the first DNS name */
  readonly commonName?: string;
}

export interface IssueClientCertOptions extends LeafOptions {
  /** Subject CN, e.g. "raffle-admin". */
  readonly commonName: string;
  /**
   * Password of the `.p12` bundle. @default DEFAULT_P12_PASSWORD ('raffle'): fine for a local dev
   * certificate only; `npm run certs` asks for a real one for production.
   */
  readonly p12Password?: string;
}

/** Password of the PKCS#12 bundle when none is given. Local development only. */
export const DEFAULT_P12_PASSWORD = 'raffle';
export const DEFAULT_CA_DAYS = 3650;
export const DEFAULT_LEAF_DAYS = 397;

/** Throws a one-line, actionable error unless the openssl CLI can be run. */
export function assertOpensslAvailable(): void {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : 'failed to run';
    throw new Error(
      `openssl ${reason}: install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl; macOS: brew install openssl@3) and retry`,
      { cause: err },
    );
  }
}

/** Creates a self-signed root CA (CA:TRUE, pathlen 0, keyCertSign + cRLSign, SHA-256). */
/** The certificate's X.509 name constraints as openssl prints them, or undefined when it has none. */
export function nameConstraintsOf(certPath: string): string | undefined {
  const text = openssl(['x509', '-in', certPath, '-noout', '-ext', 'nameConstraints']).toString();
  return /Name Constraints/.test(text) ? text : undefined;
}

export function createCa(options: CreateCaOptions): CertificateFiles {
  const name = options.name ?? 'ca';
  const days = validDays(options.days ?? DEFAULT_CA_DAYS, 'days');
  // Everything is validated before the first file is written, so a bad call never clobbers a key.
  const configLines = [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    'x509_extensions = v3_ca',
    '[dn]',
    `CN = ${configValue(options.commonName, 'commonName')}`,
    '[v3_ca]',
    // pathlen:0: this CA signs leaf certificates only, so a stolen leaf can never act as a CA.
    'basicConstraints = critical, CA:TRUE, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
    ...(options.permittedNames
      ? [
          `nameConstraints = critical, ${[
            ...options.permittedNames.dns.map((d) => `permitted;DNS:${configValue(d, 'permittedNames.dns')}`),
            ...options.permittedNames.ip.map((ip) => `permitted;IP:${ipConstraint(configValue(ip, 'permittedNames.ip'))}`),
          ].join(', ')}`,
        ]
      : []),
  ];
  const files = filesFor(options.dir, name);
  assertOpensslAvailable();
  writePrivateKey(files.keyPath, options.keyAlgorithm ?? 'ec-p256');
  withConfig(configLines, (config) =>
    openssl([
      'req',
      '-x509',
      '-new',
      '-config',
      config,
      '-key',
      files.keyPath,
      '-sha256',
      '-days',
      String(days),
      '-set_serial',
      serialNumber(),
      '-out',
      files.certPath,
    ]),
  );
  return files;
}

/** Issues a TLS server certificate (serverAuth) for the given host names and IP addresses. */
export function issueServerCert(options: IssueServerCertOptions): CertificateFiles {
  const dnsNames = options.dnsNames ?? ['localhost'];
  const ipAddresses = options.ipAddresses ?? ['127.0.0.1', '::1'];
  if (dnsNames.length + ipAddresses.length === 0) {
    throw new Error('issueServerCert: give at least one of dnsNames or ipAddresses (browsers ignore the CN)');
  }
  const san = [
    ...dnsNames.map((dns, i) => `DNS.${i + 1} = ${configValue(dns, 'dnsNames')}`),
    ...ipAddresses.map((ip, i) => `IP.${i + 1} = ${configValue(ip, 'ipAddresses')}`),
  ];
  return issueLeaf(options, options.commonName ?? dnsNames[0] ?? ipAddresses[0], 'serverAuth', san);
}

/** Issues a TLS client certificate (clientAuth) and a password-protected `.p12` bundle of it. */
export function issueClientCert(options: IssueClientCertOptions): ClientCertificateFiles {
  const p12Password = options.p12Password ?? DEFAULT_P12_PASSWORD;
  if (p12Password.length < 4) throw new Error('issueClientCert: p12Password must be at least 4 characters (openssl refuses shorter ones)');
  const files = issueLeaf(options, options.commonName, 'clientAuth', []);
  const p12Path = path.join(options.dir, `${options.name}.p12`);
  const bundle = openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      files.certPath,
      '-inkey',
      files.keyPath,
      '-certfile',
      options.ca.certPath,
      '-name',
      options.commonName,
      '-passout',
      'env:RAFFLE_P12_PASSWORD',
    ],
    // The password goes through the environment, not argv, so `ps` never shows it.
    { RAFFLE_P12_PASSWORD: p12Password },
  );
  writeSecret(p12Path, bundle);
  return { ...files, p12Path, p12Password };
}

function issueLeaf(
  options: LeafOptions,
  commonName: string,
  extendedKeyUsage: 'serverAuth' | 'clientAuth',
  san: readonly string[],
): CertificateFiles {
  if (options.validity && options.days !== undefined) throw new Error('give days or validity, not both');
  const days = validDays(options.days ?? DEFAULT_LEAF_DAYS, 'days');
  const validity = options.validity && validWindow(options.validity);
  const keyAlgorithm = options.keyAlgorithm ?? 'ec-p256';
  // RSA TLS server keys may also be used for key transport; EC keys only sign.
  const keyUsage =
    keyAlgorithm === 'rsa-2048' && extendedKeyUsage === 'serverAuth' ? 'digitalSignature, keyEncipherment' : 'digitalSignature';
  const configLines = [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    '[dn]',
    `CN = ${configValue(commonName, 'commonName')}`,
    '[v3_leaf]',
    'basicConstraints = critical, CA:FALSE',
    `keyUsage = critical, ${keyUsage}`,
    `extendedKeyUsage = ${extendedKeyUsage}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    ...(san.length > 0 ? ['subjectAltName = @alt_names', '[alt_names]', ...san] : []),
    // `openssl ca` (the only command of OpenSSL 3.0 that takes explicit dates), for a validity window:
    // its database lives, and dies, in the temporary folder it runs in.
    ...(validity
      ? [
          `[${DATED_CA_SECTION}]`,
          ...['database = index.txt', 'new_certs_dir = .', 'serial = serial', 'default_md = sha256', 'policy = any_name'],
          ...['unique_subject = no', 'email_in_dn = no', '[any_name]', 'commonName = supplied'],
        ]
      : []),
  ];
  const files = filesFor(options.dir, options.name);
  assertOpensslAvailable();
  writePrivateKey(files.keyPath, keyAlgorithm);
  withConfig(configLines, (config) => {
    const csr = openssl(['req', '-new', '-config', config, '-key', files.keyPath]);
    if (validity) {
      signWithDates(options.ca, config, csr, files.certPath, validity);
      return;
    }
    openssl(
      [
        'x509',
        '-req',
        '-CA',
        options.ca.certPath,
        '-CAkey',
        options.ca.keyPath,
        '-set_serial',
        serialNumber(),
        '-sha256',
        '-days',
        String(days),
        '-extfile',
        config,
        '-extensions',
        'v3_leaf',
        '-out',
        files.certPath,
      ],
      {},
      csr,
    );
  });
  return files;
}

/** The section of a leaf's config that `openssl ca` reads. */
const DATED_CA_SECTION = 'dated_ca';

/** Signs `csr` with `ca` for exactly `validity`, with `openssl ca` run in the config's (temporary) folder. */
function signWithDates(ca: CertificateFiles, config: string, csr: Buffer, certPath: string, validity: Validity): void {
  const work = path.dirname(config);
  fs.writeFileSync(path.join(work, 'index.txt'), '');
  fs.writeFileSync(path.join(work, 'serial'), `${serialNumber().slice(2)}\n`);
  fs.writeFileSync(path.join(work, 'request.csr'), csr);
  openssl(
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      config,
      '-name',
      DATED_CA_SECTION,
      '-cert',
      path.resolve(ca.certPath),
      '-keyfile',
      path.resolve(ca.keyPath),
      '-in',
      'request.csr',
      '-startdate',
      generalizedTime(validity.notBefore),
      '-enddate',
      generalizedTime(validity.notAfter),
      '-extfile',
      config,
      '-extensions',
      'v3_leaf',
      '-out',
      path.resolve(certPath),
    ],
    {},
    undefined,
    work,
  );
}

/** YYYYMMDDHHMMSSZ, the form `openssl ca -startdate/-enddate` reads (whole seconds, UTC). */
function generalizedTime(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function validWindow(validity: Validity): Validity {
  const { notBefore, notAfter } = validity;
  const year = (d: Date) => d.getUTCFullYear();
  for (const [field, date] of [
    ['notBefore', notBefore],
    ['notAfter', notAfter],
  ] as const) {
    if (!(date instanceof Date) || !Number.isFinite(date.getTime()) || year(date) < 1950 || year(date) > 9999)
      throw new Error(`invalid validity.${field}: give a date between the years 1950 and 9999`);
  }
  if (!(notBefore.getTime() < notAfter.getTime())) throw new Error('invalid validity: notBefore must be before notAfter');
  return validity;
}

function filesFor(dir: string, name: string): CertificateFiles {
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new Error(`invalid file name stem ${JSON.stringify(name)}: use letters, digits, '.', '_' or '-'`);
  fs.mkdirSync(dir, { recursive: true });
  return { certPath: path.join(dir, `${name}.pem`), keyPath: path.join(dir, `${name}-key.pem`) };
}

function writePrivateKey(keyPath: string, algorithm: KeyAlgorithm): void {
  const args =
    algorithm === 'rsa-2048'
      ? ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-pkeyopt', 'ec_param_enc:named_curve'];
  // Read the key from stdout and create the file 0600 ourselves: openssl's -out would create it with
  // the umask (often 0644) and leave a window in which other users could read it.
  writeSecret(keyPath, openssl(args));
}

function writeSecret(file: string, content: Buffer): void {
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, content, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

function openssl(args: readonly string[], env: Readonly<Record<string, string>> = {}, input?: Buffer, cwd?: string): Buffer {
  try {
    return execFileSync('openssl', args, { input, cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    throw new Error(`openssl ${args[0]} failed: ${stderr || (err as Error).message}`, { cause: err });
  }
}

function withConfig<T>(lines: readonly string[], use: (configPath: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-pki-'));
  try {
    const configPath = path.join(dir, 'openssl.cnf');
    fs.writeFileSync(configPath, `${lines.join('\n')}\n`);
    return use(configPath);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Random positive 127-bit serial (RFC 5280: unique per CA, at most 20 octets, positive). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return `0x${bytes.toString('hex')}`;
}

/** Values go into an openssl config file, where `$`, `#`, quotes and newlines have meanings. */
function configValue(value: string, field: string): string {
  if (!/^[A-Za-z0-9 .,:_@()*-]+$/.test(value) || value.trim() !== value) {
    throw new Error(`invalid ${field} ${JSON.stringify(value)}: use letters, digits, spaces and . , : _ @ ( ) * -`);
  }
  return value;
}

function validDays(days: number, field: string): number {
  if (!Number.isInteger(days) || days < 1 || days > 36500)
    throw new Error(`invalid ${field} ${days}: use a whole number of days between 1 and 36500`);
  return days;
}
