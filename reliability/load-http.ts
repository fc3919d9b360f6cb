/**
 * The load driver's HTTP: keep-alive connections to one door of the local runtime (the public one in
 * plain HTTP, the admin one with the dev CA and the admin client certificate), every exchange timed and
 * counted, none waited on past a ceiling: a request with no answer by then is a `hang`, a dropped
 * connection a `socket` failure, both violations the report names.
 *
 * What may be asked again: `503 service_busy` with a Retry-After (the README's one retryable fault) is
 * waited out and sent again (`untilSettled`); any other 5xx, or a 503 without that shape, is a violation.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { performance } from 'perf_hooks';

export interface Door {
  readonly base: string;
  readonly agent: http.Agent;
  /** `public` or `admin`: the label of its figures. */
  readonly name: string;
}

export interface AdminCerts {
  readonly caPath: string;
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
}

/** A door with `sockets` keep-alive connections at most. */
export function openDoor(name: string, base: string, sockets: number, certs?: AdminCerts): Door {
  // An idle connection is closed before the server's keep-alive timeout (5 s) could close it under a new request.
  const options = { keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets, timeout: 4000 };
  const agent = certs
    ? new https.Agent({
        ...options,
        ca: fs.readFileSync(certs.caPath),
        cert: fs.readFileSync(certs.clientCertPath),
        key: fs.readFileSync(certs.clientKeyPath),
      })
    : new http.Agent(options);
  return { base, agent, name };
}

export interface Answer {
  /** 0 when there was none: `failure` says why. */
  readonly status: number;
  readonly retryAfter?: string;
  readonly text: string;
  readonly ms: number;
  readonly failure?: 'hang' | 'socket';
}

/** The answer's JSON, or undefined when it is not JSON. */
export function bodyOf<T>(answer: Answer): T | undefined {
  try {
    return JSON.parse(answer.text) as T;
  } catch {
    return undefined;
  }
}

/** The error code of an error answer. */
export function codeOf(answer: Answer): string | undefined {
  return bodyOf<{ error?: { code?: string } }>(answer)?.error?.code;
}

/** Requests per status (and failure), latencies per route: the figures of a phase. */
export class Traffic {
  readonly statuses = new Map<string, number>();
  private readonly latencies = new Map<string, number[]>();
  readonly violations: string[] = [];
  /** The longest each status (and failure) took to come back. */
  readonly slowest = new Map<string, number>();
  /** Requests by how many retryable 503s they got before their answer (0: answered at once). */
  readonly retried = new Map<number, number>();
  private first = Infinity;
  private last = 0;

  record(route: string, answer: Answer, started: number): void {
    const key = answer.failure ?? `${answer.status}${answer.status >= 400 ? ` ${codeOf(answer) ?? ''}`.trimEnd() : ''}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
    this.slowest.set(key, Math.max(this.slowest.get(key) ?? 0, answer.ms));
    const list = this.latencies.get(route) ?? [];
    list.push(answer.ms);
    this.latencies.set(route, list);
    this.first = Math.min(this.first, started);
    this.last = Math.max(this.last, started + answer.ms);
  }

  settled(busy: number): void {
    this.retried.set(busy, (this.retried.get(busy) ?? 0) + 1);
  }

  violation(what: string): void {
    this.violations.push(what);
  }

  get requests(): number {
    return [...this.statuses.values()].reduce((a, b) => a + b, 0);
  }

  /** Seconds from the first request's start to the last answer. */
  get seconds(): number {
    return this.requests === 0 ? 0 : (this.last - this.first) / 1000;
  }

  /** p-th percentile (0–100) of the latencies of `route`, or of every route. */
  percentile(p: number, route?: string): number {
    const all = route ? (this.latencies.get(route) ?? []) : [...this.latencies.values()].flat();
    if (all.length === 0) return 0;
    const sorted = [...all].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  routes(): string[] {
    return [...this.latencies.keys()].sort();
  }

  count(route: string): number {
    return this.latencies.get(route)?.length ?? 0;
  }
}

export interface Exchange {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** The route's name in the figures, e.g. "POST apply". */
  readonly route: string;
}

/** No answer after this long is a hang: far above anything the runtime needs, even on a busy machine. */
export const HANG_CEILING_MS = 60_000;

/** One exchange, timed and recorded; never rejects. */
export function exchange(door: Door, traffic: Traffic, what: Exchange, ceilingMs = HANG_CEILING_MS): Promise<Answer> {
  const url = new URL(what.path, door.base);
  const payload = what.body === undefined ? undefined : Buffer.from(JSON.stringify(what.body));
  const started = performance.now();
  return new Promise<Answer>((resolve) => {
    let settled = false;
    const settle = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      traffic.record(what.route, answer, started);
      if (answer.failure) traffic.violation(`${what.route}: ${answer.failure} after ${Math.round(answer.ms)} ms`);
      resolve(answer);
    };
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: what.method,
        agent: door.agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          ...what.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          settle({
            status: res.statusCode ?? 0,
            ...(retryAfter !== undefined ? { retryAfter } : {}),
            text: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          });
        });
        res.on('error', () => settle({ status: 0, text: '', ms: performance.now() - started, failure: 'socket' }));
      },
    );
    const timer = setTimeout(() => {
      settle({ status: 0, text: '', ms: performance.now() - started, failure: 'hang' });
      req.destroy();
    }, ceilingMs);
    req.on('error', () => settle({ status: 0, text: '', ms: performance.now() - started, failure: 'socket' }));
    req.end(payload);
  });
}

/** True for the one retryable fault the API documents: 503 service_busy with a Retry-After in seconds. */
export function isRetryableBusy(answer: Answer): boolean {
  return answer.status === 503 && codeOf(answer) === 'service_busy' && /^\d+$/.test(answer.retryAfter ?? '');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Settled {
  /** The last answer: not a retryable 503 (unless every try was). */
  readonly answer: Answer;
  /** Retryable 503s before it. */
  readonly busy: number;
  /** The longest any of those 503s took to come back. */
  readonly slowestBusyMs: number;
}

/**
 * Sends `what` until the answer is not a retryable 503, waiting each Retry-After (plus a jitter that
 * grows with each try) between; at most `tries` times. A 5xx of any other shape is recorded as a
 * violation and ends the tries (it is what the runtime must never answer).
 */
export async function untilSettled(door: Door, traffic: Traffic, what: Exchange, tries = 30): Promise<Settled> {
  let busy = 0;
  let slowestBusyMs = 0;
  for (let attempt = 1; ; attempt++) {
    const answer = await exchange(door, traffic, what);
    if (answer.status >= 500 && !isRetryableBusy(answer)) {
      traffic.violation(
        `${what.route}: ${answer.status} ${codeOf(answer) ?? answer.text.slice(0, 80)} (retry-after ${answer.retryAfter ?? 'none'})`,
      );
    }
    if (!isRetryableBusy(answer) || attempt >= tries) {
      traffic.settled(busy);
      return { answer, busy, slowestBusyMs };
    }
    busy++;
    slowestBusyMs = Math.max(slowestBusyMs, answer.ms);
    // As people (and pages) do: not all at once, and later each time (full jitter, doubling, at most 30 s more).
    await sleep(Number(answer.retryAfter) * 1000 + Math.random() * Math.min(30_000, 500 * 2 ** (busy - 1)));
  }
}

/** Runs `work` over `items` with `clients` at a time; resolves when all are done. */
export async function inParallel<T>(items: readonly T[], clients: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, items.length) }, worker));
}
