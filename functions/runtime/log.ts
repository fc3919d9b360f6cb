/**
 * One JSON line per invocation (CloudWatch Logs Insights can filter on every field). Callers pass only
 * what is safe to keep: never a phone number, a name or a request body.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export interface RequestLogLine {
  readonly level: LogLevel;
  readonly requestId: string;
  /** The route key, or what else invoked the function (e.g. the draw schedule). */
  readonly route: string;
  /** HTTP status; absent for invocations that are not HTTP requests. */
  readonly status?: number;
  readonly durationMs: number;
  /** Stable error code when the response is an error. */
  readonly code?: string;
  /** Extra safe facts, e.g. a draw id or the winner count. */
  readonly [extra: string]: unknown;
}

export function logLine(line: RequestLogLine): void {
  // console.log adds nothing in Lambda's JSON log format and keeps the line intact locally.
  console.log(JSON.stringify({ time: new Date().toISOString(), ...line }));
}
