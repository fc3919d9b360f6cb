/**
 * bench/notify: what the stream-driven notifications cost per draw. The local runtime (the same notify
 * bundle, DynamoDB Local's stream read through the event-source mapping's filter) takes registrations,
 * draws and voids in one raffle (created on the admin door, as the organiser creates one); its stream reader counts every record it read, those the filter passed, and the
 * invocations of notify. On AWS, Lambda reads the stream for the mapping at no charge and filtered-out
 * records cost nothing: what is paid is the invocations (and notify's own writes: a claim and a mark per
 * message).
 *
 *   npm run bench:notify [-- --entrants 300 --draws 10]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { localConfig } from '../local/config';
import { ORGANISER_OUTBOX_ADDRESS, readOutbox } from '../local/outbox';
import { startRuntime } from '../local/runtime';
import { PROJECT_ROOT } from '../model/project';
import { fillRoutePath, ROUTES } from '../model/routes';

const RAFFLE_ID = 'notify';

const arg = (name: string, fallback: number): number => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const ENTRANTS = arg('entrants', 300);
const DRAWS = arg('draws', 10);
const WINNERS = 3;

interface DrawAnswer {
  readonly drawId: string;
  readonly winners: ReadonlyArray<{ readonly email: string }>;
}

async function main(): Promise<void> {
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-bench-notify-'));
  // What `npm start --no-confirm` runs, with winners emailed; the raffle's prize has WINNERS winners.
  const config = { ...localConfig(PROJECT_ROOT, { noConfirm: true }), notifyWinners: true };
  const runtime = await startRuntime({
    config,
    port: 0,
    adminPort: 0,
    localDir,
    inMemory: true,
    log: () => undefined,
    // The functions' JSON log lines are not the measurement.
    functionLog: () => undefined,
  });
  const https = await import('https');
  const agent = new https.Agent({
    ca: fs.readFileSync(runtime.certs.caPath),
    cert: fs.readFileSync(runtime.certs.clientCertPath),
    key: fs.readFileSync(runtime.certs.clientKeyPath),
  });
  const admin = (route: { method: string; path: string }, values: Record<string, string>, body: unknown, key: string) =>
    new Promise<{ status: number; json: DrawAnswer }>((resolve, reject) => {
      const req = https.request(
        `${runtime.adminUrl}${fillRoutePath(route, { raffleId: RAFFLE_ID, ...values })}`,
        { method: route.method, agent, headers: { 'content-type': 'application/json', 'idempotency-key': key } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as DrawAnswer }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  try {
    const created = await admin(
      ROUTES.createRaffle,
      {},
      {
        raffleId: RAFFLE_ID,
        title: 'Bench raffle',
        prizes: [{ name: 'Prize', winners: WINNERS }],
        closesAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        status: 'open',
      },
      'bench-create',
    );
    if (created.status !== 201) throw new Error(`creating the raffle: ${created.status}`);
    for (let i = 0; i < ENTRANTS; i++) {
      const res = await fetch(`${runtime.publicUrl}${fillRoutePath(ROUTES.apply, { raffleId: RAFFLE_ID })}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench${i}@example.com`, name: `Bench ${i}`, phone: `+1415555${String(i).padStart(4, '0')}` }),
      });
      if (res.status !== 201) throw new Error(`registration ${i}: ${res.status}`);
    }
    await runtime.stream.drain();
    const afterRegistrations = { ...runtime.stream.stats };

    let voids = 0;
    for (let d = 0; d < DRAWS; d++) {
      // Early: the raffle is still open.
      const draw = await admin(ROUTES.draw, {}, { winners: WINNERS, early: true }, `bench-draw-${d}`);
      if (draw.status !== 201) throw new Error(`draw ${d}: ${draw.status}`);
      // Every other draw, one winner is voided and replaced: another completed draw to announce.
      if (d % 2 === 0) {
        const voided = await admin(
          ROUTES.voidWinner,
          { drawId: draw.json.drawId },
          { email: draw.json.winners[0].email, reason: 'bench' },
          `bench-void-${d}`,
        );
        if (voided.status !== 201) throw new Error(`void ${d}: ${voided.status}`);
        voids++;
      }
    }
    await runtime.stream.drain();
    const stats = runtime.stream.stats;
    const completed = DRAWS + voids;
    const messages = readOutbox(runtime.outboxDir);
    const organiser = messages.filter((m) => m.to === ORGANISER_OUTBOX_ADDRESS).length;
    console.log(
      `${ENTRANTS} registrations, ${DRAWS} draws of ${WINNERS}, ${voids} voids (each a replacement draw): ${completed} completed draws`,
    );
    console.log(
      `  registrations: ${afterRegistrations.recordsRead} stream records read, ${afterRegistrations.recordsDelivered} passed the filter, ${afterRegistrations.invocations} invocations`,
    );
    console.log(
      `  whole run:     ${stats.recordsRead} stream records read, ${stats.recordsDelivered} passed the filter, ${stats.invocations} invocations`,
    );
    console.log(
      `  per completed draw: ${(stats.invocations / completed).toFixed(2)} invocations, ${(stats.recordsDelivered / completed).toFixed(2)} records delivered, ${((stats.recordsRead - afterRegistrations.recordsRead) / completed).toFixed(1)} records read (draw, claims, voids)`,
    );
    console.log(
      `  messages: ${organiser} to the organiser (one per completed draw: ${organiser === completed}), ${messages.length - organiser} to winners`,
    );
  } finally {
    agent.destroy();
    await runtime.stop();
    fs.rmSync(localDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
