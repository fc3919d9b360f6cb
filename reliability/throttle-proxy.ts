/**
 * A DynamoDB that throttles, on loopback: an HTTP proxy in front of DynamoDB Local that admits the table's
 * requests at a rate you set and answers the rest as DynamoDB does when it throttles. Reads and writes
 * have a token bucket each, as a table has its read and its write throughput (`ratePerSecond` tokens a
 * second, at most `burst` saved); a request costs one token, a batch one per key. Over the rate:
 *   - HTTP 400, `application/x-amz-json-1.0`,
 *     `{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":…}`;
 *   - a TransactWriteItems, every other time, `TransactionCanceledException` with the cancellation reason
 *     `ThrottlingError`: DynamoDB's API reference for TransactWriteItems lists it ("This message is returned
 *     when writes get throttled on an On-Demand table as DynamoDB is automatically scaling the table");
 *   - a BatchGetItem it has some tokens for: those keys read, the rest returned in `UnprocessedKeys`, as
 *     DynamoDB answers a batch it can only partly serve (the exception only when it can serve none).
 * Everything else passes through untouched: the control
 * plane (CreateTable, DescribeTable, UpdateTimeToLive, ListTables) and the DynamoDB Streams API. The
 * runtime reaches its table and its stream through one endpoint, so the stream reader's calls come here
 * too; they are passed, never throttled, because on AWS reading a stream is not charged against the
 * table's throughput (Streams has limits of its own, per shard), and throttling them would model a
 * failure the deployed notify function does not have.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { performance } from 'perf_hooks';

export interface ThrottleProxyOptions {
  /** DynamoDB Local's endpoint, e.g. http://127.0.0.1:8000. */
  readonly target: string;
  /** Tokens a second, for reads and for writes each; undefined: no limit (the proxy only counts). */
  readonly ratePerSecond?: number;
  /** Tokens saved at most. @default ratePerSecond */
  readonly burst?: number;
  /** Milliseconds, for the bucket. @default performance.now */
  readonly now?: () => number;
}

export interface ProxyCounts {
  /** Table requests passed to the engine. */
  passed: number;
  /** Table requests answered with a throttling error. */
  throttled: number;
  /** Of those, TransactWriteItems answered TransactionCanceledException (ThrottlingError). */
  cancelled: number;
  /** BatchGetItems passed in part, the rest returned unprocessed. */
  partial: number;
  /** Streams and control-plane requests, passed and never throttled. */
  untouched: number;
}

export interface ThrottleProxy {
  readonly endpoint: string;
  readonly counts: ProxyCounts;
  /** Changes the rate (undefined: none) and refills the bucket. */
  setRate(ratePerSecond: number | undefined, burst?: number): void;
  close(): Promise<void>;
}

/** The table's operations, each drawing on the read or the write bucket. */
const TABLE_OPERATIONS: Readonly<Record<string, 'read' | 'write'>> = {
  GetItem: 'read',
  Query: 'read',
  Scan: 'read',
  BatchGetItem: 'read',
  TransactGetItems: 'read',
  PutItem: 'write',
  UpdateItem: 'write',
  DeleteItem: 'write',
  BatchWriteItem: 'write',
  TransactWriteItems: 'write',
};
const ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const THROTTLED_MESSAGE =
  'Throughput exceeds the current capacity of your table or index. DynamoDB is automatically scaling your table or index so please try again shortly.';

type Json = { [key: string]: unknown };
type KeysAndAttributes = Json & { Keys: Json[] };

