/**
 * bench/erasure: an erased entrant is never drawn, at scale. In one raffle (made as the organiser makes
 * one, open, entries counted at once), five entrants register (the apply handler),
 * one is erased (the erase handler), then the draw handler makes 1,000 draws of one winner, each winner
 * put back among the eligible after their draw (test-only writes), so that every draw is over the same
 * four. Reported: the wins of each entrant (the erased one must have none, each of the four about a
 * quarter, with the chi-square statistic of that split), and the time a draw takes. The exit code says
 * whether the erased entrant was ever drawn or anyone left was never reached.
 *
 * The handlers are built by their createHandler on DynamoDB Local (started here), with the system clock
 * and randomness. The test (__tests__/functions/erase/handler.db.test.ts) proves the same property with
 * a random source that offers the erased entrant's ticket first.
 *
 *   npm run bench:erasure [-- --draws 1000]
 */
import { createHandler as createApply } from '../functions/apply/handler';
import { createDrawHttpHandler } from '../functions/draw/http';
import { createHandler as createErase } from '../functions/erase/handler';
import { ensureTable, localDynamoDbClient, startDynamoDbLocal } from '../local/dynamodb';
import { freePort } from '../local/ports';
import { insertRaffle } from '../functions/shared/raffles';
import { raffleKeys } from '../model/raffle-keys';
import { ROUTES } from '../model/routes';
import { openRaffle, undoWin } from '../testkit/seed-entrants';
import { apiEvent } from './lib/events';
import { benchDeps } from './lib/handlers';
import { median } from './lib/measure';

const DRAWS = Number(process.argv[process.argv.indexOf('--draws') + 1]) || 1000;
const TABLE = 'bench-erasure';
const RAFFLE_ID = 'erasure';
const people = Array.from({ length: 5 }, (_, i) => ({
  email: `pool${i}@example.com`,
  name: `Entrant ${i}`,
  phone: `+1415555${String(i).padStart(4, '0')}`,
}));
const ERASED = 2;

async function main(): Promise<void> {
  const db = await startDynamoDbLocal({ port: await freePort() });
  const client = localDynamoDbClient(db.endpoint);
  try {
    await ensureTable(db.endpoint, TABLE, { stream: false });
    const keys = raffleKeys(await insertRaffle({ client, name: TABLE }, openRaffle(RAFFLE_ID, new Date())));
    const deps = benchDeps(client, TABLE);
    const apply = createApply(deps);
    const erase = createErase(deps);
    const draw = createDrawHttpHandler(deps);

    for (const p of people) {
      const res = await apply(apiEvent({ route: ROUTES.apply, params: { raffleId: RAFFLE_ID }, body: p }));
      if (res.statusCode !== 201) throw new Error(`registration of ${p.email}: ${res.statusCode} ${res.body}`);
    }
    const erased = await erase(
      apiEvent({ route: ROUTES.eraseEntrant, params: { raffleId: RAFFLE_ID, email: people[ERASED].email }, organiser: true }),
    );
    if (erased.statusCode !== 200) throw new Error(`erasure: ${erased.statusCode} ${erased.body}`);

    const wins = new Map<string, number>(people.map((p) => [p.email, 0]));
    const ms: number[] = [];
    const methods = new Set<string>();
    for (let i = 0; i < DRAWS; i++) {
      const started = process.hrtime.bigint();
      const res = await draw(
        apiEvent({
          route: ROUTES.draw,
          params: { raffleId: RAFFLE_ID },
          // The raffle is still open: a draw before it closes says so.
          body: { winners: 1, early: true },
          headers: { 'idempotency-key': `erasure-${i}` },
          organiser: true,
        }),
      );
      ms.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.statusCode !== 201) throw new Error(`draw ${i}: ${res.statusCode} ${res.body}`);
      const answer = JSON.parse(res.body ?? '{}') as { method: string; winners: { email: string; ticket: number }[] };
      methods.add(answer.method);
      const [winner] = answer.winners;
      wins.set(winner.email, (wins.get(winner.email) ?? 0) + 1);
      await undoWin(client, TABLE, keys, winner.email, winner.ticket);
    }

    const left = people.filter((_, i) => i !== ERASED);
    const expected = DRAWS / left.length;
    const chiSquare = left.reduce((sum, p) => sum + (wins.get(p.email)! - expected) ** 2 / expected, 0);
    console.log(
      `${DRAWS} draws of 1 winner over ${people.length} entrants, ${people[ERASED].email} erased (methods: ${[...methods].join(', ')}):`,
    );
    for (const p of people)
      console.log(`  ${p.email.padEnd(20)} ${String(wins.get(p.email)).padStart(5)} wins${p === people[ERASED] ? '  (erased)' : ''}`);
    // Three degrees of freedom: above 11.34 a uniform draw lands 1% of the time.
    console.log(`  chi-square over the ${left.length} left: ${chiSquare.toFixed(2)} (3 degrees of freedom; 1% critical value 11.34)`);
    console.log(`  a draw: median ${median(ms).toFixed(1)} ms, slowest ${Math.max(...ms).toFixed(1)} ms`);
    const erasedNeverDrawn = wins.get(people[ERASED].email) === 0;
    const everyoneReached = left.every((p) => (wins.get(p.email) ?? 0) > 0);
    console.log(
      `  erased entrant never drawn: ${erasedNeverDrawn ? 'yes' : 'NO'}; every other entrant drawn: ${everyoneReached ? 'yes' : 'NO'}`,
    );
    if (!erasedNeverDrawn || !everyoneReached) process.exitCode = 1;
  } finally {
    client.destroy();
    await db.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
