/**
 * One request listener for both local servers. It plays the two deployed front doors:
 *   - public (plain HTTP, like the CloudFront site): pages at "/", the public routes under "/raffle";
 *   - admin (mutual TLS, like the admin custom domain): the admin routes under "/raffle" and the pages
 *     under "/raffle/", "/" redirecting to the organiser's page.
 * Routes come from ROUTES (routesFor), so a route that is not deployed on a door does not exist here either.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IncomingMessage, ServerResponse } from 'http';
import type { TLSSocket } from 'tls';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ORIGIN_SECRET_HEADER, type FunctionName } from '../model/functions';
import { API_BASE_PATH, routesFor, type ApiName } from '../model/routes';
import {
  clientCertInfo,
  fromLambdaResult,
  internalError,
  isApiPath,
  isLocalHost,
  matchRoute,
  misdirected,
  MAX_BODY_BYTES,
  notFound,
  payloadTooLarge,
  splitUrl,
  toApiGatewayEvent,
  type ClientCertInfo,
  type GatewayResponse,
} from './gateway';
import { PUBLISHED_DRAWS_PATH } from '../verify/commitment';
import { OUTBOX_CSP, readOutbox, renderOutboxPage } from './outbox';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../model/i18n';
import { siteFileName, type StaticSite } from './static';

/** Runs one function with one event, as Lambda would. */
export type Invoke = (functionName: FunctionName, event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

export interface RequestListenerProps {
  /** Which front door this server plays. */
  readonly api: ApiName;
  readonly invoke: Invoke;
  readonly site: StaticSite;
  /** Served over TLS: adds HSTS and reads the client certificate. */
  readonly secure: boolean;
  /**
   * On the public door: the header CloudFront adds to every request it forwards to the public API, which
   * the public functions require. @default none (the admin door)
   */
  readonly originSecret?: string;
  /** The local outbox, shown at OUTBOX_PATH on this door. @default none */
  readonly outboxDir?: string;
  /** Where the draw function publishes verifiable draws' files (PUBLISH_DIR), served at /draws/<id>/<file> as the site serves them. @default none */
  readonly publishedDir?: string;
  /** One line per request, e.g. "POST /raffle/apply 201 12 ms". @default no logging */
  readonly log?: (line: string) => void;
}

/** Where the public local server shows the outbox (local only: no such page is deployed). */
export const OUTBOX_PATH = '/__outbox';

/** The page "/" leads to on each door. */
export const HOME_PAGE: Readonly<Record<ApiName, string>> = { public: 'index.html', admin: 'draw.html' };

export function createRequestListener(props: RequestListenerProps): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = routesFor(props.api);
  // No HSTS here: a browser would then insist on HTTPS for every localhost service, for two years.
  // On the admin door the site sits below the API's base path, as the admin domain proxies it.
  const siteMount = props.api === 'admin' ? API_BASE_PATH : '';

  return (req, res) => {
    const started = Date.now();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, rawQueryString } = splitUrl(req.url ?? '/');

    const send = (response: GatewayResponse): void => {
      if (res.headersSent) return;
      const headers = { ...response.headers, 'content-length': String(response.body.length) };
      res.writeHead(response.statusCode, headers);
      res.end(method === 'HEAD' ? undefined : response.body);
      props.log?.(`${method} ${path} ${response.statusCode} ${Date.now() - started} ms`);
    };

    if (!isLocalHost(req.headers.host, req.socket.localPort ?? -1)) {
      send(misdirected(requestId));
      req.resume();
      return;
    }

    if (props.outboxDir && method === 'GET' && path === OUTBOX_PATH) {
      const language = preferredLanguage(req.headers['accept-language']);
      const html = renderOutboxPage(props.outboxDir, readOutbox(props.outboxDir), rawQueryString, language);
      send({
        statusCode: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': OUTBOX_CSP,
          'cache-control': 'no-store',
        },
        body: Buffer.from(html),
      });
      return;
    }

    const published = props.publishedDir && method === 'GET' ? publishedFile(props.publishedDir, path) : undefined;
    if (published) {
      send(published);
      return;
    }

    const page = staticResponse(props, siteMount, method, path);
    if (page) {
      send(page);
      return;
    }

    const route = matchRoute(routes, method, path);
    if (!route) {
      // Like HTTP API: an unknown route is a 404 whether or not the path exists for another method.
      // Outside the API's namespace the site answers, and it has no such file: also a 404.
      send(notFound(requestId));
      req.resume();
      return;
    }

    readBody(req, MAX_BODY_BYTES).then(
      async (body) => {
        if (body === 'too-large') {
          send(payloadTooLarge(requestId));
          return;
        }
        const event = toApiGatewayEvent(
          {
            method,
            url: req.url ?? '/',
            // As CloudFront does: its origin header replaces whatever the client sent under that name.
            headers: props.originSecret ? { ...req.headers, [ORIGIN_SECRET_HEADER]: props.originSecret } : req.headers,
            body,
            sourceIp: normaliseIp(req.socket.remoteAddress),
            protocol: `HTTP/${req.httpVersion}`,
            domainName: hostName(req.headers.host),
            requestId,
            timeEpoch: started,
            clientCert: props.secure ? peerCertificate(req) : undefined,
            apiId: props.api,
          },
          route,
        );
        try {
          send(fromLambdaResult(await props.invoke(route.functionName, event), requestId));
        } catch (err) {
          // What Lambda + API Gateway do with an unhandled error: log it, tell the client nothing.
          console.error(
            JSON.stringify({
              level: 'error',
              message: 'function failed',
              function: route.functionName,
              requestId,
              error: String((err as Error)?.stack ?? err),
            }),
          );
          send(internalError(requestId));
        }
      },
      () => {
        // The client went away mid-body; there is nobody to answer.
        res.destroy();
      },
    );
  };
}

