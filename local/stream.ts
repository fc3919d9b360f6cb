/**
 * The local stand-in for Lambda's DynamoDB Streams event-source mapping: reads DynamoDB Local's stream
 * of the table (its Streams API), keeps the records that the mapping's filter would pass
 * (model/stream-filter.ts), and invokes the function with them in batches, in order, as Lambda does.
 *
 * A batch that fails (the function throws, or reports an item failure) is retried from the failed
 * record, up to `maxRetries` times, then handed to `onFailure` (Lambda's on-failure destination) and
 * skipped, so one bad record never blocks the stream. The poller starts at the oldest record the
 * stream keeps (TRIM_HORIZON): what completed while the runtime was down is still announced, and the
 * function's exactly-once records keep anything from being announced twice.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { matchesPattern, type EventPattern } from '../model/stream-filter';
import { localDynamoDbClient } from './dynamodb';

export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly tableName: string;
  /** The mapping's filter. */
  readonly pattern: EventPattern;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  /** Records per invocation. @default 10 (the mapping's batch size) */
  readonly batchSize?: number;
  /** Retries of a failing batch before it goes to onFailure. @default 3 (the mapping's maximum_retry_attempts) */
  readonly maxRetries?: number;
  /** Where a batch goes after its retries. */
  readonly onFailure: (records: readonly DynamoDBRecord[], error: string) => void;
  /** Pause between reads of an idle stream. @default 200 ms */
  readonly idleMs?: number;
  /** Where the poller says it cannot read the stream, and when it reads again. @default console.error */
  readonly log?: (line: string) => void;
}

/** A stream that cannot be read (its engine is down) is asked again after a doubling pause, at most this long. */
export const MAX_BACKOFF_MS = 30_000;

export interface StreamStats {
  /** Records read from the stream, of any kind. */
  recordsRead: number;
  /** Records that passed the filter and were delivered (retries counted once). */
  recordsDelivered: number;
  invocations: number;
}

export interface StreamPoller {
  readonly stats: StreamStats;
  /** Resolves once the stream has been read up to now and everything read has been handled. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const db = localDynamoDbClient(options.endpoint);
  const { Table } = await db.send(new DescribeTableCommand({ TableName: options.tableName }));
  db.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${options.tableName} has no stream`);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: process.env.AWS_REGION ?? 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const stats: StreamStats = { recordsRead: 0, recordsDelivered: 0, invocations: 0 };
  const iterators = new Map<string, string>();
  const finishedShards = new Set<string>();
  let stopping = false;
  /** Rounds begun; a drain waits for an empty round begun after it was asked for. */
  let round = 0;
  let drainWaiters: { readonly after: number; readonly resolve: () => void }[] = [];

