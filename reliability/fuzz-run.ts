/**
 * Runs a seeded set of cases (./fuzz-cases.ts) against a runtime over loopback HTTP, in groups: each block
 * of cases is split into those that must be refused and those that may be valid, each group's requests go
 * a few at a time, each answer is judged (./fuzz-check.ts), and the table is read whole before and after
 * the group (./fuzz-store.ts): a group of refusals must leave it as it was. The report counts the
 * requests per door, the statuses, who answered, and every violation with its seed and case index, for
 * `--seed n --case i` to replay.
 */
import type { ApiName } from '../model/routes';
import { makeCase, type FuzzCase, type FuzzContext, type FuzzPlan } from './fuzz-cases';
import { judge, type Source, type Verdict } from './fuzz-check';
import type { Family } from './fuzz-draft';
import { doorOf, type FuzzTarget } from './fuzz-setup';
import { diff, isAnnouncement, snapshot, storageProblems, type AcceptedCase } from './fuzz-store';
import { exchange, type RawOutcome } from './raw-http';

export interface RunOptions {
  readonly plan: FuzzPlan;
  /** Requests in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Cases between two reads of the table: a block of twice as many is split in two groups (must be refused, may be valid). @default 60 */
  readonly groupSize?: number;
  /** Each request's ceiling: one with no answer by then is a violation. Far above what any takes. @default 30000 */
  readonly timeoutMs?: number;
  /** Only these cases (a replay), in this order. @default every case of the plan */
  readonly cases?: readonly number[];
  /** One line now and then. */
  readonly progress?: (line: string) => void;
  /** Each case as it is answered (the replay prints it). */
  readonly onCase?: (c: FuzzCase, outcome: RawOutcome, verdict: Verdict) => void;
  /** Draws were made before the run (the set-up's): their announcements may still be written. @default true */
  readonly drawsBefore?: boolean;
}

export interface Violation {
  readonly seed: number;
  /** The case, or for something stored, the refused cases of the group it was stored in. */
  readonly cases: readonly number[];
  readonly api?: ApiName;
  readonly what: string;
  readonly status: string;
  readonly problem: string;
}

/** A full run's cases: `--public` and `--admin` say otherwise. */
export const DEFAULT_COUNTS = { public: 10_000, admin: 2_000 } as const;

export interface FuzzReport {
  readonly seed: number;
  /** The run's plan: a case is replayed with the same seed and counts. */
  readonly plan: FuzzPlan;
  readonly sent: Record<ApiName, number>;
  /** Per door, how many answers had each status ("no answer", "closed" for none). */
  readonly statuses: Record<ApiName, Record<string, number>>;
  readonly sources: Partial<Record<Source, number>>;
  readonly outcomes: Record<Verdict['outcome'], number>;
  readonly families: Partial<Record<Family, number>>;
  readonly items: {
    readonly atStart: number;
    readonly atEnd: number;
    /** Groups whose every request was refused (most of them of cases that must be refused), their requests, and the items they changed (must be 0). */
    readonly refusedOnlyGroups: number;
    readonly refusedOnlyRequests: number;
    readonly changedByRefusedOnlyGroups: number;
    /** Items added, changed or removed by accepted requests (and announcements). */
    readonly changedWithAccepted: number;
  };
  /** The answers the front door gave itself (the gateway's, the HTTP server's), by status and message. */
  readonly frontDoor: Record<string, number>;
  readonly violations: readonly Violation[];
  readonly durationMs: number;
}

async function inPool<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

