/**
 * The sample events in functions/events/ are valid payload-2.0 events and give the status that
 * functions/events/README.md documents, run in the README's order against an empty table.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { parseBody } from '../support/events';
import type { FunctionName } from '../../../model/functions';
import { useHandlers, type Handler } from '../support/handlers';
import { API_STAGE, matchRoutePath, ROUTES, routeKey } from '../../../model/routes';

const EVENTS_DIR = path.resolve(__dirname, '../../../functions/events');

interface Row {
  readonly file: string;
  readonly handler: FunctionName;
  readonly status: number;
}

/** The rows of the README's table: | event | handler | status | what it shows | */
function documentedRows(): Row[] {
  const readme = fs.readFileSync(path.join(EVENTS_DIR, 'README.md'), 'utf8');
  return readme
    .split('\n')
    .map((line) => /^\|\s*([\w-]+\.json)\s*\|\s*(\w+)\s*\|\s*(\d{3})\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[1], handler: m[2] as FunctionName, status: Number(m[3]) }));
}

// Each test gets a fresh, empty table.
const { h } = useHandlers();

const rows = documentedRows();
const events = (file: string): APIGatewayProxyEventV2 => JSON.parse(fs.readFileSync(path.join(EVENTS_DIR, file), 'utf8'));

describe('sample events', () => {
  it('are all documented, and every documented file exists', () => {
    const files = fs
      .readdirSync(EVENTS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort();
    expect(rows.map((r) => r.file).sort()).toEqual(files);
  });

  it.each(rows.map((r) => [r.file, r] as const))('%s is a payload 2.0 event for a declared route of its handler', (_file, row) => {
    const event = events(row.file);
    expect(event.version).toBe('2.0');
    expect(event.requestContext.requestId).toEqual(expect.any(String));
    const route = Object.values(ROUTES).find((r) => r.functionName === row.handler && routeKey(r) === event.routeKey);
    expect(route).toBeDefined();
    expect(route && matchRoutePath(route, event.rawPath)).toBeDefined();
    expect(event.requestContext.routeKey).toBe(event.routeKey);
    expect(event.requestContext.stage).toBe(API_STAGE);
    expect(event.requestContext.http.method).toBe(route?.method);
    // Admin routes are only reachable with a client certificate, so their samples carry one.
    if (route && !(route.apis as readonly string[]).includes('public')) {
      expect(event.requestContext.authentication?.clientCert?.subjectDN).toEqual(expect.any(String));
    }
  });

  it('give the documented status, in order, against an empty table', async () => {
    const statuses: Array<[string, number | undefined]> = [];
    const bodies: Record<string, unknown> = {};
    for (const row of rows) {
      const res = await (h[row.handler] as Handler)(events(row.file));
      statuses.push([row.file, res.statusCode]);
      bodies[row.file] = String(res.headers?.['content-type']).startsWith('application/json') ? parseBody(res) : res.body;
    }
    expect(statuses).toEqual(rows.map((r) => [r.file, r.status]));
    expect(bodies['raffle.json']).toMatchObject({ raffleId: 'spring', count: 2 });
    expect(bodies['draw-replay.json']).toEqual(bodies['draw.json']);
    expect(String(bodies['entrants-csv.json']).split('\r\n')).toHaveLength(1 + 2 + 1);
    expect(bodies['draw-void.json']).toMatchObject({
      replacement: { winnerCount: 0 },
      voided: { winners: expect.arrayContaining([expect.objectContaining({ status: 'void' })]) },
    });
    expect((await (h.draws as Handler)(events('draws.json'))).body).toContain('"status":"erased"');
  });
});