export async function startThrottleProxy(options: ThrottleProxyOptions): Promise<ThrottleProxy> {
  const now = options.now ?? (() => performance.now());
  const target = new URL(options.target);
  const agent = new http.Agent({ keepAlive: true });
  const counts: ProxyCounts = { passed: 0, throttled: 0, cancelled: 0, partial: 0, untouched: 0 };
  let rate = options.ratePerSecond;
  let burst = options.burst ?? rate ?? 0;
  const tokens = { read: burst, write: burst };
  let filled = now();
  let transactions = 0;

  const refill = (): void => {
    const at = now();
    for (const bucket of ['read', 'write'] as const) {
      if (rate !== undefined) tokens[bucket] = Math.min(burst, tokens[bucket] + ((at - filled) / 1000) * rate);
    }
    filled = at;
  };

  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, edit?: (json: Json) => Json): void => {
    const out = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        agent,
        headers: { ...req.headers, 'content-length': String(body.length) },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let payload = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (edit && answer.statusCode === 200) {
            payload = Buffer.from(JSON.stringify(edit(JSON.parse(payload.toString('utf8')) as Json)));
            // The body changed: its checksum no longer holds.
            delete headers['x-amz-crc32'];
          }
          headers['content-length'] = String(payload.length);
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(payload);
        });
        answer.on('error', () => res.destroy());
      },
    );
    out.on('error', () => res.destroy());
    out.end(body);
  };

  const refuse = (res: http.ServerResponse, type: string, extra: Json): void => {
    const payload = Buffer.from(JSON.stringify({ __type: `${ERROR_PREFIX}${type}`, ...extra }));
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(payload.length) });
    res.end(payload);
  };

  const throttle = (res: http.ServerResponse, operation: string, request: Json): void => {
    counts.throttled++;
    if (operation === 'TransactWriteItems' && transactions++ % 2 === 1) {
      counts.cancelled++;
      const items = Array.isArray(request.TransactItems) ? request.TransactItems.length : 1;
      const reasons = Array.from({ length: items }, (_, i) =>
        i === 0 ? { Code: 'ThrottlingError', Message: THROTTLED_MESSAGE } : { Code: 'None' },
      );
      refuse(res, 'TransactionCanceledException', {
        Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      });
      return;
    }
    refuse(res, 'ProvisionedThroughputExceededException', {
      message:
        'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const [service, operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
      const bucket = service === 'DynamoDB_20120810' ? TABLE_OPERATIONS[operation] : undefined;
      if (bucket === undefined || rate === undefined) {
        if (bucket === undefined) counts.untouched++;
        else counts.passed++;
        forward(req, body, res);
        return;
      }
      const request = JSON.parse(body.toString('utf8') || '{}') as Json;
      const cost = operation === 'BatchGetItem' ? keysOf(request).length : operation === 'BatchWriteItem' ? writesOf(request) : 1;
      refill();
      if (tokens[bucket] >= cost) {
        tokens[bucket] -= cost;
        counts.passed++;
        forward(req, body, res);
      } else if (operation === 'BatchGetItem' && tokens[bucket] >= 1) {
        const served = Math.floor(tokens[bucket]);
        tokens[bucket] -= served;
        counts.partial++;
        const { asked, later } = splitBatch(request, served);
        forward(req, Buffer.from(JSON.stringify(asked)), res, (answer) => ({ ...answer, UnprocessedKeys: later }));
      } else {
        throttle(res, operation, request);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    setRate(next, nextBurst) {
      rate = next;
      burst = nextBurst ?? next ?? 0;
      tokens.read = tokens.write = burst;
      filled = now();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function requestItems(request: Json): [string, KeysAndAttributes][] {
  const items = (request.RequestItems ?? {}) as Record<string, KeysAndAttributes>;
  return Object.entries(items);
}

function keysOf(request: Json): Json[] {
  return requestItems(request).flatMap(([, spec]) => spec.Keys ?? []);
}

function writesOf(request: Json): number {
  return Object.values((request.RequestItems ?? {}) as Record<string, unknown[]>).reduce((n, list) => n + list.length, 0);
}

/** The batch cut in two: the first `served` keys asked now, the rest as DynamoDB returns what it did not read. */
function splitBatch(request: Json, served: number): { asked: Json; later: Record<string, KeysAndAttributes> } {
  const first: Record<string, KeysAndAttributes> = {};
  const later: Record<string, KeysAndAttributes> = {};
  let left = served;
  for (const [table, spec] of requestItems(request)) {
    const taken = spec.Keys.slice(0, left);
    left -= taken.length;
    if (taken.length > 0) first[table] = { ...spec, Keys: taken };
    if (taken.length < spec.Keys.length) later[table] = { ...spec, Keys: spec.Keys.slice(taken.length) };
  }
  return { asked: { ...request, RequestItems: first }, later };
}