/** The address of a published draw file (draws/<32 hex>/<name>.json|txt): only names of that shape are ever opened. */
const PUBLISHED_FILE = new RegExp(`^/(${PUBLISHED_DRAWS_PATH}/[0-9a-f]{32}/[a-z]+\\.(json|txt))$`);

function publishedFile(dir: string, urlPath: string): GatewayResponse | undefined {
  const match = PUBLISHED_FILE.exec(urlPath);
  if (!match) return undefined;
  const file = path.join(dir, match[1]);
  if (!fs.existsSync(file)) return undefined;
  return {
    statusCode: 200,
    headers: {
      'content-type': match[2] === 'json' ? 'application/json' : 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body: fs.readFileSync(file),
  };
}

/** The site's answer for a GET/HEAD of a page, a redirect for "/" on the admin door, or undefined. */
function staticResponse(props: RequestListenerProps, siteMount: string, method: string, path: string): GatewayResponse | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  if (props.api === 'admin' && (path === '/' || path === API_BASE_PATH || path === `${API_BASE_PATH}/`)) {
    return { statusCode: 302, headers: { location: `${API_BASE_PATH}/${HOME_PAGE.admin}` }, body: Buffer.alloc(0) };
  }
  if (props.api === 'public' && path === '/') return props.site.read(HOME_PAGE.public);
  // On the public door the API owns /raffle/*, as the CloudFront behaviour sends it to the API.
  if (props.api === 'public' && isApiPath(path)) return undefined;
  const name = siteFileName(path, siteMount);
  return name === undefined ? undefined : props.site.read(name);
}

/** Reads the whole body, or stops at `limit` bytes and reports it too large (the rest is discarded). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

function peerCertificate(req: IncomingMessage): ClientCertInfo | undefined {
  const socket = req.socket as TLSSocket;
  const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  return cert && cert.raw ? clientCertInfo(cert.raw) : undefined;
}

function hostName(host: string | undefined): string {
  if (!host) return 'localhost';
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.split(':')[0];
}

/** "::ffff:127.0.0.1" → "127.0.0.1", as API Gateway reports IPv4 clients. */
function normaliseIp(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The first language of an Accept-Language header that the app speaks (the outbox has no switcher), else English. */
function preferredLanguage(header: string | undefined): Language {
  const bases = (header ?? '').split(',').map((tag) => tag.split(';')[0].trim().toLowerCase().split('-')[0]);
  return bases.find(isLanguage) ?? DEFAULT_LANGUAGE;
}
