/**
 * What the benchmarks build each handler from (its createHandler), as the tests' harness and the local
 * runtime do: the table in DynamoDB Local (through a counting proxy, when the bench counts), the system
 * clock and randomness, settings read as a deployed function reads them, and, for the ports a bench
 * does not exercise, stand-ins that say so if they are ever used.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { jsonLogger } from '../../functions/runtime/log';
import type {
  BeaconSource,
  CoreDeps,
  DrawScheduler,
  Mailer,
  OrganiserNotifier,
  Publisher,
  SelfInvoker,
} from '../../functions/runtime/ports';
import { cryptoRandom, systemClock } from '../../functions/runtime/system';
import { readSettings, type Settings } from '../../model/settings';
import { BENCH_ORIGIN_SECRET, BENCH_PUBLIC_API_ID } from './events';

export interface BenchDeps extends CoreDeps {
  readonly mailer: Mailer;
  readonly organiser: OrganiserNotifier;
  readonly publisher: Publisher;
  readonly beacon: BeaconSource;
  readonly invoker: SelfInvoker;
  readonly scheduler: DrawScheduler;
}

const unused = (port: string) => (): never => {
  throw new Error(`this benchmark does not measure the ${port}: give benchDeps one`);
};

export function benchDeps(
  client: DynamoDBClient,
  tableName: string,
  more: Partial<Omit<BenchDeps, 'settings' | 'table'>> & { readonly settings?: Partial<Settings> } = {},
): BenchDeps {
  const { settings, ...ports } = more;
  return {
    // The public API's requests arrive through CloudFront, with its secret (./events.ts), as on AWS.
    settings: {
      ...readSettings({ TABLE_NAME: tableName }),
      publicApiId: BENCH_PUBLIC_API_ID,
      originSecret: BENCH_ORIGIN_SECRET,
      ...settings,
    },
    table: { client, name: tableName },
    clock: systemClock,
    random: cryptoRandom,
    // The functions' log lines are not the measurement.
    logger: jsonLogger(() => undefined, systemClock),
    mailer: { send: unused('mailer') },
    organiser: { notify: unused('organiser notifier') },
    publisher: { put: unused('publisher'), read: unused('publisher') },
    beacon: { chain: { chainHash: 'none', publicKey: '' }, round: unused('beacon') },
    invoker: { invoke: unused('self-invoker') },
    // A draw by hand deletes its raffle's schedule (none here: the benches' raffles have no drawAt).
    scheduler: { schedule: unused('scheduler'), cancel: async () => undefined },
    ...ports,
  };
}
