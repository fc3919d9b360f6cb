/**
 * A small HTTP(S) client for the runtime tests: node's http/https, because fetch cannot present a
 * client certificate. Resolves with status, headers and body; rejects on a failed TLS handshake.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import type { DevCerts } from '../../local/tls';
import { ROUTES } from '../../model/routes';

export interface ClientTls {
  /** CA file that signs the server certificate. */
  readonly caPath: string;
  readonly certPath?: string;
  readonly keyPath?: string;
}

/** The organiser's side of the local admin door: the dev CA, and the admin client certificate and key. */
export function adminTls(certs: DevCerts): ClientTls {
  return { caPath: certs.caPath, certPath: certs.clientCertPath, keyPath: certs.clientKeyPath };
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  readonly tls?: ClientTls;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json<T = unknown>(): T;
}

export function send(url: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const tls = options.tls;
  const secure = target.protocol === 'https:';
  const lib = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      target,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        // A new connection per request, so each one does its own TLS handshake.
        agent: false,
        ...(secure && tls
          ? {
              ca: fs.readFileSync(tls.caPath),
              // The URL's name, not a Host header the test sets, is what the certificate must match.
              servername: target.hostname,
              ...(tls.certPath ? { cert: fs.readFileSync(tls.certPath) } : {}),
              ...(tls.keyPath ? { key: fs.readFileSync(tls.keyPath) } : {}),
            }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function postJson(url: string, body: unknown, tls?: ClientTls, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return sendJson('POST', url, body, tls, headers);
}

export function sendJson(
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body: unknown,
  tls?: ClientTls,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return send(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), tls });
}

let keys = 0;
/** A new Idempotency-Key, as the organiser's page makes one per action. */
export function newKey(what = 'key'): string {
  return `${what}-${process.pid}-${++keys}`;
}

/**
 * Creates a raffle as the organiser does (POST /raffle/raffles on the admin door, with an Idempotency-Key),
 * published unless `fields` says otherwise; throws unless it answers 201. Returns the raffle as answered.
 */
export async function createRaffle<T = Record<string, unknown>>(
  adminUrl: string,
  tls: ClientTls,
  fields: Record<string, unknown> & { readonly raffleId: string },
): Promise<T> {
  const body = {
    title: `Raffle ${fields.raffleId}`,
    prizes: [{ name: 'Prize', winners: 1 }],
    status: 'open',
    ...fields,
  };
  const created = await postJson(`${adminUrl}${ROUTES.createRaffle.path}`, body, tls, {
    'idempotency-key': newKey(`create-${fields.raffleId}`),
  });
  if (created.status !== 201) throw new Error(`creating ${fields.raffleId}: ${created.status} ${created.text}`);
  return created.json<T>();
}
