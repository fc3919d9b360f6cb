/** What the draw function is built from, and the draw's own ports made from it. */
import { LIMITS } from '../../model/limits';
import type { Raffle } from '../../model/raffle';
import { raffleKeys } from '../../model/raffle-keys';
import type { BeaconSource, CoreDeps, DrawScheduler, Publisher, SelfInvoker } from '../runtime/ports';
import { drawStore } from '../shared/draw-store';
import type { VerifiableDeps } from './verifiable/steps';

export interface DrawFunctionDeps extends CoreDeps {
  /** Where a verifiable draw's files go (the site bucket on AWS). */
  readonly publisher: Publisher;
  /** drand quicknet on AWS. */
  readonly beacon: BeaconSource;
  /** The draw function itself, invoked asynchronously: a large verifiable pool's steps run there. */
  readonly invoker: SelfInvoker;
  /** A draw by hand replaces the raffle's scheduled one: its schedule is deleted. */
  readonly scheduler: Pick<DrawScheduler, 'cancel'>;
}

/** The ports every draw, fast or verifiable, and every void use, in one raffle (its draws completed with its claim period). */
export function drawPorts(deps: DrawFunctionDeps, raffle: Pick<Raffle, 'raffleId' | 'ordinal' | 'claimDays'>): VerifiableDeps {
  const keys = raffleKeys(raffle);
  return {
    table: deps.table,
    keys,
    store: drawStore(deps.table, keys, raffle.claimDays),
    clock: deps.clock,
    random: deps.random,
    publisher: deps.publisher,
    beacon: deps.beacon,
    marginSeconds: deps.settings.verifiable?.marginSeconds ?? LIMITS.beaconMarginSeconds.default,
  };
}
