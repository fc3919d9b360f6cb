/**
 * Keeps the runtime's own DynamoDB Local running. When the engine dies (killed, crashed), the runtime must
 * not go on answering every request with an error: with a data folder it restarts the engine on the same
 * port and folder (the endpoint the functions hold stays right), and meanwhile requests answer `503
 * service_busy`; with the data in memory there is nothing to restart from, and after repeated deaths
 * something is wrong with the machine: then it says so in one line and the runtime stops.
 *
 * The local engine may lose a write it has acknowledged when it is killed (README, "What the local
 * engine does not promise"); DynamoDB on AWS does not acknowledge a write before it is durable.
 */
import type { Clock } from '../functions/runtime/ports';
import { ensureTable, startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb';

/** More deaths than this within the window stop the runtime. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 5 * 60_000;

export interface SupervisorOptions {
  readonly port: number;
  /** The engine's data folder; undefined when it keeps its data in memory. */
  readonly dataDir?: string;
  readonly corsOrigins: readonly string[];
  readonly tableName: string;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** The engine is gone for good: one line saying why and what to do. */
  readonly onFatal: (message: string) => void;
}

export interface SupervisedEngine {
  readonly endpoint: string;
  /** The engine's process now (it changes with a restart). */
  readonly pid: number;
  /** Stops supervising and the engine; waits for a restart under way first. */
  stop(): Promise<void>;
}

export function superviseEngine(first: RunningDynamoDbLocal, options: SupervisorOptions): SupervisedEngine {
  let current = first;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();
  let deaths: number[] = [];

  const fatal = (message: string): void => {
    if (!stopping) options.onFatal(message);
  };

  async function restart(how: string): Promise<void> {
    const { dataDir, log } = options;
    if (dataDir === undefined) {
      fatal(`DynamoDB Local exited (${how}) and its data was in memory: there is nothing to restart it from. Run npm start again.`);
      return;
    }
    const now = options.clock.now().getTime();
    deaths = [...deaths.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (deaths.length > MAX_RESTARTS) {
      fatal(
        `DynamoDB Local exited ${deaths.length} times in ${RESTART_WINDOW_MS / 60_000} minutes (last: ${how}): stopping. Its data stays in ${dataDir}; check \`java -version\` and the free disk space, then run npm start again.`,
      );
      return;
    }
    log(`DynamoDB Local exited (${how}): restarting it on ${dataDir}; requests answer 503 service_busy meanwhile`);
    try {
      current = await startDynamoDbLocal({ port: options.port, dbPath: dataDir, corsOrigins: options.corsOrigins });
      await ensureTable(current.endpoint, options.tableName);
    } catch (err) {
      fatal(`DynamoDB Local could not be restarted: ${(err as Error)?.message ?? String(err)}`);
      return;
    }
    if (stopping) return;
    log(`DynamoDB Local is back (pid ${current.pid})`);
    watch(current);
  }

  function watch(engine: RunningDynamoDbLocal): void {
    void engine.exited.then((exit) => {
      if (exit.expected || stopping) return;
      restarting = restart(exit.signal ?? `exit code ${exit.code}`);
    });
  }

  watch(first);
  return {
    endpoint: first.endpoint,
    get pid() {
      return current.pid;
    },
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
