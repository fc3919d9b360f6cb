/**
 * The local runtime end to end, in-process: DynamoDB Local (the run's engine, a table of the runtime's
 * own), real TLS, the bundled handlers, the configuration `npm start` runs (config/dev.json).
 * GIVEN a runtime on free ports and a temporary .local folder, and a raffle the organiser created on the
 * admin door, WHEN clients call it, THEN it behaves like the deployed doors: public routes open, admin
 * routes only with the dev CA's client certificate.
 * And the runtime with an engine of its own: a busy port fails before that engine is started; stop()
 * ends its Java; a restart finds the data and the certificates the last run left.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { createCa, issueClientCert } from '../../certs/pki';
import { CONTENT_SECURITY_POLICY } from '../../site/assets';
import { MAX_BODY_BYTES } from '../../local/gateway';
import { RuntimeStartError, startRuntime, type Runtime } from '../../local/runtime';
import { confirmationLink } from '../support/outbox';
import { OUTBOX_CSP } from '../../local/outbox';
import { person, phoneOf } from '../support/people';
import { startTestRuntime, testConfig } from '../support/runtime';
import { tmpDir } from '../support/test-certs';
import { fillRoutePath, ROUTES } from '../../model/routes';
import { processAlive } from '../../testkit/processes';
import { adminTls, createRaffle, postJson, send, type ClientTls } from './http-client';

let localDir: string;
let runtime: Runtime;
let admin: ClientTls;
/** Folders of the runtimes this file starts, removed at the end. */
const folders: string[] = [];
const newFolder = (): string => {
  const dir = tmpDir('raffle-runtime-');
  folders.push(dir);
  return dir;
};

const RAFFLE_ID = 'spring';
const WEEK_MS = 7 * 24 * 3600 * 1000;
/** The raffle's own routes' addresses, on a door. */
const at = (door: string, route: { path: string }, values: Record<string, string> = {}) =>
  `${door}${fillRoutePath(route, { raffleId: RAFFLE_ID, ...values })}`;
const countOf = async (door: string, tls?: ClientTls): Promise<number> => {
  const answer = await send(at(door, ROUTES.raffle), { tls });
  expect(answer.status).toBe(200);
  return answer.json<{ count: number }>().count;
};

beforeAll(async () => {
  localDir = newFolder();
  // dev.json as npm start runs it: entries are confirmed from their email, verifiable draws offered.
  runtime = await startTestRuntime({ config: testConfig(), localDir });
  admin = adminTls(runtime.certs);
  // A raffle confirming its entries, as the organiser creates one.
  await createRaffle(runtime.adminUrl, admin, {
    raffleId: RAFFLE_ID,
    title: 'Spring raffle',
    prizes: [{ name: 'Hamper', winners: 3 }],
    closesAt: new Date(Date.now() + WEEK_MS).toISOString(),
    confirmEntries: true,
  });
});

