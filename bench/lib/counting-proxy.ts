/**
 * An HTTP proxy in front of DynamoDB Local that counts what a handler asks of the database: requests
 * per operation (X-Amz-Target), items read (from each response's Count / Items / Responses / Item), and
 * the write and read units the same requests would consume on AWS on demand (writes from each request's
 * body, reads from the items each response carries, sized as DynamoDB sizes them). It sees the handler's
 * real traffic without touching the handler's code.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { deploymentKeys } from '../../model/raffle-keys';

const RAFFLE_RECORD = deploymentKeys.raffle('');

export interface Traffic {
  requests: number;
  itemsRead: number;
  /** On-demand write units: 1 per item written (ours are under 1 KB), 2 inside a transaction. */
  writeUnits: number;
  /** On-demand read units (readUnitsOf). */
  readUnits: number;
  /** GetItem requests of a raffle's record (deploymentKeys.raffle): what the raffle caches save. */
  raffleReads: number;
  byOperation: Record<string, number>;
  /** readUnits, by operation. */
  readUnitsByOperation: Record<string, number>;
}

export const emptyTraffic = (): Traffic => ({
  requests: 0,
  itemsRead: 0,
  writeUnits: 0,
  readUnits: 0,
  raffleReads: 0,
  byOperation: {},
  readUnitsByOperation: {},
});

/** AWS's pricing rule for items under 1 KB: a write is 1 unit, a transactional write 2. */
export function writeUnitsOf(operation: string, body: Record<string, unknown>): number {
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') return 1;
  if (operation === 'TransactWriteItems') return 2 * ((body.TransactItems as unknown[] | undefined)?.length ?? 0);
  if (operation === 'BatchWriteItem') {
    return Object.values((body.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, items) => n + items.length, 0);
  }
  return 0;
}

type Attribute = Record<string, unknown>;

/** An attribute value's size as DynamoDB counts it (its documented sizes; a number about one byte per two digits). */
function valueBytes(value: Attribute): number {
  const [type, v] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(v as string);
    case 'N':
      return Math.ceil(String(v).replace(/^[-+]?0*|[.eE].*$/g, '').length / 2) + 1;
    case 'B':
      return Buffer.from(v as string, 'base64').length;
    case 'SS':
      return (v as string[]).reduce((n, x) => n + Buffer.byteLength(x), 0);
    case 'NS':
      return (v as string[]).reduce((n, x) => n + valueBytes({ N: x }), 0);
    case 'L':
      return 3 + (v as Attribute[]).reduce((n, x) => n + 1 + valueBytes(x), 0);
    case 'M':
      return 3 + itemBytes(v as Record<string, Attribute>) + Object.keys(v as object).length;
    default:
      return 1; // BOOL, NULL
  }
}

/** An item's size as DynamoDB counts it: each attribute's name and value. */
export function itemBytes(item: Record<string, Attribute>): number {
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value), 0);
}

const UNIT = 4096;

/**
 * AWS's on-demand rule for reads: a strongly consistent read is 1 unit per 4 KB (rounded up per item for
 * GetItem and BatchGetItem), an eventually consistent one half that, a transactional read twice; a
 * GetItem that finds nothing still costs its minimum. A Query or a Scan is charged for every item it
 * reads, before its filter and whatever its projection, which its answer does not show: for those, the
 * units DynamoDB Local itself reports (the proxy asks for them, askCapacity), or, without them, the size
 * of the items returned. DynamoDB Local sizes an index's items as the whole table item, where AWS sizes
 * the index's own copy (keys and projected attributes): for an index, an upper bound.
 */
