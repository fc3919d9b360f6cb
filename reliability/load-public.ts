/**
 * The public side of the load: one job at a time per client. A person's spellings are sent at once (the
 * duplicates race the original), so are two people sharing one phone; in a confirming raffle each then
 * takes their link from the outbox and presses the button (some never do, some twice at once). Every
 * answer is held against what the API promises for that request, and recorded in the ledger.
 */
import { fillRoutePath, ROUTES } from '../model/routes';
import { bodyOf, codeOf, untilSettled, type Door, type Settled } from './load-http';
import type { Ledger, PersonRecord, RafflePlan } from './load-ledger';
import type { OutboxLinks } from './load-outbox';
import type { Applicant, PublicJob } from './load-plan';

export interface PublicSide {
  readonly door: Door;
  readonly ledger: Ledger;
  readonly outbox: OutboxLinks;
}

const applyPath = (raffleId: string): string => fillRoutePath(ROUTES.apply, { raffleId });

export async function runPublicJob(side: PublicSide, job: PublicJob): Promise<void> {
  const { ledger } = side;
  if (job.kind === 'count') {
    await countOnce(side, job.raffleId, 'GET raffle');
    return;
  }
  if (job.kind === 'invalid') {
    const { answer } = await send(side, { method: 'POST', path: applyPath(job.raffleId), body: job.body, route: 'POST apply' });
    ledger.invalidAnswers.push(answer.status);
    if (answer.status !== 400)
      ledger.traffic.violation(`invalid registration (${job.why}) answered ${answer.status} ${codeOf(answer) ?? ''}`);
    return;
  }
  const raffle = ledger.raffles.get(job.raffleId)!;
  const sends = job.applicants.flatMap((applicant) =>
    applicant.spellings.map((spelling, k) => ({ applicant, spelling, name: applicant.names[k] })),
  );
  const answers = await Promise.all(
    sends.map(({ applicant, spelling, name }) =>
      send(side, {
        method: 'POST',
        path: applyPath(raffle.raffleId),
        body: { email: spelling.raw, name, phone: applicant.phone },
        route: 'POST apply',
      }),
    ),
  );
  answers.forEach((settled, k) => judgeApply(side, raffle, sends[k].applicant, settled));
  const times = job.confirms;
  if (raffle.confirm && times !== 0) {
    await Promise.all(job.applicants.map((a) => confirm(side, raffle, ledger.find(raffle.raffleId, a.person.identity)!, times)));
  }
  for (const a of job.applicants) ledger.find(raffle.raffleId, a.person.identity)!.done = true;
}

async function send(side: PublicSide, what: Parameters<typeof untilSettled>[2]): Promise<Settled> {
  const settled = await untilSettled(side.door, side.ledger.traffic, what);
  if (settled.answer.status === 503) side.ledger.traffic.violation(`${what.route}: still 503 after ${settled.busy} retries`);
  return settled;
}

function judgeApply(side: PublicSide, raffle: RafflePlan, applicant: Applicant, { answer }: Settled): void {
  const record = side.ledger.find(raffle.raffleId, applicant.person.identity)!;
  const body = bodyOf<{ status?: string; label?: string }>(answer);
  if (!raffle.confirm && answer.status === 201 && body?.status === 'registered' && /^[0-9a-f]{20}$/.test(body.label ?? '')) {
    record.accepted = true;
  } else if (!raffle.confirm && answer.status === 409 && codeOf(answer) === 'phone_already_registered') {
    record.refusedPhone = true;
  } else if (!(raffle.confirm && answer.status === 202 && body?.status === 'check_email')) {
    side.ledger.traffic.violation(`apply ${raffle.raffleId}: ${answer.status} ${answer.text.slice(0, 120)}`);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The tokens of the person's links, once at least one is in the outbox (its ceiling: far above what writing a file takes). */
async function tokensOf(side: PublicSide, raffleId: string, identity: string, known = 0): Promise<readonly string[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const tokens = await side.outbox.tokensFor(raffleId, identity);
    if (tokens.length > known || Date.now() > end) return tokens;
    await sleep(100);
  }
}

/**
 * Presses the newest link's button `times` times at once. Exactly one may say confirmed (or all: phone
 * taken); a used token says invalid_token. A token a newer email replaced is tried no further.
 */
async function confirm(side: PublicSide, raffle: RafflePlan, record: PersonRecord, times: 1 | 2): Promise<void> {
  const { ledger } = side;
  let tokens = await tokensOf(side, raffle.raffleId, record.identity);
  if (tokens.length === 0) {
    ledger.traffic.violation(`no confirmation email for ${record.identity} in ${raffle.raffleId} (${side.outbox.messages} read)`);
    return;
  }
  for (let tried = 0; tried < 3; tried++) {
    const token = tokens[tokens.length - 1];
    const answers = await Promise.all(
      Array.from({ length: times }, () =>
        send(side, { method: 'POST', path: ROUTES.confirm.path, body: { token }, route: 'POST confirm' }),
      ),
    );
    const statuses = answers.map((s) => `${s.answer.status} ${codeOf(s.answer) ?? ''}`.trim());
    const confirmed = answers.filter((s) => s.answer.status === 200);
    for (const s of confirmed) {
      const body = bodyOf<{ status?: string; raffleId?: string }>(s.answer);
      if (body?.status !== 'confirmed' || body.raffleId !== raffle.raffleId)
        ledger.traffic.violation(`confirm ${record.identity}: 200 ${s.answer.text.slice(0, 120)}`);
    }
    if (confirmed.length > 1) ledger.traffic.violation(`one token confirmed ${confirmed.length} times (${record.identity})`);
    if (confirmed.length > 0) {
      record.accepted = true;
      return;
    }
    if (statuses.every((s) => s === '409 phone_already_registered')) {
      record.refusedPhone = true;
      return;
    }
    if (statuses.some((s) => s !== '400 invalid_token')) {
      ledger.traffic.violation(`confirm ${record.identity} in ${raffle.raffleId}: ${statuses.join(', ')}`);
      return;
    }
    // invalid_token: a newer link replaced it, or a try the fault cut off had used it already.
    if (answers.some((s) => s.busy > 0)) {
      record.ambiguous = true;
      return;
    }
    const newer = await tokensOf(side, raffle.raffleId, record.identity, tokens.length);
    if (newer.length === tokens.length) break;
    tokens = newer;
  }
  ledger.traffic.violation(`confirm ${record.identity} in ${raffle.raffleId}: every link said invalid_token`);
}

/** Reads a raffle's count on the public door (GET /raffle/raffles/{id}), as a visitor's page does. */
export async function countOnce(side: Pick<PublicSide, 'door' | 'ledger'>, raffleId: string, route: string): Promise<number | undefined> {
  const { answer } = await untilSettled(side.door, side.ledger.traffic, {
    method: 'GET',
    path: fillRoutePath(ROUTES.raffle, { raffleId }),
    route,
  });
  const count = bodyOf<{ count?: number }>(answer)?.count;
  if (answer.status !== 200 || typeof count !== 'number') {
    side.ledger.traffic.violation(`count of ${raffleId}: ${answer.status} ${answer.text.slice(0, 120)}`);
    return undefined;
  }
  const seen = side.ledger.countsSeen.get(raffleId) ?? [];
  seen.push(count);
  side.ledger.countsSeen.set(raffleId, seen);
  return count;
}