export async function runFuzz(target: FuzzTarget, ctx: FuzzContext, options: RunOptions): Promise<FuzzReport> {
  const started = Date.now();
  const { plan } = options;
  const concurrency = options.concurrency ?? 8;
  const groupSize = options.groupSize ?? 60;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const indices = options.cases ?? Array.from({ length: plan.publicCount + plan.adminCount }, (_, i) => i);
  const sent: Record<ApiName, number> = { public: 0, admin: 0 };
  const statuses: Record<ApiName, Record<string, number>> = { public: {}, admin: {} };
  const sources: Partial<Record<Source, number>> = {};
  const outcomes: Record<Verdict['outcome'], number> = { refused: 0, accepted: 0, violation: 0 };
  const families: Partial<Record<Family, number>> = {};
  const violations: Violation[] = [];
  let drawsSoFar = options.drawsBefore ?? true;
  let refusedOnlyGroups = 0;
  let changedByRefusedOnlyGroups = 0;
  let changedWithAccepted = 0;
  const frontDoor: Record<string, number> = {};
  const progressEvery = 1200;

  let before = await snapshot(target.table);
  const atStart = before.size;
  let refusedOnlyRequests = 0;
  let done = 0;
  /** One group: its requests a few at a time, each judged; then what the table holds now, checked. */
  const runGroup = async (group: readonly FuzzCase[]): Promise<void> => {
    const judged = await inPool(group, concurrency, async (c) => {
      const outcome = await exchange(doorOf(target, c.api), c.request, timeoutMs);
      const verdict = judge(c, outcome, timeoutMs);
      options.onCase?.(c, outcome, verdict);
      const answer = outcome.kind === 'answer' && verdict.outcome === 'accepted' ? parseJson(outcome.body) : undefined;
      // Keep only what the storage check needs: not a 10 MB body.
      return {
        c: { ...c, request: { ...c.request, body: c.request.body.length > 65536 ? Buffer.alloc(0) : c.request.body } },
        verdict,
        answer,
      };
    });
    const accepted: AcceptedCase[] = [];
    for (const { c, verdict, answer } of judged) {
      sent[c.api]++;
      statuses[c.api][verdict.status] = (statuses[c.api][verdict.status] ?? 0) + 1;
      sources[verdict.source] = (sources[verdict.source] ?? 0) + 1;
      if (verdict.source === 'gateway' || verdict.source === 'http-server') {
        const name = `${verdict.status}${verdict.code ? ` ${verdict.code}` : ''} (${verdict.source})`;
        frontDoor[name] = (frontDoor[name] ?? 0) + 1;
      }
      outcomes[verdict.outcome]++;
      families[c.family] = (families[c.family] ?? 0) + 1;
      if (verdict.outcome === 'accepted') accepted.push({ c, answer });
      if (verdict.outcome === 'violation') {
        violations.push({
          seed: plan.seed,
          cases: [c.index],
          api: c.api,
          what: describe(c),
          status: verdict.status,
          problem: verdict.problem ?? '',
        });
      }
    }
    const after = await snapshot(target.table);
    const changes = diff(before, after);
    before = after;
    if (accepted.length === 0) {
      refusedOnlyGroups++;
      refusedOnlyRequests += group.length;
      changedByRefusedOnlyGroups += changes.filter((ch) => !(drawsSoFar && isAnnouncement(ch.key))).length;
    } else changedWithAccepted += changes.length;
    // Whoever may have stored it: a success judged a violation first, then every refusal of the group.
    const suspects = [
      ...judged.filter((j) => j.verdict.outcome === 'violation' && /^2/.test(j.verdict.status)),
      ...judged.filter((j) => j.verdict.outcome !== 'accepted' && !/^2/.test(j.verdict.status)),
    ].map((j) => j.c.index);
    for (const { key, problem } of storageProblems(changes, accepted, drawsSoFar)) {
      const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
      violations.push({ seed: plan.seed, cases: suspects, what: `item ${JSON.stringify(shown)}`, status: 'stored', problem });
    }
    if (accepted.some((a) => ['draw', 'voidWinner'].includes(a.c.route))) drawsSoFar = true;
    const before100 = Math.floor(done / progressEvery);
    done += group.length;
    if (Math.floor(done / progressEvery) > before100 || done === indices.length) {
      options.progress?.(
        `${done}/${indices.length} cases, ${violations.length} violation(s), ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  };
  // Cases that must be refused run in groups of their own: such a group must leave the table exactly as it was.
  for (let b = 0; b < indices.length; b += 2 * groupSize) {
    const block = indices.slice(b, b + 2 * groupSize).map((index) => makeCase(plan, index, ctx));
    for (const group of [block.filter((c) => c.expect === 'refusal'), block.filter((c) => c.expect === 'either')]) {
      if (group.length > 0) await runGroup(group);
    }
  }
  return {
    seed: plan.seed,
    plan,
    sent,
    statuses,
    sources,
    outcomes,
    families,
    items: { atStart, atEnd: before.size, refusedOnlyGroups, refusedOnlyRequests, changedByRefusedOnlyGroups, changedWithAccepted },
    frontDoor,
    violations,
    durationMs: Date.now() - started,
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** One line: the case, its route, and what was done. */
export function describe(c: FuzzCase): string {
  return `${c.api} ${c.route} [${c.family}] ${c.what}`;
}

const printable = (bytes: Buffer, max: number): string => {
  const text = bytes.subarray(0, max).toString('latin1');
  const shown = text.replace(/[^\x20-\x7e]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return bytes.length > max ? `${shown}… (${bytes.length} bytes in all)` : shown;
};

/** The request as sent (long parts cut), for a replay. */
export function showRequest(c: FuzzCase): string {
  const r = c.request;
  const lines = [
    `${printable(Buffer.from(r.method, 'latin1'), 40)} ${printable(Buffer.from(r.target, 'latin1'), 300)} HTTP/1.1`,
    ...r.headers.map(([n, v]) => `${printable(Buffer.from(n, 'latin1'), 60)}: ${printable(Buffer.from(v, 'latin1'), 200)}`),
    `(framing: ${r.framing}${r.chunkSize ? `, chunks of ${r.chunkSize}` : ''}${r.truncateAt !== undefined ? `, cut after ${r.truncateAt} body bytes` : ''}; Host and Connection: close added unless set)`,
    '',
    printable(r.body, 1500),
  ];
  return lines.join('\n');
}

export function showOutcome(outcome: RawOutcome): string {
  if (outcome.kind !== 'answer') return outcome.kind === 'timeout' ? '(no answer before the ceiling)' : `(no answer: ${outcome.detail})`;
  return [
    `HTTP ${outcome.status}`,
    ...Object.entries(outcome.headers).map(([n, v]) => `${n}: ${v}`),
    '',
    printable(outcome.body, 1500),
  ].join('\n');
}

export function formatReport(report: FuzzReport): string {
  const total = report.sent.public + report.sent.admin;
  const histogram = (api: ApiName): string =>
    Object.entries(report.statuses[api])
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
  const lines = [
    `seed ${report.seed}: ${total} requests in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  public: ${report.sent.public} requests — ${histogram('public') || 'none'}`,
    `  admin:  ${report.sent.admin} requests — ${histogram('admin') || 'none'}`,
    `  answered by: ${Object.entries(report.sources)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}`,
    `  outcomes: ${report.outcomes.refused} refused, ${report.outcomes.accepted} accepted, ${report.outcomes.violation} violation(s)`,
    `  families: ${Object.entries(report.families)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ')}`,
    `  front door's own answers: ${
      Object.entries(report.frontDoor)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ') || 'none'
    }`,
    `  table: ${report.items.atStart} items before, ${report.items.atEnd} after; ${report.items.refusedOnlyGroups} groups of refused requests only (${report.items.refusedOnlyRequests} requests) changed ${report.items.changedByRefusedOnlyGroups} item(s); ${report.items.changedWithAccepted} item change(s) in groups with an accepted request, each one attributed to an accepted request and checked`,
  ];
  if (report.violations.length > 0) {
    lines.push(`  violations (${report.violations.length}):`);
    for (const v of report.violations.slice(0, 50)) {
      const cases =
        v.cases.length === 1 ? `--case ${v.cases[0]}` : `cases ${v.cases.slice(0, 8).join(', ')}${v.cases.length > 8 ? ', …' : ''}`;
      lines.push(`    ${replayArguments(report.plan)} ${cases}: ${v.status}: ${v.problem} — ${v.what}`);
    }
    if (report.violations.length > 50) lines.push(`    … and ${report.violations.length - 50} more`);
  }
  return lines.join('\n');
}

/** What `reliability/fuzz.ts` needs to make a case of this run again (before `--case i`). */
export function replayArguments(plan: FuzzPlan): string {
  const counts =
    plan.publicCount === DEFAULT_COUNTS.public && plan.adminCount === DEFAULT_COUNTS.admin
      ? ''
      : ` --public ${plan.publicCount} --admin ${plan.adminCount}`;
  return `--seed ${plan.seed}${counts}`;
}

/** The one-line verdict. */
export function verdictLine(report: FuzzReport): string {
  const total = report.sent.public + report.sent.admin;
  return report.violations.length === 0
    ? `VERDICT: PASS — ${total} requests (${report.sent.public} public, ${report.sent.admin} admin), seed ${report.seed}: no 5xx, no hang, every refusal in the error shape, nothing stored from a refused request`
    : `VERDICT: FAIL — ${report.violations.length} violation(s) in ${total} requests (${report.sent.public} public, ${report.sent.admin} admin), seed ${report.seed}`;
}
