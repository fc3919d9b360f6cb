/**
 * The handlers as the tests run them: each built by its own createHandler from this test's settings
 * and adapters (the run's DynamoDB Local with a fresh table per test, a clock the test moves, the local
 * beacon on that clock, folders for the outbox and the published files, an invoker that records what
 * the draw hands itself), and run as its function so that every command it sends is checked against its
 * role (./privileges.ts).
 *
 * Before each test the table has one raffle, RAFFLE_ID (./events.ts), published and open for a year on the
 * test's clock, with prizes of LIMITS.winners.default winners each (the first, "Prize", the default), confirmation and verifiable draws on
 * (each still needs the deployment's switch, as on AWS); `w.raffle.edit` changes it for the test.
 *
 *   const w = useHandlers();
 *   it('…', async () => { w.configure({ confirmEntries: true }); await w.h.apply(event); });
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createHandler as createApply } from '../../../functions/apply/handler';
import { createHandler as createConfirm } from '../../../functions/confirm/handler';
import { createClaimSweep, type ClaimSweepResult } from '../../../functions/draw/claim-sweep';
import { createDrawHttpHandler } from '../../../functions/draw/http';
import { createScheduledDraw, type ScheduledDrawResult } from '../../../functions/draw/scheduled';
import { createVerifiableStep } from '../../../functions/draw/step';
import type { VerifiableStepEvent } from '../../../functions/draw/verifiable/run';
import { createHandler as createDraws } from '../../../functions/draws/handler';
import { createHandler as createEntrants } from '../../../functions/entrants/handler';
import { createHandler as createErase } from '../../../functions/erase/handler';
import { createHandler as createNotify } from '../../../functions/notify/handler';
import { createHandler as createOrganise } from '../../../functions/organise/handler';
import { createHandler as createRaffles } from '../../../functions/raffles/handler';
import { insertRaffle, readRaffle, type StoredRaffle } from '../../../functions/shared/raffles';
import { createHandler as createResults } from '../../../functions/results/handler';
import type { HttpEvent } from '../../../functions/runtime/http';
import { jsonLogger } from '../../../functions/runtime/log';
import type {
  BeaconSource,
  DrawScheduler,
  Mailer,
  OrganiserNotifier,
  Publisher,
  Random,
  SelfInvoker,
} from '../../../functions/runtime/ports';
import { toItem } from '../../../functions/runtime/marshal';
import { cryptoRandom } from '../../../functions/runtime/system';
import { deploymentKeys, raffleKeys, type RaffleKeys } from '../../../model/raffle-keys';
import { RAFFLES_LISTED_IN } from '../../../model/schema';
import { createLocalBeacon, type LocalBeacon } from '../../../local/beacon';
import { outboxMailer, outboxNotifier } from '../../../local/outbox';
import { folderPublisher } from '../../../local/published';
import { LIMITS } from '../../../model/limits';
import type { Raffle } from '../../../model/raffle';
import { readSettings, type Settings } from '../../../model/settings';
import type { ScheduledDrawEvent } from '../../../model/scheduled-draw';
import { TestClock } from '../../../testkit/clock';
import { useDynamoDbLocal, type DynamoDbFixture } from '../../support/dynamodb';
import { RAFFLE_ID } from './events';
import { asFunction, watchClient } from './privileges';

export type Handler = (event: HttpEvent) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Handlers {
  readonly raffles: Handler;
  readonly organise: Handler;
  readonly apply: Handler;
  readonly confirm: Handler;
  readonly draw: Handler;
  /** The draw function invoked by the schedule (asynchronously: it throws when the draw cannot complete). */
  readonly scheduledDraw: (event: ScheduledDrawEvent) => Promise<ScheduledDrawResult>;
  /** The draw function invoked by the claim-sweep schedule (asynchronously: it throws when a raffle failed). */
  readonly claimSweep: () => Promise<ClaimSweepResult>;
  /** The draw function invoked by itself (asynchronously), to freeze or walk a large verifiable pool. */
  readonly step: (event: VerifiableStepEvent) => Promise<{ readonly status: string }>;
  readonly draws: Handler;
  readonly entrants: Handler;
  readonly erase: Handler;
  readonly results: Handler;
  /** The notify function, as the stream's event-source mapping invokes it. */
  readonly notify: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
}