export function readUnitsOf(operation: string, request: Record<string, unknown>, response: Record<string, unknown>): number {
  const rate = (consistent: unknown): number => (consistent === true ? 1 : 0.5);
  const perItem = (items: readonly Record<string, Attribute>[]): number =>
    items.reduce((n, item) => n + Math.max(1, Math.ceil(itemBytes(item) / UNIT)), 0);
  switch (operation) {
    case 'GetItem': {
      const item = response.Item as Record<string, Attribute> | undefined;
      return rate(request.ConsistentRead) * (item ? perItem([item]) : 1);
    }
    case 'BatchGetItem': {
      const asked = request.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead?: boolean }>;
      const found = (response.Responses ?? {}) as Record<string, Record<string, Attribute>[]>;
      return Object.entries(asked).reduce((n, [table, ask]) => {
        const items = found[table] ?? [];
        // Keys asked and not found cost their minimum too.
        return n + rate(ask.ConsistentRead) * (perItem(items) + Math.max(0, ask.Keys.length - items.length));
      }, 0);
    }
    case 'Query':
    case 'Scan': {
      const reported = (response.ConsumedCapacity as { CapacityUnits?: number } | undefined)?.CapacityUnits;
      if (typeof reported === 'number') return reported;
      const items = (response.Items ?? []) as Record<string, Attribute>[];
      const bytes = items.reduce((n, item) => n + itemBytes(item), 0);
      return rate(request.ConsistentRead) * Math.max(1, Math.ceil(bytes / UNIT));
    }
    case 'TransactGetItems': {
      const items = ((response.Responses ?? []) as { Item?: Record<string, Attribute> }[]).map((r) => r.Item ?? {});
      return 2 * perItem(items);
    }
    default:
      return 0;
  }
}

/** A Query or a Scan asks DynamoDB Local what it consumed (the handler ignores the extra field in the answer). */
function askCapacity(operation: string, body: Buffer): Buffer {
  if (operation !== 'Query' && operation !== 'Scan') return body;
  try {
    const request = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (request.ReturnConsumedCapacity !== undefined && request.ReturnConsumedCapacity !== 'NONE') return body;
    return Buffer.from(JSON.stringify({ ...request, ReturnConsumedCapacity: 'TOTAL' }));
  } catch {
    return body;
  }
}

function itemsIn(body: Record<string, unknown>): number {
  if (typeof body.Count === 'number') return body.Count; // Query, Scan
  if (body.Item) return 1; // GetItem
  if (body.Responses && typeof body.Responses === 'object') {
    // BatchGetItem: { table: [items] }; TransactGetItems: [ { Item } ]
    return Object.values(body.Responses as Record<string, unknown[]>).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
  }
  return 0;
}

export interface CountingProxy {
  readonly endpoint: string;
  traffic: Traffic;
  close(): Promise<void>;
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const proxy: CountingProxy = { endpoint: '', traffic: emptyTraffic(), close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? 'unknown')
      .split('.')
      .pop()!;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sent = askCapacity(operation, Buffer.concat(chunks));
      const headers = { ...req.headers, 'content-length': String(sent.length) };
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const body = Buffer.concat(out);
            proxy.traffic.requests++;
            proxy.traffic.byOperation[operation] = (proxy.traffic.byOperation[operation] ?? 0) + 1;
            // A refused write (a failed condition) consumes units too, as on AWS.
            let request: Record<string, unknown> = {};
            try {
              request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
              proxy.traffic.writeUnits += writeUnitsOf(operation, request);
              const key = (request.Key as { email?: { S?: string } } | undefined)?.email?.S;
              if (operation === 'GetItem' && key?.startsWith(RAFFLE_RECORD)) proxy.traffic.raffleReads++;
            } catch {
              // not JSON: nothing written
            }
            try {
              const response = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
              proxy.traffic.itemsRead += itemsIn(response);
              if ((up.statusCode ?? 500) < 300) {
                const read = readUnitsOf(operation, request, response);
                proxy.traffic.readUnits += read;
                proxy.traffic.readUnitsByOperation[operation] = (proxy.traffic.readUnitsByOperation[operation] ?? 0) + read;
              }
            } catch {
              // not JSON (an error page): counts as a request, reads nothing
            }
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(body);
          });
        },
      );
      forward.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      forward.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
      }),
  });
}
