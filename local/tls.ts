/**
 * The local runtime's dev PKI: a CA, a localhost server certificate and an admin client certificate
 * under `<localDir>/certs/`, made once with certs/pki.ts and reused on later runs. A certificate that is
 * missing, expired (or about to be) or not signed by the CA on disk is issued again; a missing or
 * expiring CA replaces everything.
 */
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createCa, DEFAULT_P12_PASSWORD, issueClientCert, issueServerCert, nameConstraintsOf, type CertificateFiles } from '../certs/pki';

/** File names are part of the contract printed by `npm start` and documented in the README. */
export const DEV_CERT_FILES = {
  ca: 'ca.pem',
  caKey: 'ca-key.pem',
  server: 'server.pem',
  serverKey: 'server-key.pem',
  client: 'client.pem',
  clientKey: 'client-key.pem',
  clientP12: 'client.p12',
} as const;

export const DEV_CA_COMMON_NAME = 'Raffle Local Dev CA';
export const DEV_CLIENT_COMMON_NAME = 'raffle-local-admin';

/** Renew a certificate this long before it expires, so a run never starts with one about to lapse. */
const RENEW_BEFORE_MS = 7 * 24 * 3600 * 1000;
/**
 * The dev PKI lives 30 days (renewed at start when a week is left): a copied dev CA, even one a browser
 * was told to trust, is soon worthless; and it may only vouch for this machine's names.
 */
export const DEV_CERT_DAYS = 30;
export const DEV_NAMES = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

export interface DevCerts {
  readonly dir: string;
  readonly caPath: string;
  readonly serverCertPath: string;
  readonly serverKeyPath: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
  readonly clientP12Path: string;
  /** Password of client.p12 (dev only). */
  readonly clientP12Password: string;
  /** True when this call created or renewed any file. */
  readonly created: boolean;
}

/** Makes sure `dir` holds a usable dev PKI and returns its paths. */
export function ensureDevCerts(dir: string, now: Date = new Date()): DevCerts {
  const p = (f: string): string => path.join(dir, f);
  const ca: CertificateFiles = { certPath: p(DEV_CERT_FILES.ca), keyPath: p(DEV_CERT_FILES.caKey) };
  let created = false;

  // A dev CA made before it was name-constrained is replaced, not kept for its ten years.
  const caOk = fs.existsSync(ca.keyPath) && certUsable(ca.certPath, undefined, now) && nameConstraintsOf(ca.certPath) !== undefined;
  if (!caOk) {
    createCa({ dir, commonName: DEV_CA_COMMON_NAME, name: 'ca', days: DEV_CERT_DAYS, permittedNames: DEV_NAMES });
    created = true;
  }
  const caCert = new X509Certificate(fs.readFileSync(ca.certPath));

  if (created || !fs.existsSync(p(DEV_CERT_FILES.serverKey)) || !certUsable(p(DEV_CERT_FILES.server), caCert, now)) {
    issueServerCert({ ca, dir, name: 'server', dnsNames: [...DEV_NAMES.dns], ipAddresses: [...DEV_NAMES.ip], days: DEV_CERT_DAYS });
    created = true;
  }
  if (
    created ||
    !fs.existsSync(p(DEV_CERT_FILES.clientKey)) ||
    !fs.existsSync(p(DEV_CERT_FILES.clientP12)) ||
    !certUsable(p(DEV_CERT_FILES.client), caCert, now)
  ) {
    issueClientCert({
      ca,
      dir,
      name: 'client',
      commonName: DEV_CLIENT_COMMON_NAME,
      p12Password: DEFAULT_P12_PASSWORD,
      days: DEV_CERT_DAYS,
    });
    created = true;
  }

  return {
    dir,
    caPath: ca.certPath,
    serverCertPath: p(DEV_CERT_FILES.server),
    serverKeyPath: p(DEV_CERT_FILES.serverKey),
    clientCertPath: p(DEV_CERT_FILES.client),
    clientKeyPath: p(DEV_CERT_FILES.clientKey),
    clientP12Path: p(DEV_CERT_FILES.clientP12),
    clientP12Password: DEFAULT_P12_PASSWORD,
    created,
  };
}

