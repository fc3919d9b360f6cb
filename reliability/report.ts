/**
 * The reliability suite's report: for each phase its figures (requests a second, p50/p99 latency overall
 * and per route, the status histogram, retries), the checker's verdict with its violations, and the
 * faults' own figures; plain text, for a terminal and for BENCHMARKS.md.
 */
import type { Verdict } from './checker';
import { verdictLine } from './checker';
import type { KillResult } from './faults';
import type { Traffic } from './load-http';
import type { LoadResult } from './load';
import type { SpikeResult } from './spike';

/**
 * The functions' log lines of answers the API must never give (a 5xx but the retryable service_busy),
 * kept to show which fault the function logged: `log` goes to startRuntime's `functionLog`.
 */
export function faultLog(): { readonly lines: string[]; readonly log: (line: string) => void } {
  const lines: string[] = [];
  return {
    lines,
    log: (line) => {
      if (/"status":5\d\d/.test(line) && !line.includes('"code":"service_busy"') && lines.length < 20) lines.push(line);
    },
  };
}

const n = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => `${n(value)} ms`;

export function trafficLines(traffic: Traffic): string[] {
  const rate = traffic.seconds > 0 ? traffic.requests / traffic.seconds : 0;
  const statuses = [...traffic.statuses.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}: ${n(v)}`);
  const retried = [...traffic.retried.entries()].filter(([busy]) => busy > 0);
  return [
    `  requests: ${n(traffic.requests)} in ${traffic.seconds.toFixed(1)} s = ${rate.toFixed(1)} requests/s; latency p50 ${ms(traffic.percentile(50))}, p99 ${ms(traffic.percentile(99))}`,
    ...traffic
      .routes()
      .map(
        (r) =>
          `    ${r.padEnd(28)} ${n(traffic.count(r)).padStart(7)}  p50 ${ms(traffic.percentile(50, r)).padStart(8)}  p99 ${ms(traffic.percentile(99, r)).padStart(9)}`,
      ),
    `  statuses: ${statuses.join(', ')}`,
    ...(retried.length > 0
      ? [
          `  answered after retryable 503s: ${retried.map(([busy, count]) => `${n(count)} after ${busy}`).join(', ')} (the most: ${Math.max(...retried.map(([b]) => b))})`,
        ]
      : []),
  ];
}

/** The checker's verdict; `checkSeconds` when the caller timed the check itself. */
export function verdictLines(verdict: Verdict, checkSeconds?: number): string[] {
  const totals = verdict.raffles.reduce(
    (t, r) => ({
      confirmed: t.confirmed + r.confirmed,
      pending: t.pending + r.pending,
      draws: t.draws + r.draws,
      winners: t.winners + r.winners,
    }),
    { confirmed: 0, pending: 0, draws: 0, winners: 0 },
  );
  return [
    `  checker (${checkSeconds === undefined ? '' : `${checkSeconds.toFixed(1)} s, `}a full Scan of ${n(verdict.items)} items): ${verdictLine(verdict)}`,
    `    ${n(totals.confirmed)} confirmed and ${n(totals.pending)} pending entries in ${verdict.raffles.length} raffles, ${totals.draws} draws, ${totals.winners} winners standing`,
    ...verdict.notes.map((note) => `    note: ${note}`),
    ...verdict.violations.map((v) => `    VIOLATION ${v}`),
  ];
}

export function loadLines(
  load: LoadResult,
  clients: number,
  verdict: Verdict,
  checkSeconds: number,
  faults: readonly string[] = [],
): string[] {
  const { plan, ledger } = load;
  const registrations = ledger.traffic.count('POST apply');
  return [
    `Load: ${n(registrations)} registration requests (${n(plan.duplicates)} duplicates, ${n(plan.invalid)} invalid, ${n(plan.phonePairs)} pairs sharing a phone) by ${n(plan.people)} people over ${ledger.raffles.size} raffles, ${clients} clients; ${plan.actions} organiser actions (${load.poolLocked} refused pool_locked, done after the reveal); ${n(load.emails)} emails read from the outbox`,
    ...trafficLines(ledger.traffic),
    ...verdictLines(verdict, checkSeconds),
    ...faults.map((line) => `    function log: ${line}`),
  ];
}

export function killLines(kill: KillResult): string[] {
  return [
    `Kill: DynamoDB Local (pid ${kill.killedPid}) SIGKILLed once ${Math.round(kill.killAt * 100)}% of the jobs were done, a draw of 20 winners sent 5 ms before; restarted as pid ${kill.restartedPid ?? 'NONE'} ${kill.restartSeconds !== undefined ? `${kill.restartSeconds.toFixed(1)} s later` : '(no line saying it is back)'}`,
    `  ${n(kill.busy)} answers 503 service_busy with Retry-After, the slowest in ${ms(kill.slowestBusyMs)}; the draw sent at the kill: ${kill.drawAtKill.status} after ${kill.drawAtKill.busy} retryable 503(s)`,
    ...kill.engineLines.map((line) => `  runtime: ${line}`),
    ...trafficLines(kill.load.ledger.traffic),
    ...verdictLines(kill.verdict),
    ...kill.faults.map((line) => `    function log: ${line}`),
  ];
}

export function spikeLines(spike: SpikeResult): string[] {
  const p = spike.proxy;
  return [
    `Spike: the table behind a proxy admitting ${spike.rate} requests/s; ${n(spike.registrations)} registrations arriving at ${spike.arrivalPerSecond.toFixed(0)}/s (10×), drained in ${spike.drainSeconds.toFixed(1)} s`,
    `  proxy: ${n(p.passed)} table requests passed, ${n(p.throttled)} throttled (${n(p.cancelled)} as TransactionCanceledException ThrottlingError), ${n(p.partial)} batches read in part, ${n(p.untouched)} stream/control requests untouched`,
    ...trafficLines(spike.ledger.traffic),
    ...verdictLines(spike.verdict),
    ...spike.faults.map((line) => `    function log: ${line}`),
  ];
}
