/**
 * An HTTP proxy in front of DynamoDB Local that counts what a handler asks of the database: requests
 * per operation (X-Amz-Target), items read (from each response's Count / Items / Responses / Item), and
 * the write units the same requests would consume on AWS (from each request's body). It sees the
 * handler's real traffic without touching the handler's code.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Traffic {
  requests: number;
  itemsRead: number;
  /** On-demand write units: 1 per item written (ours are under 1 KB), 2 inside a transaction. */
  writeUnits: number;
  byOperation: Record<string, number>;
}

export const emptyTraffic = (): Traffic => ({ requests: 0, itemsRead: 0, writeUnits: 0, byOperation: {} });

/** AWS's pricing rule for items under 1 KB: a write is 1 unit, a transactional write 2. */
export function writeUnitsOf(operation: string, body: Record<string, unknown>): number {
  if (operation === 'PutItem' || operation === 'UpdateItem' || operation === 'DeleteItem') return 1;
  if (operation === 'TransactWriteItems') return 2 * ((body.TransactItems as unknown[] | undefined)?.length ?? 0);
  if (operation === 'BatchWriteItem') {
    return Object.values((body.RequestItems as Record<string, unknown[]> | undefined) ?? {}).reduce((n, items) => n + items.length, 0);
  }
  return 0;
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
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            const body = Buffer.concat(out);
            proxy.traffic.requests++;
            proxy.traffic.byOperation[operation] = (proxy.traffic.byOperation[operation] ?? 0) + 1;
            // A refused write (a failed condition) consumes units too, as on AWS.
            try {
              proxy.traffic.writeUnits += writeUnitsOf(
                operation,
                JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
              );
            } catch {
              // not JSON: nothing written
            }
            try {
              proxy.traffic.itemsRead += itemsIn(JSON.parse(body.toString('utf8')) as Record<string, unknown>);
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
      forward.end(Buffer.concat(chunks));
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
