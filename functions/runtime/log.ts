/**
 * One JSON line per invocation (CloudWatch Logs Insights can filter on every field), from a logger that
 * carries its invocation's context (request id, route) once, as Powertools' logger does. Callers pass
 * only what is safe to keep: never a phone number, a name or a request body.
 */
export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  log(level: LogLevel, fields: LogFields): void;
  /** The same logger with `context` on every line, before the line's own fields. */
  child(context: LogFields): Logger;
}

/**
 * Lines as `{"time","level",...context,...fields}`, each handed to `write` (console.log on Lambda), timed
 * by `clock` (the handler's Clock: ports.ts, which names this Logger).
 */
export function jsonLogger(write: (line: string) => void, clock: { now(): Date }, context: LogFields = {}): Logger {
  return {
    log: (level, fields) => write(JSON.stringify({ time: clock.now().toISOString(), level, ...context, ...fields })),
    child: (more) => jsonLogger(write, clock, { ...context, ...more }),
  };
}

/** The error's class, code and message (SDK messages name no item values): for the operator only. */
export function faultOf(err: unknown): LogFields {
  const e = err as { name?: string; code?: string; message?: string } | undefined;
  return { name: e?.name, code: e?.code, message: e?.message };
}
