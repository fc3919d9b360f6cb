/**
 * The families of hostile input at the HTTP level (the body's are in ./fuzz-mutations.ts): headers
 * (content types, lengths missing or lying, chunked bodies past 4 KB, hosts, origins, huge and broken
 * headers), paths ("..", "%2e%2e", double slashes, very long ids, another door's routes) and methods.
 * Each spoils a valid draft and says whether what is left must be refused, and whether it is malformed
 * HTTP (which the HTTP server itself may refuse).
 */
import { matchRoute } from '../local/gateway';
import { ROUTES, routesFor } from '../model/routes';
import { FUZZ_RAFFLES, isBodyRoute, NEEDS_IDEMPOTENCY_KEY, note, refuse, type Draft } from './fuzz-draft';

/** Content types, lengths that lie or are missing, chunked bodies past 4 KB, hosts, origins, huge and broken headers. */
export function headers(d: Draft): void {
  const bodyRoute = isBodyRoute(d.route);
  const setHeader = (name: string, value: string | undefined): void => {
    d.headers = d.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
    if (value !== undefined) d.headers.push([name, value]);
  };
  const body = (): Buffer => d.rawBody ?? d.builder.render(d.body ?? { padding: 'x' }, d.escape);
  const ensureBody = (): void => {
    d.rawBody = body();
    if (d.rawBody.length === 0) d.rawBody = Buffer.from('{"padding":"x"}');
  };
  const variant = d.rng.pick([
    'content-type',
    'content-type',
    'no-length',
    'declared',
    'truncated',
    'chunked-big',
    'chunked-small',
    'chunked-broken',
    'expect',
    'huge-header',
    'broken-header',
    'host',
    'idempotency',
    'cross-origin',
    'origin-secret',
  ] as const);
  switch (variant) {
    case 'content-type': {
      const [value, isJson] = d.rng.pick<readonly [string | undefined, boolean]>([
        [undefined, false],
        ['', false],
        ['text/plain', false],
        ['application/x-www-form-urlencoded', false],
        ['multipart/form-data; boundary=x', false],
        ['text/json', false],
        ['application/jsonp', false],
        [';;;', false],
        ['application/json, text/plain', false],
        [`application/${'x'.repeat(8000)}`, false],
        ['APPLICATION/JSON', true],
        ['application/json; charset=utf-16', true],
        ['application/problem+json', true],
        ['  application/json  ;charset=latin1', true],
      ]);
      setHeader('Content-Type', value);
      const what =
        value === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(value.length > 60 ? `${value.slice(0, 40)}…` : value)}`;
      return bodyRoute && !isJson ? refuse(d, what) : note(d, what);
    }
    case 'no-length':
      // Only where an empty body is refused: the bytes after the head are another (malformed) request.
      if (!bodyRoute) return note(d, 'no variation (a route without a body)');
      ensureBody();
      d.framing = 'none';
      d.malformedHttp = true;
      return refuse(d, `a ${d.rawBody!.length}-byte body with no Content-Length`);
    case 'declared': {
      ensureBody();
      const [value, what, malformed] = d.rng.pick<readonly [string[], string, boolean]>([
        [['99999999'], 'Content-Length 99999999 (past 10 MB)', false],
        [['999999999999999999999999'], 'a Content-Length past any integer', true],
        [['-1'], 'Content-Length -1', true],
        [['1.5'], 'Content-Length 1.5', true],
        [['abc'], 'Content-Length abc', true],
        [['0x10'], 'Content-Length 0x10', true],
        [[String(d.rawBody!.length), String(d.rawBody!.length + 1)], 'two different Content-Lengths', true],
        [[String(d.rawBody!.length), 'chunked'], 'Content-Length with Transfer-Encoding: chunked', true],
      ]);
      d.framing = 'declared';
      d.malformedHttp = malformed;
      d.headers.push(['Content-Length', value[0]]);
      if (value[1] === 'chunked') d.headers.push(['Transfer-Encoding', 'chunked']);
      else if (value[1] !== undefined) d.headers.push(['Content-Length', value[1]]);
      return refuse(d, what);
    }
    case 'truncated':
      ensureBody();
      d.truncateAt = d.rng.int(0, d.rawBody!.length - 1);
      d.malformedHttp = true;
      return refuse(d, `a ${d.rawBody!.length}-byte body cut after ${d.truncateAt} bytes, then our side closed`);
    case 'chunked-big':
      d.rawBody = Buffer.from(JSON.stringify({ ...(d.body ?? {}), padding: 'p'.repeat(d.rng.int(4100, 40000)) }), 'utf8');
      d.framing = 'chunked';
      d.chunkSize = d.rng.int(1, 4096);
      if (!d.headers.some(([n]) => n === 'Content-Type')) d.headers.push(['Content-Type', 'application/json']);
      return bodyRoute
        ? refuse(d, `a chunked body of ${d.rawBody.length} bytes`)
        : note(d, `a chunked body of ${d.rawBody.length} bytes (a route that reads none)`);
    case 'chunked-small':
      ensureBody();
      d.framing = 'chunked';
      d.chunkSize = d.rng.int(1, 64);
      return note(d, `a chunked body in ${d.chunkSize}-byte chunks`);
    case 'chunked-broken':
      ensureBody();
      d.framing = 'declared';
      d.headers.push(['Transfer-Encoding', 'chunked']);
      d.rawBody = Buffer.concat([Buffer.from('zz\r\n'), d.rawBody!, Buffer.from('\r\n0\r\n\r\n')]);
      d.malformedHttp = true;
      return refuse(d, 'a chunk size that is not hexadecimal');
    case 'expect':
      d.headers.push(['Expect', '100-continue']);
      return note(d, 'Expect: 100-continue');
    case 'huge-header': {
      const size = d.rng.pick([8000, 15000, 17000, 64000]);
      d.headers.push(['X-Fuzz', 'h'.repeat(size)]);
      if (size > 16000) {
        d.malformedHttp = true;
        return refuse(d, `a ${size}-byte header (past the server's 16 KB)`);
      }
      return note(d, `a ${size}-byte header`);
    }
    case 'broken-header': {
      const [name, value, what] = d.rng.pick([
        ['X-Ctl', 'a\x01b', 'a control byte in a header value'],
        ['X Space', '1', 'a space in a header name'],
        ['X-Nul', 'a\x00b', 'a NUL in a header value'],
        ['', 'empty', 'an empty header name'],
      ]);
      d.headers.push([name, value]);
      d.malformedHttp = true;
      return refuse(d, what);
    }
    case 'host': {
      const [value, what] = d.rng.pick([
        ['evil.example', 'a foreign Host'],
        ['localhost', 'a Host without the port'],
        ['localhost:1', 'a Host with another port'],
        ['', 'an empty Host'],
        [`localhost:${d.rng.int(1, 9)}${'0'.repeat(8)}`, 'a Host with a port past 65535'],
      ]);
      d.headers.push(['Host', value]);
      return refuse(d, what);
    }
    case 'idempotency': {
      const [value, what] = d.rng.pick<readonly [string | undefined, string]>([
        [undefined, 'no Idempotency-Key'],
        ['', 'an empty Idempotency-Key'],
        ['has space', 'an Idempotency-Key with a space'],
        ['k'.repeat(201), 'an Idempotency-Key of 201 characters'],
        ['\t', 'a tab as Idempotency-Key'],
      ]);
      setHeader('Idempotency-Key', value);
      return NEEDS_IDEMPOTENCY_KEY.includes(d.route) ? refuse(d, what) : note(d, what);
    }
    case 'cross-origin': {
      const [name, value] = d.rng.pick([
        ['Origin', 'https://evil.example'],
        ['Origin', 'null'],
        ['Origin', `https://localhost:${d.ctx.adminPort + 1}`],
        ['Sec-Fetch-Site', 'cross-site'],
        ['Sec-Fetch-Site', 'same-site'],
        ['Sec-Fetch-Site', 'none'],
      ]);
      d.headers = d.headers.filter(([n]) => n !== 'Origin' && n !== 'Sec-Fetch-Site');
      d.headers.push([name, value]);
      const what = `${name}: ${value}`;
      return d.api === 'admin' && ROUTES[d.route].method !== 'GET' ? refuse(d, what) : note(d, what);
    }
    case 'origin-secret':
      d.headers.push(['X-Raffle-Origin-Verify', 'forged']);
      return note(d, 'a forged origin secret (the front door replaces it)');
  }
}