/** What a test may swap for the rest of it: a failing mailer, an unreachable beacon, a scripted random source… */
export interface Adapters {
  readonly random: Random;
  readonly mailer: Mailer;
  readonly organiser: OrganiserNotifier;
  readonly publisher: Publisher;
  readonly beacon: BeaconSource;
  readonly invoker: SelfInvoker;
  readonly scheduler: DrawScheduler;
}

/** What the functions asked of the scheduler, in order. */
export type SchedulerCall =
  { readonly op: 'schedule'; readonly raffleId: string; readonly at: string } | { readonly op: 'cancel'; readonly raffleId: string };

export interface World {
  readonly db: DynamoDbFixture;
  readonly h: Handlers;
  /** The functions' JSON log lines of this test. */
  readonly logs: { readonly lines: string[] };
  /** The functions' clock: real time, moved on at once whenever a function sleeps, and by the test at will. */
  readonly clock: TestClock;
  /** The local beacon, on that clock: a round exists once the clock has reached it. */
  readonly beacon: LocalBeacon;
  /** This test's outbox folder (every email and organiser notice; local/outbox.ts reads it). */
  readonly outbox: string;
  /** This test's published files (draws/<id>/…), as the site bucket would hold them. */
  readonly published: string;
  /** What the draw handed itself in this test, in order: run one with h.step. */
  readonly invoked: VerifiableStepEvent[];
  /** What the functions asked of the scheduler in this test. */
  readonly scheduled: SchedulerCall[];
  /** The test's raffle (RAFFLE_ID): read it, or change it in the table for the rest of the test. */
  readonly raffle: {
    /** Its keys in the table (for seeding and raw reads). */
    readonly keys: RaffleKeys;
    read(): Promise<StoredRaffle>;
    edit(fields: Partial<Raffle>): Promise<void>;
  };
  /** A new empty table for the rest of this test, with the test's raffle in it again. */
  freshTable(): Promise<string>;
  /** These settings for the rest of this test, over the defaults (an empty environment's, with this test's table). */
  configure(settings: Partial<Settings>): void;
  /** These adapters for the rest of this test. */
  use(adapters: Partial<Adapters>): void;
}

