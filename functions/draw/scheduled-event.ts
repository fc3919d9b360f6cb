/**
 * The event EventBridge Scheduler sends the draw function (constructs/draw-schedule.ts puts it in the
 * schedule's input): an HTTP API v2 `POST /draw` with no body, so the default winner count applies,
 * and a fixed Idempotency-Key, so a retried invocation returns the same draw. It lives beside the
 * handler because the handler must recognise it: it carries no client certificate and no IAM caller.
 */

/** The stage name that marks a scheduled invocation (API Gateway never uses it: our stage is `dev`). */
export const SCHEDULED_DRAW_STAGE = 'scheduled';

/** Recorded as `drawnBy` for a scheduled draw. */
export const SCHEDULER_IDENTITY = 'EventBridge Scheduler (config drawSchedule)';

/** The event the draw handler receives: an HTTP API v2 `POST /draw` with no body (default winner count). */
export function scheduledDrawEvent(isoInstant: string) {
  const at = new Date(isoInstant).toISOString();
  return {
    version: '2.0',
    routeKey: 'POST /draw',
    rawPath: '/draw',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', 'idempotency-key': `scheduled-draw-${at}` },
    requestContext: {
      http: { method: 'POST', path: '/draw', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'EventBridge-Scheduler' },
      requestId: `scheduled-draw-${at}`,
      routeKey: 'POST /draw',
      stage: SCHEDULED_DRAW_STAGE,
      timeEpoch: Date.parse(at),
    },
    body: '{}',
    isBase64Encoded: false,
  };
}
