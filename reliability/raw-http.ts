/**
 * One HTTP/1.1 exchange over a socket of its own, written byte for byte: the fuzzer must send what a
 * well-behaved client never would (a bad method, a path with "..", a lying Content-Length, a header Node's
 * own client refuses, a body with no length at all), so neither fetch nor http.request will do. The
 * answer is read as it comes (a 100 Continue skipped), by its Content-Length, its chunks, or the close.
 * Every exchange has a ceiling: a request that gets no answer by then is reported as such, never waited on.
 */
import * as net from 'net';
import * as tls from 'tls';

export interface RawTarget {
  readonly port: number;
  /** The admin door: mutual TLS with the dev CA and the admin client certificate. */
  readonly tls?: { readonly ca: Buffer; readonly cert: Buffer; readonly key: Buffer };
}

export type Framing =
  /** Content-Length: the body's length (none for an empty body). */
  | 'length'
  /** Transfer-Encoding: chunked, in chunks of `chunkSize`. */
  | 'chunked'
  /** No length header at all: the body's bytes follow the head anyway. */
  | 'none'
  /** The case's own headers say the length (or lie about it); nothing is added. */
  | 'declared';

export interface RawRequest {
  readonly method: string;
  /** The request target as sent: "/raffle/raffles", "/raffle/../x", "http://host/…". */
  readonly target: string;
  /** In order, as sent; Host and Connection are added unless the case sends its own. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
  readonly framing: Framing;
  readonly chunkSize?: number;
  /** Our side is closed after the head and this many bytes of the body (a client gone mid-body). */
  readonly truncateAt?: number;
}

export type RawOutcome =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Buffer;
    }
  /** Nothing came back before the ceiling. */
  | { readonly kind: 'timeout' }
  /** The connection ended (or failed) before a whole answer: `detail` says how. */
  | { readonly kind: 'closed'; readonly detail: string };

/** Header names and values are written as latin-1 (bytes 0–255), so a case can put any byte in them. */
export function serialise(request: RawRequest, port: number): Buffer {
  const has = (name: string): boolean => request.headers.some(([n]) => n.toLowerCase() === name);
  const lines = [`${request.method} ${request.target} HTTP/1.1`];
  if (!has('host')) lines.push(`Host: localhost:${port}`);
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (!has('connection')) lines.push('Connection: close');
  if (request.framing === 'length' && request.body.length > 0) lines.push(`Content-Length: ${request.body.length}`);
  if (request.framing === 'chunked') lines.push('Transfer-Encoding: chunked');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return Buffer.concat([head, request.framing === 'chunked' ? chunked(request.body, request.chunkSize ?? 1024) : request.body]);
}

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

interface Parsed {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The body if the answer is complete in `data` (or the connection has ended), else undefined. */
  readonly body?: Buffer;
}

/** Reads the first final answer in `data` (1xx answers are skipped); `ended`: no more bytes will come. */
export function parseAnswer(data: Buffer, ended: boolean): Parsed | undefined {
  let start = 0;
  for (;;) {
    const headEnd = data.indexOf('\r\n\r\n', start, 'latin1');
    if (headEnd < 0) return undefined;
    const [statusLine, ...headerLines] = data.subarray(start, headEnd).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    if (!Number.isInteger(status)) return undefined;
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const bodyStart = headEnd + 4;
    if (status >= 100 && status < 200) {
      start = bodyStart;
      continue;
    }
    const rest = data.subarray(bodyStart);
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      return rest.length >= length
        ? { status, headers, body: rest.subarray(0, length) }
        : { status, headers, ...(ended ? { body: rest } : {}) };
    }
    if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const body = dechunk(rest);
      return { status, headers, ...(body ? { body } : ended ? { body: rest } : {}) };
    }
    return { status, headers, ...(ended ? { body: rest } : {}) };
  }
}

function dechunk(data: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Sends `request` on a new connection and reads the answer; never rejects, never takes much longer than `timeoutMs`. */
export function exchange(target: RawTarget, request: RawRequest, timeoutMs: number): Promise<RawOutcome> {
  const bytes = serialise(request, target.port);
  const headLength = bytes.indexOf('\r\n\r\n', 0, 'latin1') + 4;
  const toSend = request.truncateAt === undefined ? bytes : bytes.subarray(0, headLength + request.truncateAt);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const received = (): Buffer => Buffer.concat(chunks);
    const atEnd = (detail: string): void => {
      const parsed = parseAnswer(received(), true);
      if (parsed?.body) finish({ kind: 'answer', status: parsed.status, headers: parsed.headers, body: parsed.body });
      else
        finish({ kind: 'closed', detail: chunks.length === 0 ? detail : `${detail} after ${received().length} bytes of no whole answer` });
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    const send = (): void => {
      if (request.truncateAt === undefined) socket.write(toSend);
      else socket.end(toSend);
    };
    const socket: net.Socket = target.tls
      ? tls.connect({ host: 'localhost', port: target.port, servername: 'localhost', ...target.tls }, send)
      : net.connect({ host: 'localhost', port: target.port }, send);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = parseAnswer(received(), false);
      if (parsed?.body) finish({ kind: 'answer', status: parsed.status, headers: parsed.headers, body: parsed.body });
    });
    socket.on('end', () => atEnd('the server closed the connection'));
    socket.on('close', () => atEnd('the connection closed'));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A server may answer and close while the body is still being written (EPIPE, ECONNRESET): the answer counts.
      const parsed = parseAnswer(received(), true);
      if (parsed?.body) finish({ kind: 'answer', status: parsed.status, headers: parsed.headers, body: parsed.body });
      else finish({ kind: 'closed', detail: err.code ?? err.message });
    });
  });
}