  async function discoverShards(): Promise<void> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (!id || iterators.has(id) || finishedShards.has(id)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      if (ShardIterator) iterators.set(id, ShardIterator);
    }
  }

  async function deliver(records: DynamoDBRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += options.batchSize ?? 10) {
      let batch = records.slice(start, start + (options.batchSize ?? 10));
      stats.recordsDelivered += batch.length;
      for (let attempt = 0; batch.length > 0; attempt++) {
        let failedAt: string | undefined;
        let error: string;
        try {
          stats.invocations++;
          const response = await options.invoke({ Records: batch });
          failedAt = response?.batchItemFailures?.[0]?.itemIdentifier;
          error = failedAt ? 'reported a batch item failure' : '';
        } catch (err) {
          failedAt = batch[0].dynamodb?.SequenceNumber;
          error = (err as Error)?.message ?? String(err);
        }
        if (failedAt === undefined) break;
        const from = Math.max(
          0,
          batch.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt),
        );
        if (attempt >= (options.maxRetries ?? 3)) {
          options.onFailure(batch.slice(from), error);
          break;
        }
        batch = batch.slice(from);
      }
    }
  }

  /** The last record read from each shard: where a read starts again after its iterator went bad. */
  const lastRead = new Map<string, string>();

  /** A new iterator for `shard`, just after its last record read (or at its start). */
  async function readAgainAfterLast(shard: string): Promise<void> {
    const after = lastRead.get(shard);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    if (ShardIterator) iterators.set(shard, ShardIterator);
  }

  async function pollOnce(): Promise<boolean> {
    let any = false;
    for (const [shard, iterator] of [...iterators]) {
      let out;
      try {
        out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (err) {
        // DynamoDB Local sometimes says an iterator taken on a new, empty shard reads past the oldest
        // record once the first record arrives (aws/aws-sdk-java#2923), and would say so forever: take
        // a new iterator after the last record read (or at the start), and count this round as not empty.
        if ((err as Error)?.name !== 'TrimmedDataAccessException') throw err;
        await readAgainAfterLast(shard);
        any = true;
        continue;
      }
      const records = (out.Records ?? []).map(toLambdaRecord(streamArn!));
      stats.recordsRead += records.length;
      any ||= records.length > 0;
      const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
      if (last) lastRead.set(shard, last);
      await deliver(records.filter((r) => matchesPattern(options.pattern, r)));
      if (out.NextShardIterator) iterators.set(shard, out.NextShardIterator);
      else {
        iterators.delete(shard);
        finishedShards.add(shard);
      }
    }
    return any;
  }

  /**
   * After a failure (the engine down, or restarted under us: its iterators are no longer good), every
   * shard is read again from just after its last record read, or from its start.
   */
  async function resume(): Promise<void> {
    for (const shard of iterators.keys()) await readAgainAfterLast(shard);
    await discoverShards();
  }

  /** A pause that ends early when the poller stops, so stop() never waits out a long backoff. */
  let wakeSleeper: (() => void) | undefined;
  function sleepUnlessStopping(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  const log = options.log ?? ((line: string) => console.error(line));
  /** Failed rounds in a row: one line when they begin and one when they end, and a doubling pause between. */
  let failures = 0;

  await discoverShards();
  const loop = (async () => {
    while (!stopping) {
      const thisRound = ++round;
      let any: boolean;
      try {
        if (failures > 0) await resume();
        // New shards appear as DynamoDB Local rolls them over.
        else if (thisRound % 10 === 0) await discoverShards().catch(() => undefined);
        any = await pollOnce();
      } catch (err) {
        // An error is no proof of an empty stream: no drain ends on it.
        failures++;
        const pause = Math.min(MAX_BACKOFF_MS, (options.idleMs ?? 200) * 2 ** failures);
        if (failures === 1 && !stopping)
          log(
            `stream poller: cannot read the stream (${(err as Error)?.message ?? String(err)}); asking again with a growing pause, up to ${MAX_BACKOFF_MS / 1000} s`,
          );
        await sleepUnlessStopping(pause);
        continue;
      }
      if (failures > 0) {
        log(`stream poller: reading the stream again after ${failures} failed attempt(s)`);
        failures = 0;
      }
      if (!any) {
        for (const waiter of drainWaiters.filter((w) => w.after < thisRound)) waiter.resolve();
        drainWaiters = drainWaiters.filter((w) => w.after >= thisRound);
        await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 200));
      }
    }
  })();

  return {
    stats,
    drain: () => new Promise<void>((resolve) => drainWaiters.push({ after: round, resolve })),
    async stop() {
      stopping = true;
      wakeSleeper?.();
      await loop;
      for (const waiter of drainWaiters) waiter.resolve();
      streams.destroy();
    },
  };
}

/** A Streams API record in the shape Lambda gives the function. */
function toLambdaRecord(streamArn: string): (record: StreamRecord) => DynamoDBRecord {
  return (record) =>
    ({
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: record.awsRegion,
      eventSourceARN: streamArn,
      dynamodb: {
        ...record.dynamodb,
        ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime
          ? Math.floor(record.dynamodb.ApproximateCreationDateTime.getTime() / 1000)
          : undefined,
      },
    }) as DynamoDBRecord;
}
