/**
 * An HTTP proxy in front of DynamoDB Local that counts what a handler asks of the database: requests
 * per operation (X-Amz-Target) and items read (from each response's Count / Items / Responses / Item).
 * It sees the handler's real traffic without touching the handler's code.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface Traffic {
  requests: number;
  itemsRead: number;
  byOperation: Record<string, number>;
}

export const emptyTraffic = (): Traffic => ({ requests: 0, itemsRead: 0, byOperation: {} });

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
