/**
 * A verifiable draw's alternates: who its next replacements would be, read as a void's continuation of
 * the walk would read them (./steps.ts continueWalk): the ranking from where the walk stopped, skipping
 * those no longer eligible. For the organiser's planning only: nothing is claimed, written or published,
 * and the answer may change (an alternate may win another draw or be erased before a void).
 */
import type { AlternatesAnswer } from '../../../model/api';
import { DomainError } from '../../../model/errors';
import { LIMITS } from '../../../model/limits';
import { verifiableRoot } from '../void-winner';
import { candidatesByLabel, ranking, type VerifiableDeps } from './steps';

export async function alternates(deps: VerifiableDeps, drawId: string, count: number): Promise<AlternatesAnswer> {
  const record = await deps.store.get(drawId);
  if (!record) throw new DomainError('draw_not_found', `There is no draw ${drawId}.`);
  const owner = await verifiableRoot(deps.store, record);
  if (!owner)
    throw new DomainError(
      'no_alternates',
      'Only a verifiable draw has alternates: a random draw picks a replacement when a win is voided.',
    );
  if (owner.status !== 'complete') {
    throw new DomainError('no_alternates', 'The draw has no winners yet: its alternates are known once its walk is done.');
  }
  const ranked = await ranking(deps, owner);
  const candidateOf = await candidatesByLabel(deps);
  const out: AlternatesAnswer['alternates'][number][] = [];
  for (let i = owner.verifiable?.sequence?.length ?? 0; i < ranked.length && out.length < count; i++) {
    const candidate = await candidateOf(ranked[i]);
    if (candidate) {
      out.push({ rank: i + 1, label: ranked[i], name: candidate.name, email: candidate.contactEmail, phone: candidate.phone ?? null });
    }
  }
  return { drawId: owner.drawId, alternates: out };
}

/** `?count=`: how many alternates to list. */
export function alternatesCount(value: string | undefined): number {
  const { default: fallback, max } = LIMITS.claim.alternates;
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new DomainError('invalid_field', `count must be a whole number from 1 to ${max}.`, 'count');
  }
  return n;
}
