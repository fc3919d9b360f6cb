/**
 * The raffle keys a deployment config had when a deployment was one raffle (winners, entryDeadline,
 * drawSchedule, rulesUrl, privacyUrl). Raffles now carry them themselves, so:
 *   - the config loader refuses each one, saying where it went (movedKeyProblem);
 *   - `npm run upgrade` reads them once from the config the single-raffle stack was deployed with
 *     (readLegacyRaffleKeys), with firstRaffleId, to make that raffle the first of many
 *     (docs/runbook.md, "Upgrading from one raffle").
 * They are checked as the single-raffle version checked them, so a file it deployed reads back.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isWinnerCount, LIMITS } from '../model/limits';
import { PROJECT_ROOT } from '../model/project';
import { isRaffleId } from '../model/raffle';
import { ConfigError } from './config-error';

export const LEGACY_RAFFLE_KEYS = ['winners', 'entryDeadline', 'drawSchedule', 'rulesUrl', 'privacyUrl'] as const;
export type LegacyRaffleKey = (typeof LEGACY_RAFFLE_KEYS)[number];

/** Where each key went: the raffle's own field. */
const MOVED_TO: Readonly<Record<LegacyRaffleKey, string>> = {
  winners: 'raffles now name their prizes, each with its number of winners: set prizes',
  entryDeadline: 'raffles now have their own closing time: set closesAt',
  drawSchedule: "a raffle's draw is now scheduled by the app at the raffle's own drawAt: set drawAt",
  rulesUrl: 'each raffle now links its own rules: set rulesUrl',
  privacyUrl: 'each raffle now links its own privacy notice: set privacyUrl',
};

/** The loader's message for a key that moved to the raffles: where it went, and how the raffle running now keeps it. */
export function movedKeyProblem(key: LegacyRaffleKey): string {
  return (
    `"${key}": ${MOVED_TO[key]} when you create or edit a raffle (POST /raffle/raffles, PATCH /raffle/raffles/{raffleId}, or the console); ` +
    'to keep the raffle this deployment already runs, run `npm run upgrade -- --config <a copy of this file>` first ' +
    '(docs/runbook.md, "Upgrading from one raffle"), which reads it once, then remove the key'
  );
}

/** What the upgrade reads from the single-raffle config: each key as it was validated then, times in UTC. */
export interface LegacyRaffleKeys {
  /** The id the upgraded raffle gets (config firstRaffleId). Absent: the upgrade's default. */
  readonly firstRaffleId?: string;
  /** Winners per draw when a request did not say: the upgraded raffle's one prize. */
  readonly winners?: number;
  /** When registrations closed (ISO-8601 UTC): the raffle's closesAt. */
  readonly entryDeadline?: string;
  /** When the draw ran by itself (ISO-8601 UTC): the raffle's drawAt. */
  readonly drawSchedule?: string;
  readonly rulesUrl?: string;
  readonly privacyUrl?: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The raffle keys of a parsed config file (every other key is the deployment's, and ignored here).
 * Throws one ConfigError listing every problem, each naming the key.
 */
export function legacyRaffleKeys(raw: unknown, source: string): LegacyRaffleKeys {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(source, ['the file must hold one JSON object — give the config the single-raffle stack was deployed with']);
  }
  const file = raw as Record<string, unknown>;
  const problems: string[] = [];
  const text = (key: LegacyRaffleKey | 'firstRaffleId'): string | undefined => {
    const v = file[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      problems.push(`"${key}" must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const instant = (key: 'entryDeadline' | 'drawSchedule'): string | undefined => {
    const v = text(key);
    if (v === undefined) return undefined;
    if (!ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) {
      problems.push(`"${key}" must be an ISO-8601 instant with a time zone (got "${v}") — e.g. "2026-12-24T18:00:00Z"`);
      return undefined;
    }
    return new Date(v).toISOString();
  };
  const https = (key: 'rulesUrl' | 'privacyUrl'): string | undefined => {
    const v = text(key);
    if (v === undefined) return undefined;
    let protocol: string | undefined;
    try {
      protocol = new URL(v).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'https:') {
      problems.push(`"${key}" must be an https:// URL (got "${v}") — e.g. "https://raffle.example.com/rules.html"`);
      return undefined;
    }
    return v;
  };

  const firstRaffleId = text('firstRaffleId');
  if (firstRaffleId !== undefined && !isRaffleId(firstRaffleId)) {
    problems.push(
      `"firstRaffleId" must be 1-${LIMITS.raffle.idLength} lower-case letters, digits and inner hyphens (got ${JSON.stringify(file.firstRaffleId)}) — e.g. "winter-2026"`,
    );
  }
  let winners: number | undefined;
  if (file.winners !== undefined) {
    if (isWinnerCount(file.winners)) winners = file.winners;
    else
      problems.push(
        `"winners" must be an integer from ${LIMITS.winners.min} to ${LIMITS.winners.max} (got ${JSON.stringify(file.winners)}) — e.g. ${LIMITS.winners.default}`,
      );
  }
  const entryDeadline = instant('entryDeadline');
  const drawSchedule = instant('drawSchedule');
  if (drawSchedule && entryDeadline && drawSchedule < entryDeadline) {
    problems.push(`"drawSchedule" (${drawSchedule}) is before "entryDeadline" (${entryDeadline}) — the draw must run after entries close`);
  }
  const rulesUrl = https('rulesUrl');
  const privacyUrl = https('privacyUrl');
  if (file.privacyUrl !== undefined && file.rulesUrl === undefined) {
    problems.push('"privacyUrl" has no effect without "rulesUrl" — add the rules, or remove "privacyUrl"');
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return {
    ...(firstRaffleId !== undefined ? { firstRaffleId } : {}),
    ...(winners !== undefined ? { winners } : {}),
    ...(entryDeadline !== undefined ? { entryDeadline } : {}),
    ...(drawSchedule !== undefined ? { drawSchedule } : {}),
    ...(rulesUrl !== undefined ? { rulesUrl } : {}),
    ...(privacyUrl !== undefined ? { privacyUrl } : {}),
  };
}

/**
 * Reads the raffle keys once from a config file (relative to the project root, or absolute), e.g. the copy
 * of config/prod.json the single-raffle stack was deployed with. Throws ConfigError naming the file and the key.
 */
export function readLegacyRaffleKeys(file: string, options: { readonly projectRoot?: string } = {}): LegacyRaffleKeys {
  const absolute = path.resolve(options.projectRoot ?? PROJECT_ROOT, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch {
    throw new ConfigError(file, ['file not found — give the config the single-raffle stack was deployed with']);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`not valid JSON (${(e as Error).message}) — fix the syntax`]);
  }
  return legacyRaffleKeys(raw, file);
}
