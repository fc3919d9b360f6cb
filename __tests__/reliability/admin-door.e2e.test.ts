/**
 * The admin door (issue 19, section 5), end to end on the local runtime, with real X.509 certificates
 * made by the project's own PKI (certs/pki.ts, `npm run certs`) and real TLS.
 *
 * GIVEN the runtime's admin door trusting the dev CA, and client certificates that must be refused:
 *       signed by another CA (with the very same names), expired, not valid yet (each issued with dates in
 *       the past or the future: nothing waits for a date), issued for server use only (extendedKeyUsage
 *       serverAuth without clientAuth), and none at all
 * WHEN each knocks
 * THEN each is refused at the TLS handshake: no HTTP answer, no request read, and the runtime says why
 *      in one line (OpenSSL's verdict); the dev client certificate reads and changes.
 * And a certificate for server use only, which API Gateway admits (it checks the chain to the truststore
 *      and the validity period, not the extended key usage), is refused by every admin function's edge
 *      in the event API Gateway would pass: 403 certificate_not_for_clients, the API's error shape.
 *
 * GIVEN the runbook's CA rotation (docs/runbook.md, "Rotating the CA"), run with its own command
 * WHEN the runtime is restarted on each truststore (old CA; old and new; new alone), and on a renewed dev CA
 * THEN the old CA's certificates work until its CA leaves the file, then fail; the new CA's work from
 *      the moment it is appended.
 */
import { spawnSync } from 'child_process';
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createCa, issueClientCert, issueServerCert, type CertificateFiles } from '../../certs/pki';
import { readPemCertificates } from '../../certs/make-certs';
import { clientCertInfo, toApiGatewayEvent } from '../../local/gateway';
import type { Runtime } from '../../local/runtime';
import { DEV_CA_COMMON_NAME, DEV_CERT_FILES, DEV_CLIENT_COMMON_NAME, ensureDevCerts } from '../../local/tls';
import { fillRoutePath, routeKey, routesFor, ROUTES, type RouteDefinition } from '../../model/routes';
import { PROJECT_ROOT } from '../../model/project';
import { adminTls, createRaffle, send, type ClientTls } from '../local/http-client';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { eventually } from '../support/wait';

const DAY_MS = 24 * 3600 * 1000;
/** Folders this file makes, removed at the end. */
const folders: string[] = [];
const newFolder = (prefix: string): string => {
  const dir = tmpDir(prefix);
  folders.push(dir);
  return dir;
};
/** Runtimes still running, stopped at the end whatever happened. */
const running = new Set<Runtime>();

afterAll(async () => {
  await Promise.all([...running].map((r) => r.stop()));
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A runtime whose lines (requests, refused handshakes) are kept in `lines`. */
async function start(localDir: string, truststorePem?: string): Promise<{ runtime: Runtime; lines: string[] }> {
  const lines: string[] = [];
  const runtime = await startTestRuntime({ config: testConfig(), localDir, truststorePem, log: (line) => lines.push(line) });
  running.add(runtime);
  return { runtime, lines };
}
async function stop(runtime: Runtime): Promise<void> {
  await runtime.stop();
  running.delete(runtime);
}

/** The request lines of the admin door ("GET /raffle/raffles 200 3 ms"): a refused handshake never makes one. */
const requestLines = (lines: readonly string[]) => lines.filter((l) => /^[A-Z]+ \/\S* \d{3} \d+ ms$/.test(l));
const refusals = (lines: readonly string[]) => lines.filter((l) => l.startsWith('admin door: TLS handshake refused'));

/** GET /raffle/raffles on the admin door with `tls`: the status, or how the connection failed. */
async function knock(runtime: Runtime, tls: ClientTls): Promise<number | 'refused'> {
  try {
    return (await send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls })).status;
  } catch (err) {
    // The server ends the connection once OpenSSL has judged the certificate: the client reads a reset
    // (TLS 1.3: after its own handshake finished; TLS 1.2: before).
    expect((err as NodeJS.ErrnoException).code).toMatch(/^(ECONNRESET|EPIPE|ERR_SSL_)/);
    return 'refused';
  }
}