/** Exists, parses, is valid now and for another week, and (when an issuer is given) is signed by it. */
function certUsable(certPath: string, issuer: X509Certificate | undefined, now: Date): boolean {
  if (!fs.existsSync(certPath)) return false;
  try {
    const cert = new X509Certificate(fs.readFileSync(certPath));
    const notBefore = Date.parse(cert.validFrom);
    const notAfter = Date.parse(cert.validTo);
    if (!(notBefore <= now.getTime() && now.getTime() + RENEW_BEFORE_MS < notAfter)) return false;
    return issuer ? cert.checkIssued(issuer) && cert.verify(issuer.publicKey) : true;
  } catch {
    return false;
  }
}

/**
 * The options Node's https server needs for mutual TLS: its certificate is the dev CA's localhost one, and
 * client certificates must chain to `truststorePem` (a PEM bundle of CA certificates, as the admin
 * domain's truststore `RootCA.pem` is on AWS), the dev CA when none is given.
 */
export function mutualTlsOptions(
  certs: DevCerts,
  truststorePem?: string,
): {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  requestCert: true;
  rejectUnauthorized: true;
  minVersion: 'TLSv1.2';
} {
  return {
    key: fs.readFileSync(certs.serverKeyPath),
    cert: fs.readFileSync(certs.serverCertPath),
    ca: truststorePem === undefined ? fs.readFileSync(certs.caPath) : Buffer.from(truststorePem),
    // Like API Gateway with a truststore: no certificate, one from another CA, or one expired or not valid
    // yet, and the handshake fails. OpenSSL also refuses here a certificate whose extended key usage lacks
    // clientAuth (INVALID_PURPOSE), which API Gateway does not check: the functions' edge refuses that one
    // on AWS (functions/runtime/http.ts, certificate_not_for_clients).
    requestCert: true,
    rejectUnauthorized: true,
    // The deployed custom domain's security policy is TLS_1_2.
    minVersion: 'TLSv1.2',
  };
}

/** What OpenSSL found wrong with a client certificate (the TLS socket's authorizationError), in words. */
const REFUSED_CERTIFICATE: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'the client certificate has expired',
  CERT_NOT_YET_VALID: 'the client certificate is not valid yet',
  INVALID_PURPOSE: 'the client certificate is not for client authentication (its extended key usage lacks clientAuth)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the client certificate is not issued by a CA this door trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the client certificate is not issued by a CA this door trusts',
  // The client sent its CA along (OpenSSL clients add what their own trust store holds): not ours.
  SELF_SIGNED_CERT_IN_CHAIN: 'the client certificate is not issued by a CA this door trusts',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the client certificate is self-signed, not issued by a CA this door trusts',
  CERT_SIGNATURE_FAILURE: 'the client certificate was not signed by the CA it names',
};

/**
 * Why the admin door refused a TLS handshake, as one line for the runtime's log, or undefined when it was
 * not about a client certificate (a plain HTTP request, a port scan, a client that hung up): the server's
 * `tlsClientError` event, with the socket whose certificate OpenSSL judged.
 */
export function handshakeRefusal(
  err: NodeJS.ErrnoException,
  socket: { readonly authorizationError?: Error | string | null },
): string | undefined {
  // Node sets the OpenSSL verify code (a string, though typed as an Error).
  const raw = socket.authorizationError;
  const code = !raw ? undefined : typeof raw === 'string' ? raw : ((raw as NodeJS.ErrnoException).code ?? raw.message);
  if (code) return `admin door: TLS handshake refused: ${REFUSED_CERTIFICATE[code] ?? 'the client certificate was refused'} (${code})`;
  if (err.code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE')
    return 'admin door: TLS handshake refused: no client certificate was presented';
  return undefined;
}