/** The World for this test file; `stream`: its tables have a stream, for a file that reads it (see useDynamoDbLocal). */
export function useHandlers(options: { readonly stream?: boolean } = {}): World {
  const db = useDynamoDbLocal(options);
  const lines: string[] = [];
  const clock = new TestClock({ jumpOnSleep: true });
  const beacon = createLocalBeacon(clock);
  const invoked: VerifiableStepEvent[] = [];
  const scheduled: SchedulerCall[] = [];
  let settings: Partial<Settings> = {};
  let adapters: Partial<Adapters> = {};
  let folders: { outbox: string; published: string } | undefined;
  let watching = false;
  let keys: RaffleKeys | undefined;

  const foldersNow = (): { outbox: string; published: string } => {
    if (!folders) throw new Error('the outbox and published folders exist during a test only');
    return folders;
  };
  /** Everything any function is built from; each createHandler takes what it needs. */
  const deps = () => {
    const { outbox, published } = foldersNow();
    const current: Settings = { ...readSettings({ TABLE_NAME: db.tableName }), ...settings };
    return {
      settings: current,
      table: { client: db.client, name: current.tableName },
      clock,
      random: cryptoRandom,
      logger: jsonLogger((line) => lines.push(line), clock),
      mailer: outboxMailer(outbox, clock),
      organiser: outboxNotifier(outbox, clock),
      publisher: folderPublisher(published),
      beacon,
      invoker: { invoke: async (event: unknown) => void invoked.push(event as VerifiableStepEvent) },
      scheduler: {
        schedule: async (raffleId: string, at: string) => void scheduled.push({ op: 'schedule', raffleId, at }),
        cancel: async (raffleId: string) => void scheduled.push({ op: 'cancel', raffleId }),
      },
      ...adapters,
    };
  };

  const table = () => ({ client: db.client, name: db.tableName });
  const freshTable = async (): Promise<string> => {
    const name = await db.freshTable();
    keys = raffleKeys(await insertRaffle(table(), defaultRaffle(clock.now())));
    return name;
  };

  beforeEach(async () => {
    if (!watching) {
      watchClient(db.client, 'dynamodb');
      watching = true;
    }
    settings = {};
    adapters = {};
    lines.length = 0;
    invoked.length = 0;
    scheduled.length = 0;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'raffle-handlers-'));
    folders = { outbox: path.join(root, 'outbox'), published: path.join(root, 'published') };
    await freshTable();
  });
  afterEach(() => {
    if (folders) fs.rmSync(path.dirname(folders.outbox), { recursive: true, force: true });
    folders = undefined;
  });

  const h: Handlers = {
    raffles: asFunction('raffles', (e: HttpEvent) => createRaffles(deps())(e)),
    organise: asFunction('organise', (e: HttpEvent) => createOrganise(deps())(e)),
    apply: asFunction('apply', (e: HttpEvent) => createApply(deps())(e)),
    confirm: asFunction('confirm', (e: HttpEvent) => createConfirm(deps())(e)),
    draw: asFunction('draw', (e: HttpEvent) => createDrawHttpHandler(deps())(e)),
    scheduledDraw: asFunction('draw', (e: ScheduledDrawEvent) => createScheduledDraw(deps())(e, 'scheduled')),
    step: asFunction('draw', (e: VerifiableStepEvent) => createVerifiableStep(deps())(e, 'verifiable step')),
    claimSweep: asFunction('draw', () => createClaimSweep(deps())('claim sweep')),
    draws: asFunction('draws', (e: HttpEvent) => createDraws(deps())(e)),
    entrants: asFunction('entrants', (e: HttpEvent) => createEntrants(deps())(e)),
    erase: asFunction('erase', (e: HttpEvent) => createErase(deps())(e)),
    results: asFunction('results', (e: HttpEvent) => createResults(deps())(e)),
    notify: asFunction('notify', (e: DynamoDBStreamEvent) => createNotify(deps())(e)),
  };

  return {
    db,
    h,
    logs: { lines },
    clock,
    beacon,
    get outbox() {
      return foldersNow().outbox;
    },
    get published() {
      return foldersNow().published;
    },
    invoked,
    scheduled,
    freshTable,
    raffle: {
      get keys() {
        if (!keys) throw new Error("the test's raffle exists during a test only");
        return keys;
      },
      read: async () => (await readRaffle(table(), RAFFLE_ID))!,
      edit: async (fields) => {
        const before = (await readRaffle(table(), RAFFLE_ID))!;
        await db.client.send(
          new PutItemCommand({
            TableName: db.tableName,
            Item: toItem({ ...before, ...fields, email: deploymentKeys.raffle(RAFFLE_ID), listedIn: RAFFLES_LISTED_IN } as never),
          }),
        );
      },
    },
    configure: (more) => {
      settings = { ...settings, ...more };
    },
    use: (more) => {
      adapters = { ...adapters, ...more };
    },
  };
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The test's raffle as it starts: published, open for a year, one prize. */
export function defaultRaffle(now: Date): Omit<Raffle, 'ordinal'> {
  return {
    raffleId: RAFFLE_ID,
    title: 'Spring raffle',
    description: 'A raffle for the tests.',
    // The first is the default; the others are the prizes the tests name.
    prizes: ['Prize', 'Grand prize', 'Bike', 'Tickets', 'Verified prize', 'Weekend for two'].map((name) => ({
      name,
      winners: LIMITS.winners.default,
    })),
    closesAt: new Date(now.getTime() + YEAR_MS).toISOString(),
    confirmEntries: true,
    verifiableDraws: true,
    createdAt: now.toISOString(),
    publishedAt: now.toISOString(),
  };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function inParallel<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}