/** Knocks and expects the handshake refused, for `reason` (OpenSSL's verify codes), with no request read. */
async function expectRefused(runtime: Runtime, lines: string[], tls: ClientTls, reason: RegExp): Promise<void> {
  const before = { requests: requestLines(lines).length, refusals: refusals(lines).length };
  expect(await knock(runtime, tls)).toBe('refused');
  const line = await eventually(() => refusals(lines)[before.refusals], 'the runtime to say why it refused the handshake');
  expect(line).toMatch(reason);
  expect(requestLines(lines)).toHaveLength(before.requests);
}

describe('the admin door on the dev CA', () => {
  let runtime: Runtime;
  let lines: string[];
  let organiser: ClientTls;
  /** The other client certificates, all but one from the dev CA itself. */
  const tlsOf = (files: CertificateFiles): ClientTls => ({
    caPath: runtime.certs.caPath,
    certPath: files.certPath,
    keyPath: files.keyPath,
  });
  let refused: Record<'otherCa' | 'expired' | 'notYetValid' | 'serverOnly', CertificateFiles>;

  beforeAll(async () => {
    ({ runtime, lines } = await start(newFolder('admin-door-')));
    organiser = adminTls(runtime.certs);
    const devCa: CertificateFiles = { certPath: runtime.certs.caPath, keyPath: path.join(runtime.certs.dir, DEV_CERT_FILES.caKey) };
    const dir = newFolder('admin-door-certs-');
    const now = Date.now();
    const days = (from: number, to: number) => ({ notBefore: new Date(now + from * DAY_MS), notAfter: new Date(now + to * DAY_MS) });
    // Another CA with the dev CA's very name, and a client certificate with the organiser's: only the key differs.
    const otherCa = createCa({ dir, name: 'other-ca', commonName: DEV_CA_COMMON_NAME, days: 30 });
    refused = {
      otherCa: issueClientCert({ ca: otherCa, dir, name: 'other-ca-client', commonName: DEV_CLIENT_COMMON_NAME }),
      expired: issueClientCert({ ca: devCa, dir, name: 'expired', commonName: DEV_CLIENT_COMMON_NAME, validity: days(-60, -30) }),
      notYetValid: issueClientCert({ ca: devCa, dir, name: 'not-yet-valid', commonName: DEV_CLIENT_COMMON_NAME, validity: days(30, 60) }),
      // A server certificate of the dev CA (for this machine's names, as its name constraints allow), with the organiser's CN.
      serverOnly: issueServerCert({ ca: devCa, dir, name: 'server-only', commonName: DEV_CLIENT_COMMON_NAME, days: 30 }),
    };
    const serverOnly = new X509Certificate(fs.readFileSync(refused.serverOnly.certPath));
    expect(serverOnly.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(serverOnly.checkIssued(new X509Certificate(fs.readFileSync(devCa.certPath)))).toBe(true);
  });

  test('the dev client certificate opens it: it reads, and it changes', async () => {
    expect(await knock(runtime, organiser)).toBe(200);
    const created = await createRaffle<{ raffleId: string }>(runtime.adminUrl, organiser, {
      raffleId: 'door',
      closesAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    });
    expect(created.raffleId).toBe('door');
    expect(refusals(lines)).toEqual([]);
  });

  test.each([
    ['no client certificate', () => ({ caPath: runtime.certs.caPath }), /no client certificate was presented$/],
    [
      'one from another CA with the same names',
      () => tlsOf(refused.otherCa),
      /not issued by a CA this door trusts \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)\)$/,
    ],
    ['one that has expired', () => tlsOf(refused.expired), /has expired \(CERT_HAS_EXPIRED\)$/],
    ['one not valid yet', () => tlsOf(refused.notYetValid), /is not valid yet \(CERT_NOT_YET_VALID\)$/],
    ['one issued for server use only', () => tlsOf(refused.serverOnly), /not for client authentication .* \(INVALID_PURPOSE\)$/],
  ])('refuses %s at the TLS handshake, reading no request, and says why', async (_what, tls, reason) => {
    await expectRefused(runtime, lines, tls(), reason);
  });

  test('a certificate for server use only, which API Gateway admits, is refused by every admin function: 403 certificate_not_for_clients', async () => {
    const infoOf = (file: string) => clientCertInfo(new X509Certificate(fs.readFileSync(file)).raw);
    const eventFor = (route: RouteDefinition, certFile: string) => {
      const url = fillRoutePath(route, { raffleId: 'door', drawId: '0'.repeat(32), email: 'someone@example.com' });
      const body = route.method === 'GET' || route.method === 'DELETE' ? Buffer.alloc(0) : Buffer.from('{}');
      // The event the door builds for a request, as API Gateway's mutual TLS hands it on.
      return toApiGatewayEvent(
        {
          method: route.method,
          url,
          headers: {
            host: `localhost:${runtime.adminPort}`,
            'content-type': 'application/json',
            'idempotency-key': `door-${route.method}`,
          },
          body,
          sourceIp: '127.0.0.1',
          protocol: 'HTTP/1.1',
          domainName: 'localhost',
          requestId: `door-${routeKey(route)}`,
          timeEpoch: Date.now(),
          clientCert: infoOf(certFile),
          apiId: 'admin',
        },
        route,
      );
    };
    const adminRoutes = routesFor('admin');
    expect(adminRoutes.length).toBeGreaterThan(10);
    for (const route of adminRoutes) {
      const answer = (await runtime.invoke(route.functionName, eventFor(route, refused.serverOnly.certPath))) as {
        statusCode: number;
        body: string;
      };
      const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
      expect({ route: routeKey(route), status: answer.statusCode, code: body.error?.code }).toEqual({
        route: routeKey(route),
        status: 403,
        code: 'certificate_not_for_clients',
      });
      expect(Object.keys(body)).toEqual(['error']);
      expect(body.error.message).toMatch(/does not allow client authentication/);
      // The same request with the organiser's certificate is not refused for its certificate.
      const organisers = (await runtime.invoke(route.functionName, eventFor(route, runtime.certs.clientCertPath))) as { body?: string };
      const refusedForItsCertificate = (organisers.body ?? '').includes('certificate_not_for_clients');
      expect({ route: routeKey(route), refusedForItsCertificate }).toEqual({ route: routeKey(route), refusedForItsCertificate: false });
    }
    // And through the door itself, the organiser's certificate still reads.
    expect(await knock(runtime, organiser)).toBe(200);
  });

  afterAll(() => stop(runtime));
});