/** "..", "%2e%2e", double slashes, very long paths, other doors' routes, odd targets and queries. */
export function path(d: Draft): void {
  const real = ROUTES[d.route].path;
  const filled = (): string =>
    real.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => d.rawParams[name] ?? encodeURIComponent(d.params[name]));
  const variant = d.rng.pick([
    'dotdot',
    'dotdot-encoded',
    'double-slash',
    'trailing-slash',
    'upper-case',
    'long-id',
    'long-draw-id',
    'encoded-real-id',
    'bad-percent',
    'encoded-slash',
    'absolute-form',
    'asterisk',
    'query',
    'other-door',
    'semicolon',
    'raw-bytes',
  ] as const);
  const param = d.params.raffleId !== undefined ? 'raffleId' : d.params.email !== undefined ? 'email' : undefined;
  const setParam = (value: string, what: string, refused = true): void => {
    if (!param) return refuse(d, `${what}: ${(d.target = `${real}/${value}`)}`);
    d.rawParams[param] = value;
    d.params[param] = value;
    return refused ? refuse(d, `${what} as the ${param}`) : note(d, `${what} as the ${param}`);
  };
  switch (variant) {
    case 'dotdot': {
      const at = filled().lastIndexOf('/');
      d.target = `${filled().slice(0, at)}/x/..${filled().slice(at)}`;
      return refuse(d, `a ".." segment: ${d.target}`);
    }
    case 'dotdot-encoded':
      return setParam(d.rng.pick(['%2e%2e', '%2E%2E', '..', '.', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5c..%5c']), 'a dot-dot');
    case 'double-slash': {
      const p = filled();
      const slashes = [...p].map((c, i) => (c === '/' ? i : -1)).filter((i) => i >= 0);
      const at = d.rng.pick(slashes);
      d.target = `${p.slice(0, at)}/${p.slice(at)}`;
      return refuse(d, `a double slash: ${d.target}`);
    }
    case 'trailing-slash':
      d.target = `${filled()}/`;
      return refuse(d, 'a trailing slash');
    case 'upper-case':
      d.target = filled().replace('/raffle', '/RAFFLE');
      return refuse(d, 'the path in upper case');
    case 'long-id': {
      const length = d.rng.pick([65, 500, 1100, 2100, 5000, 14000, 20000]);
      setParam('a'.repeat(length), `${length} characters`);
      if (length > 15000) d.malformedHttp = true;
      return;
    }
    case 'long-draw-id':
      if (d.params.drawId === undefined) return setParam(`${'f'.repeat(33)}`, '33 characters');
      d.rawParams.drawId = d.rng.pick([
        'f'.repeat(33),
        'F'.repeat(32),
        'a'.repeat(1100),
        'b'.repeat(2100),
        'c'.repeat(5000),
        '%2e%2e',
        `${d.rng.hex(31)}%00`,
      ]);
      return refuse(d, `a draw id of ${d.rawParams.drawId.length} characters`);
    case 'encoded-real-id': {
      if (d.params.raffleId === undefined) return note(d, 'no variation (no raffle id)');
      const id = Object.values(FUZZ_RAFFLES).includes(d.params.raffleId as never) ? d.params.raffleId : FUZZ_RAFFLES.instant;
      d.params.raffleId = id;
      d.rawParams.raffleId = [...Buffer.from(id)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      return note(d, `the raffle id percent-encoded: ${d.rawParams.raffleId}`);
    }
    case 'bad-percent':
      return setParam(d.rng.pick(['%zz', '%', '%f', 'a%2', '%00', '%ff', '%c0%af']), 'a broken percent-encoding');
    case 'encoded-slash':
      return setParam(`${FUZZ_RAFFLES.open}%2Fapply`, 'an encoded slash');
    case 'absolute-form':
      d.target = `http://localhost/${filled().slice(1)}`;
      return refuse(d, 'an absolute-form target');
    case 'asterisk':
      d.target = '*';
      return refuse(d, 'the target *');
    case 'query': {
      const junk = d.rng.pick([
        'a=%ff',
        '&&&',
        '=',
        'limit=1e400',
        'limit=-1',
        'count=0',
        'count=99999999999999999999',
        'cursor=%00',
        'prefix=%E2%80%AE',
      ]);
      d.target = `${filled()}?${junk}&${'q'.repeat(d.rng.pick([1, 100, 8000]))}=1`;
      return note(d, `a query string ${JSON.stringify(junk)}`);
    }
    case 'other-door': {
      const other = routesFor(d.api === 'public' ? 'admin' : 'public').filter((r) => !r.apis.includes(d.api));
      const r = d.rng.pick(other);
      d.method = r.method;
      d.target = r.path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) =>
        name === 'raffleId' ? FUZZ_RAFFLES.drawn : name === 'email' ? 'a%40example.com' : 'f'.repeat(32),
      );
      return refuse(d, `${r.method} ${r.path}, a route of the other door`);
    }
    case 'semicolon':
      d.target = `${filled()};jsessionid=1`;
      return refuse(d, 'a ";" parameter on the path');
    case 'raw-bytes':
      // Bytes ≥ 0x80 written raw in the request line (latin-1): a front door may refuse the request line itself.
      d.target = `${filled().replace('/raffle', '/raffle/\xe2\x80\xae')}`;
      d.malformedHttp = true;
      return refuse(d, 'raw UTF-8 bytes in the path');
  }
}

/** Another method on the route's path: a known one, one no server knows, lower case, CONNECT. */
export function method(d: Draft): void {
  const choice = d.rng.pick([
    'GET',
    'POST',
    'PUT',
    'PATCH',
    'DELETE',
    'OPTIONS',
    'HEAD',
    'TRACE',
    'PROPFIND',
    'PURGE',
    'get',
    'FOO',
    'CONNECT',
    'X'.repeat(100),
  ]);
  if (choice === d.method) return note(d, 'no variation (the same method)');
  const before = d.method;
  d.method = choice;
  const knownByParser = /^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|TRACE|PROPFIND|PURGE)$/.test(choice);
  if (!knownByParser || choice === 'CONNECT') d.malformedHttp = true;
  const what = `${choice.length > 20 ? `${choice.slice(0, 10)}…` : choice} instead of ${before}`;
  // The same path may be another route's with this method (GET and PATCH of a raffle, GET and POST of the list).
  const path = ROUTES[d.route].path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => encodeURIComponent(d.params[name]));
  const other = knownByParser ? matchRoute(routesFor(d.api), choice, path) : undefined;
  if (other && (other.method === 'GET' || (d.body !== undefined && d.rawBody === undefined)))
    return note(d, `${what}: ${other.method} ${other.path}`);
  return refuse(d, what);
}
