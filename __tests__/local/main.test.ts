/**
 * `npm start`'s flags and its banner, without a process (the CLI as a user runs it: main.e2e.test.ts).
 * GIVEN flags and environment variables, THEN parseCli reads them or refuses them naming the culprit;
 * GIVEN a running runtime's addresses and configuration, THEN the banner says what the laptop runs: where
 * the mail goes and whether entries wait for it, that verifiable draws use a local beacon, and, on the
 * first run, the sample raffle it made, whose draw its curl names.
 */
import type { RaffleConfig } from '../../config/schema';
import { banner, parseCli, type CliSettings } from '../../local/main';
import type { Runtime } from '../../local/runtime';
import type { DevCerts } from '../../local/tls';

describe('parseCli', () => {
  test('reads PORT, ADMIN_PORT, RAFFLE_LOCAL_DIR, --in-memory and --no-confirm, with the documented defaults', () => {
    expect(parseCli([], {})).toEqual({ port: 3000, adminPort: 3443, localDir: '.local', inMemory: false, confirmEntries: true });
    expect(parseCli(['--in-memory', '--no-confirm'], { PORT: '8080', ADMIN_PORT: '8443', RAFFLE_LOCAL_DIR: '/tmp/x' })).toEqual({
      port: 8080,
      adminPort: 8443,
      localDir: '/tmp/x',
      inMemory: true,
      confirmEntries: false,
    });
  });

  test('refuses an unknown flag or a bad port with a message naming it', () => {
    expect(() => parseCli(['--persist'], {})).toThrow(/unknown option --persist/);
    expect(() => parseCli([], { PORT: 'eighty' })).toThrow('PORT=eighty is not a port');
    expect(() => parseCli([], { ADMIN_PORT: '70000' })).toThrow('ADMIN_PORT=70000 is not a port');
  });
});

describe('banner', () => {
  const certs: DevCerts = {
    dir: '/srv/raffle/.local/certs',
    caPath: '/srv/raffle/.local/certs/ca.pem',
    serverCertPath: '/srv/raffle/.local/certs/server.pem',
    serverKeyPath: '/srv/raffle/.local/certs/server-key.pem',
    clientCertPath: '/srv/raffle/.local/certs/client.pem',
    clientKeyPath: '/srv/raffle/.local/certs/client-key.pem',
    clientP12Path: '/srv/raffle/.local/certs/client.p12',
    clientP12Password: 'dev-password',
    created: false,
  };
  /** What banner reads of a running runtime; the rest of it is not its business. */
  const running = (config: Pick<RaffleConfig, 'confirmEntries' | 'verifiable'>, dataDir?: string): Runtime =>
    ({
      config,
      publicUrl: 'http://localhost:3000',
      adminUrl: 'https://localhost:3443',
      certs,
      dynamodb: { endpoint: 'http://127.0.0.1:8000', dataDir },
      tableName: 'raffle-local',
      outboxDir: '/srv/raffle/.local/outbox',
    }) as unknown as Runtime;
  const settings: CliSettings = { port: 3000, adminPort: 3443, localDir: '.local', inMemory: false, confirmEntries: true };

  test('gives the doors, the engine and its data, the outbox, a draw curl and the figure it is handed', () => {
    const text = banner(running({ confirmEntries: true }, '/srv/raffle/.local/dynamodb'), settings, 1234);
    expect(text).toContain('Raffle running locally, ready in 1234 ms');
    expect(text).toContain('Public site + API   http://localhost:3000/');
    expect(text).toContain('Organiser (mTLS)    https://localhost:3443/raffle/draw.html');
    expect(text).toContain('DynamoDB Local      http://127.0.0.1:8000   table raffle-local, data in /srv/raffle/.local/dynamodb/');
    expect(text).toContain(
      'Email (outbox)      /srv/raffle/.local/outbox/, one file per message; read them at http://localhost:3000/__outbox',
    );
    expect(text).toContain(
      `curl --cacert ${certs.caPath} --cert ${certs.clientCertPath} --key ${certs.clientKeyPath} -X POST \\\n      -H 'content-type: application/json' -H 'idempotency-key: draw-1' -d '{"early":true}' https://localhost:3443/raffle/raffles/<id>/draw`,
    );
    expect(text).toContain('Raffles             create more on the organiser page');
    expect(text).toContain('Results             http://localhost:3000/results.html?raffle=<id>');
    expect(text).toContain(`Import the client certificate ${certs.clientP12Path} (password: dev-password)`);
    expect(text).toContain('Settings: PORT=3000 ADMIN_PORT=3443 RAFFLE_LOCAL_DIR=.local\n');
  });

  test('on the first run, names the sample raffle it made, and the curl draws it', () => {
    const text = banner(running({ confirmEntries: true }), settings, 1, 'sample');
    expect(text).toContain('Raffles             "sample" was created to try things with (first run); create more on the organiser page');
    expect(text).toContain(`-d '{"early":true}' https://localhost:3443/raffle/raffles/sample/draw`);
  });

  test('says whether entries wait for their email, and, in plain words, what a verifiable draw proves here, as the configuration runs', () => {
    const confirming = banner(running({ confirmEntries: true, verifiable: { marginSeconds: 30 } }), settings, 1);
    expect(confirming).toContain('entries are confirmed from their email');
    expect(confirming).toContain(
      'Results             http://localhost:3000/results.html?raffle=<id>\n' +
        '                      Verifiable draws here use a stand-in for the public drand randomness service, so their proofs check out only on this laptop.\n',
    );
    expect(confirming).not.toMatch(/beacon|publicly verifiable/);
    expect(confirming).toContain('in memory (--in-memory: nothing is kept)');

    const direct = banner(running({ confirmEntries: false }), { ...settings, inMemory: true, confirmEntries: false }, 1);
    expect(direct).toContain('entries count at once (no confirmation)');
    expect(direct).not.toContain('Verifiable draws');
    expect(direct).toContain('RAFFLE_LOCAL_DIR=.local --in-memory --no-confirm');
  });
});