describe('rotating the CA', () => {
  /** `npm run certs -- <args>` as package.json runs it (`tsx certs/make-certs.ts`), its truststore in `rootCa`, never the repository's. */
  function npmRunCerts(args: readonly string[], rootCa: string): string {
    const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.certs).toBe('tsx certs/make-certs.ts');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'certs/make-certs.ts', ...args, '--root-ca', rootCa], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, RAFFLE_P12_PASSWORD: 'rotation-test' },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    return result.stdout;
  }
  /** The runbook's rotation command, as it names it: `npm run certs -- --out ~/raffle-ca-2027 --append`. */
  function runbookRotationArgs(home: string): string[] {
    const runbook = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'runbook.md'), 'utf8');
    const section = runbook.slice(runbook.indexOf('## Rotating the CA'));
    const command = /`npm run certs -- ([^`]+)`/.exec(section)?.[1];
    expect(command).toBe('--out ~/raffle-ca-2027 --append');
    return command!.split(/\s+/).map((arg) => arg.replace(/^~\//, `${home}/`));
  }

  test("the runbook's rotation: a runtime restarted on each RootCA.pem trusts the old CA until it leaves the file, the new one from when it is appended", async () => {
    const home = newFolder('rotation-home-');
    const rootCa = path.join(home, 'RootCA.pem');
    const localDir = newFolder('rotation-runtime-');
    npmRunCerts(['--out', path.join(home, 'raffle-ca')], rootCa);
    const clientOf = (out: string, runtime: Runtime): ClientTls => ({
      caPath: runtime.certs.caPath,
      certPath: path.join(home, out, 'admin.pem'),
      keyPath: path.join(home, out, 'admin-key.pem'),
    });

    // Today: RootCA.pem holds the old CA only.
    let { runtime, lines } = await start(localDir, fs.readFileSync(rootCa, 'utf8'));
    expect(await knock(runtime, clientOf('raffle-ca', runtime))).toBe(200);
    // The dev client certificate is not the truststore's: the door trusts the CA it is given, and only that.
    await expectRefused(runtime, lines, adminTls(runtime.certs), /not issued by a CA this door trusts/);
    await stop(runtime);

    // Step 1: a new CA appended (the runbook's own command); step 2, deployed: both are trusted.
    expect(npmRunCerts(runbookRotationArgs(home), rootCa)).toMatch(/public CA certificates, 2\)/);
    const [oldCa, newCa] = readPemCertificates(rootCa);
    expect(oldCa.trim()).toBe(fs.readFileSync(path.join(home, 'raffle-ca', 'ca.pem'), 'utf8').trim());
    expect(newCa.trim()).toBe(fs.readFileSync(path.join(home, 'raffle-ca-2027', 'ca.pem'), 'utf8').trim());
    ({ runtime, lines } = await start(localDir, fs.readFileSync(rootCa, 'utf8')));
    expect(await knock(runtime, clientOf('raffle-ca', runtime))).toBe(200);
    expect(await knock(runtime, clientOf('raffle-ca-2027', runtime))).toBe(200);
    expect(refusals(lines)).toEqual([]);
    await stop(runtime);

    // Step 3: the old CA's block (the first: --append adds after the kept ones) removed, and deployed again.
    fs.writeFileSync(rootCa, newCa);
    ({ runtime, lines } = await start(localDir, fs.readFileSync(rootCa, 'utf8')));
    await expectRefused(runtime, lines, clientOf('raffle-ca', runtime), /not issued by a CA this door trusts/);
    expect(await knock(runtime, clientOf('raffle-ca-2027', runtime))).toBe(200);
    await stop(runtime);
  });

  test('the dev CA renewed (a week before it lapses): the runtime restarted on it refuses the old dev client certificate and accepts the new', async () => {
    const localDir = newFolder('rotation-dev-');
    const first = (await start(localDir)).runtime;
    const certsDir = first.certs.dir;
    const kept = newFolder('rotation-dev-old-');
    for (const file of [DEV_CERT_FILES.client, DEV_CERT_FILES.clientKey]) fs.copyFileSync(path.join(certsDir, file), path.join(kept, file));
    expect(await knock(first, adminTls(first.certs))).toBe(200);
    await stop(first);

    // What a start 24 days from now does (a week or less left): a new dev CA, and everything it signs, anew.
    const caBefore = fs.readFileSync(path.join(certsDir, DEV_CERT_FILES.ca), 'utf8');
    expect(ensureDevCerts(certsDir, new Date(Date.now() + 24 * DAY_MS)).created).toBe(true);
    expect(fs.readFileSync(path.join(certsDir, DEV_CERT_FILES.ca), 'utf8')).not.toBe(caBefore);

    const { runtime, lines } = await start(localDir);
    expect(runtime.certs.created).toBe(false);
    const old: ClientTls = {
      caPath: runtime.certs.caPath,
      certPath: path.join(kept, DEV_CERT_FILES.client),
      keyPath: path.join(kept, DEV_CERT_FILES.clientKey),
    };
    await expectRefused(runtime, lines, old, /not issued by a CA this door trusts/);
    expect(await knock(runtime, adminTls(runtime.certs))).toBe(200);
    await stop(runtime);
  });
});