afterAll(async () => {
  await runtime?.stop();
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

const entrant = (i: number) => ({ email: `Person${i}@Example.com `, name: `Person ${i}`, phone: phoneOf(i) });
const linkFor = (to: string): string => confirmationLink(runtime.outboxDir, to).token;

test('first run creates the dev PKI files, the client key readable by its owner only', () => {
  for (const f of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem', 'client.pem', 'client-key.pem', 'client.p12']) {
    expect(fs.existsSync(path.join(localDir, 'certs', f))).toBe(true);
  }
  expect((fs.statSync(path.join(localDir, 'certs', 'client-key.pem')).mode & 0o777).toString(8)).toBe('600');
  expect(runtime.certs.created).toBe(true);
});

test('confirms entries by default: registering mails a link to the outbox, and only confirming counts', async () => {
  expect(runtime.outboxDir).toBe(path.join(localDir, 'outbox'));
  const apply = at(runtime.publicUrl, ROUTES.apply);
  const first = await postJson(apply, entrant(1));
  expect([first.status, first.json()]).toEqual([202, { status: 'check_email' }]);
  // The same mailbox again within the resend limit: no second email, and the answer says so.
  const again = await postJson(apply, { ...entrant(1), email: 'person1+again@example.com' });
  expect([again.status, again.json()]).toEqual([202, { status: 'check_email', emailSent: false, retryAfterSeconds: expect.any(Number) }]);
  await postJson(apply, entrant(2));
  expect(await countOf(runtime.publicUrl)).toBe(0);

  // A mail scanner's GET of the API never confirms: there is no such route.
  expect((await send(`${runtime.publicUrl}/raffle/confirm?token=${linkFor('Person1@example.com')}`)).status).toBe(404);
  for (const to of ['Person1@example.com', 'Person2@example.com']) {
    const confirmed = await postJson(`${runtime.publicUrl}${ROUTES.confirm.path}`, { token: linkFor(to) });
    expect([confirmed.status, confirmed.json()]).toEqual([
      200,
      { status: 'confirmed', raffleId: RAFFLE_ID, label: expect.stringMatching(/^[0-9a-f]{20}$/) as unknown },
    ]);
  }
  const raffle = await send(at(runtime.publicUrl, ROUTES.raffle));
  expect(raffle.json()).toMatchObject({ raffleId: RAFFLE_ID, status: 'open', count: 2 });
  expect(raffle.headers['apigw-requestid']).toEqual(expect.any(String));
  // An id that names no raffle, or is no id at all, is 404 raffle_not_found.
  for (const raffleId of ['autumn', 'Not%20An%20Id']) {
    const unknown = await send(`${runtime.publicUrl}/raffle/raffles/${raffleId}/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entrant(3)),
    });
    expect([unknown.status, unknown.json<{ error: { code: string } }>().error.code]).toEqual([404, 'raffle_not_found']);
  }
});

test('shows the outbox on the public door at /__outbox, with the links, filtered by ?to=, and nowhere on the admin door', async () => {
  const page = await send(`${runtime.publicUrl}/__outbox`);
  expect(page.status).toBe(200);
  expect(page.headers['content-security-policy']).toBe(OUTBOX_CSP);
  expect(page.text).toContain('To: Person2@example.com');
  const filtered = await send(`${runtime.publicUrl}/__outbox?to=person1`, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
  expect(filtered.text).toContain('An: Person1@example.com');
  expect(filtered.text).not.toContain('Person2@example.com');
  expect(page.text).toMatch(/<a href="http:\/\/localhost:\d+\/confirm\.html\?token=[\w-]+">/);
  expect(page.text).not.toContain('<script');
  expect((await send(`${runtime.adminUrl}/__outbox`, { tls: admin })).status).toBe(404);
});

test.each([
  ['another name', (port: number) => `evil.example:${port}`],
  ['another port', (port: number) => `localhost:${port + 1}`],
  ['a rebinding name', (port: number) => `attacker.localhost.example:${port}`],
])('refuses a Host header with %s on both doors (421), so a DNS-rebinding page cannot use them', async (_label, host) => {
  const pub = await send(`${runtime.publicUrl}${ROUTES.raffles.path}`, { headers: { host: host(runtime.port) } });
  expect(pub.status).toBe(421);
  const adm = await send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls: admin, headers: { host: host(runtime.adminPort) } });
  expect(adm.status).toBe(421);
  // Its own names pass.
  for (const own of ['localhost', '127.0.0.1']) {
    expect((await send(`${runtime.publicUrl}${ROUTES.raffles.path}`, { headers: { host: `${own}:${runtime.port}` } })).status).toBe(200);
  }
});

test('refuses, even with the organiser certificate, a draw another site makes the browser send', async () => {
  const forged = await postJson(at(runtime.adminUrl, ROUTES.draw), { early: true }, admin, {
    'idempotency-key': 'forged-1',
    origin: 'https://evil.example',
    'sec-fetch-site': 'cross-site',
  });
  expect([forged.status, forged.json<{ error: { code: string } }>().error.code]).toEqual([403, 'cross_origin_request']);
  // Nor a raffle, nor an edit.
  const created = await postJson(
    `${runtime.adminUrl}${ROUTES.createRaffle.path}`,
    {
      raffleId: 'forged',
      title: 'Forged',
      prizes: [{ name: 'Prize', winners: 1 }],
      closesAt: new Date(Date.now() + WEEK_MS).toISOString(),
    },
    admin,
    { 'idempotency-key': 'forged-2', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  );
  expect(created.status).toBe(403);
  expect((await send(at(runtime.adminUrl, ROUTES.draws), { tls: admin })).json()).toEqual({ draws: [] });
  expect((await send(`${runtime.adminUrl}/raffle/raffles/forged`, { tls: admin })).status).toBe(404);
});

test('the draw and every admin route are not reachable on the public port (404 like HTTP API)', async () => {
  const draw = await postJson(at(runtime.publicUrl, ROUTES.draw), { winners: 1, early: true });
  expect(draw.status).toBe(404);
  expect(draw.json()).toEqual({ message: 'Not Found' });
  expect((await send(at(runtime.publicUrl, ROUTES.draws))).status).toBe(404);
  expect((await send(at(runtime.publicUrl, ROUTES.stats))).status).toBe(404);
  expect((await send(at(runtime.publicUrl, ROUTES.entrants))).status).toBe(404);
  expect((await postJson(`${runtime.publicUrl}${ROUTES.createRaffle.path}`, { raffleId: 'public-one' })).status).toBe(404);
  expect((await send(at(runtime.publicUrl, ROUTES.editRaffle), { method: 'PATCH' })).status).toBe(404);
  expect((await send(`${runtime.publicUrl}/raffle/people/person1%40example.com`, { method: 'DELETE' })).status).toBe(404);
  expect((await send(`${runtime.publicUrl}/raffle/nothing`)).status).toBe(404);
  expect((await send(`${runtime.publicUrl}/raffle/raffles/forged`)).status).toBe(404);
});

test('admin without a client certificate is refused at the TLS handshake', async () => {
  await expect(send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls: { caPath: runtime.certs.caPath } })).rejects.toThrow();
  await expect(send(at(runtime.adminUrl, ROUTES.draw), { method: 'POST', tls: { caPath: runtime.certs.caPath } })).rejects.toThrow();
});

test('admin with a client certificate from another CA is refused', async () => {
  const otherDir = path.join(localDir, 'other-ca');
  const otherCa = createCa({ dir: otherDir, commonName: 'Someone Else CA' });
  // Same subject as the real admin certificate: only the issuer differs.
  const intruder = issueClientCert({ ca: otherCa, dir: otherDir, name: 'intruder', commonName: 'raffle-local-admin' });
  const tls = { caPath: runtime.certs.caPath, certPath: intruder.certPath, keyPath: intruder.keyPath };
  await expect(send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls })).rejects.toThrow();
  await expect(postJson(at(runtime.adminUrl, ROUTES.draw), { winners: 1, early: true }, tls)).rejects.toThrow();
});

test('admin with the dev client certificate runs a draw, replays it on the same Idempotency-Key, and lists it', async () => {
  // Entries are still open: a draw now must say it means it.
  const unasked = await postJson(at(runtime.adminUrl, ROUTES.draw), { winners: 1 }, admin, { 'idempotency-key': 'runtime-test-0' });
  expect([unasked.status, unasked.json<{ error: { code: string } }>().error.code]).toEqual([409, 'draw_before_deadline']);
  const draw = await postJson(at(runtime.adminUrl, ROUTES.draw), { winners: 1, early: true }, admin, {
    'idempotency-key': 'runtime-test-1',
  });
  expect(draw.status).toBe(201);
  const body = draw.json<{ drawId: string; winners: Array<{ email: string; name: string }> }>();
  expect(body.winners).toHaveLength(1);
  expect(['Person1@example.com', 'Person2@example.com']).toContain(body.winners[0].email);
  // No HSTS on localhost: a browser would keep it for every local service.
  expect(draw.headers['strict-transport-security']).toBeUndefined();

  const replay = await postJson(at(runtime.adminUrl, ROUTES.draw), { winners: 1, early: true }, admin, {
    'idempotency-key': 'runtime-test-1',
  });
  expect(replay.status).toBe(200);
  expect(replay.json<{ drawId: string }>().drawId).toBe(body.drawId);

  const draws = await send(at(runtime.adminUrl, ROUTES.draws), { tls: admin });
  expect(draws.json<{ draws: Array<{ drawId: string }> }>().draws.map((d) => d.drawId)).toEqual([body.drawId]);
  expect(await countOf(runtime.adminUrl, admin)).toBe(2);
  // The organiser's list has every raffle with its count.
  const listed = (await send(`${runtime.adminUrl}${ROUTES.raffles.path}`, { tls: admin })).json<{ raffles: unknown[] }>();
  expect(listed.raffles).toEqual([expect.objectContaining({ raffleId: RAFFLE_ID, count: 2 })]);
});

test('serves the pages with the CloudFront security headers, and config.js with the model routes', async () => {
  const home = await send(`${runtime.publicUrl}/`);
  expect(home.status).toBe(200);
  expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(home.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(home.headers['x-content-type-options']).toBe('nosniff');
  expect(home.headers['x-frame-options']).toBe('DENY');
  expect(home.headers['strict-transport-security']).toBeUndefined();
  // The front door lists the raffles.
  expect(home.text).toContain('id="open-list"');
  expect((await send(`${runtime.publicUrl}/apply.html`)).text).toContain('id="apply-form"');

  const config = await send(`${runtime.publicUrl}/config.js`);
  expect(config.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(config.text).toContain('"apply":{"method":"POST","path":"/raffle/raffles/{raffleId}/apply"}');
  expect((await send(`${runtime.publicUrl}/style.css`)).headers['content-type']).toBe('text/css; charset=utf-8');

  // Nothing outside the published list: no traversal, no folders.
  expect((await send(`${runtime.publicUrl}/..%2fpackage.json`)).status).toBe(404);
  expect((await send(`${runtime.publicUrl}/%2e%2e/package.json`)).status).toBe(404);

  const drawPage = await send(`${runtime.adminUrl}/raffle/draw.html`, { tls: admin });
  expect(drawPage.status).toBe(200);
  expect(drawPage.headers['strict-transport-security']).toBeUndefined();
  expect(drawPage.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(drawPage.text).toContain('id="draw-form"');
  const adminRoot = await send(`${runtime.adminUrl}/`, { tls: admin });
  expect(adminRoot.status).toBe(302);
  expect(adminRoot.headers.location).toBe('/raffle/draw.html');
});

test('a body over API Gateway’s 10 MB limit gets 413 before any function runs', async () => {
  const tooBig = await send(at(runtime.publicUrl, ROUTES.apply), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
  });
  expect(tooBig.status).toBe(413);
  expect(tooBig.json()).toEqual({ message: 'Request Entity Too Large' });
});

describe('with a DynamoDB Local of its own', () => {
  // Without dynamoDbEndpoint the runtime starts its own engine, keeping its data in <localDir>/dynamodb:
  // that folder is made just before Java is spawned (local/dynamodb.ts).
  const engineFolder = (dir: string) => path.join(dir, 'dynamodb');

  test('a port already in use fails with a one-line error naming the variable to change, before DynamoDB Local is started', async () => {
    const attemptDir = newFolder();
    const attempt = startRuntime({ config: testConfig(), port: runtime.port, adminPort: 0, localDir: attemptDir, build: false });
    await expect(attempt).rejects.toThrow(RuntimeStartError);
    await expect(attempt).rejects.toThrow(new RegExp(`^Port ${runtime.port} is already in use: .*PORT=<another port>\\.$`));
    expect(fs.existsSync(engineFolder(attemptDir))).toBe(false);

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, 'localhost', () => resolve()));
    const busy = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startRuntime({ config: testConfig(), port: 0, adminPort: busy, localDir: attemptDir, build: false })).rejects.toThrow(
        `Port ${busy} is already in use: stop the program using it, or run with ADMIN_PORT=<another port>.`,
      );
      expect(fs.existsSync(engineFolder(attemptDir))).toBe(false);
    } finally {
      blocker.close();
    }
  });

  test('stop() ends DynamoDB Local (the Java pid is gone); a restart keeps the data and reuses the certificates', async () => {
    const ownDir = newFolder();
    // Entries count at once: one registration is the data the restart must find.
    const config = testConfig({}, { noConfirm: true });
    const start = () =>
      startRuntime({ config, port: 0, adminPort: 0, localDir: ownDir, build: false, log: () => undefined, functionLog: () => undefined });
    let own = await start();
    const ownAdmin = adminTls(own.certs);
    const restartRaffle = (door: string, route: { path: string }) => `${door}${fillRoutePath(route, { raffleId: 'restart' })}`;
    try {
      expect(own.dynamodb.dataDir).toBe(engineFolder(ownDir));
      await createRaffle(own.adminUrl, ownAdmin, { raffleId: 'restart', closesAt: new Date(Date.now() + WEEK_MS).toISOString() });
      expect((await postJson(restartRaffle(own.publicUrl, ROUTES.apply), person(1, 'restart'))).status).toBe(201);
      const javaPid = own.dynamodb.pid!;
      expect(processAlive(javaPid)).toBe(true);
      await own.stop();
      expect(processAlive(javaPid)).toBe(false);
      await expect(send(restartRaffle(own.publicUrl, ROUTES.raffle))).rejects.toThrow();

      const caBefore = fs.readFileSync(path.join(ownDir, 'certs', 'ca.pem'), 'utf8');
      own = await start();
      expect(own.certs.created).toBe(false);
      expect(fs.readFileSync(own.certs.caPath, 'utf8')).toBe(caBefore);
      expect((await send(restartRaffle(own.publicUrl, ROUTES.raffle))).json()).toMatchObject({ raffleId: 'restart', count: 1 });
      const second = own.dynamodb.pid!;
      await own.stop();
      expect(processAlive(second)).toBe(false);
    } finally {
      await own.stop();
    }
  });
});
