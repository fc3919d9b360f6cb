/** A raffle as the API shows it: the public's facts, or the organiser's with the milestones. */
import type { RaffleSummary, RaffleView } from '../../model/api';
import { raffleLanguage, raffleStatus, type Raffle } from '../../model/raffle';

export function raffleSummary(raffle: Raffle, now: Date): RaffleSummary {
  return {
    raffleId: raffle.raffleId,
    title: raffle.title,
    status: raffleStatus(raffle, now),
    opensAt: raffle.opensAt ?? null,
    closesAt: raffle.closesAt,
    language: raffleLanguage(raffle),
  };
}

export function raffleView(raffle: Raffle, now: Date, count: number, audience: 'public' | 'organiser'): RaffleView {
  return {
    ...raffleSummary(raffle, now),
    description: raffle.description,
    prizes: raffle.prizes,
    drawAt: raffle.drawAt ?? null,
    rulesUrl: raffle.rulesUrl ?? null,
    privacyUrl: raffle.privacyUrl ?? null,
    confirmEntries: raffle.confirmEntries,
    verifiableDraws: raffle.verifiableDraws,
    claimDays: raffle.claimDays ?? null,
    count,
    ...(audience === 'organiser'
      ? {
          createdAt: raffle.createdAt,
          publishedAt: raffle.publishedAt ?? null,
          closedAt: raffle.closedAt ?? null,
          drawnAt: raffle.drawnAt ?? null,
          archivedAt: raffle.archivedAt ?? null,
        }
      : {}),
  };
}
