/**
 * What the pages are told about the API and the deployment: the shape of the generated config.js
 * (site/assets.ts renders it; `window.RAFFLE_CONFIG` in the browser). Types only, so the stack, the
 * local runtime and the pages' JSDoc (site/*.js) read one definition.
 */
import type { ErrorCode } from './errors';
import type { LIMITS } from './limits';
import type { DeploymentAbilities } from './raffle';
import type { RouteDefinition, RouteName } from './routes';

/** What one deployment tells its pages, on top of the model. */
export interface DeploymentFacts {
  /** What a raffle may switch on here (config confirmEntries, verifiableDraws): the console offers only these. */
  readonly abilities: DeploymentAbilities;
  /**
   * Winners are emailed (config notifyWinners), with a claim link when their raffle has a claim period.
   * Without it nobody can claim by link: the organiser marks claims, and the console says so.
   */
  readonly winnerMail: boolean;
  /** Seconds from a verifiable draw's commitment to its round (config beaconMarginSeconds); absent when the raffle does not offer verifiable draws. */
  readonly beaconMarginSeconds?: number;
}

/** What config.js gives the pages: the model's routes (by name), limits and error codes, and the deployment's facts. */
export interface SiteConfig extends DeploymentFacts {
  readonly routes: { readonly [name in RouteName]: Pick<RouteDefinition, 'method' | 'path'> };
  readonly limits: typeof LIMITS;
  readonly errorCodes: readonly ErrorCode[];
  /** drand quicknet's chain hash: a verifiable draw under any other beacon is shown as local, not publicly verifiable. */
  readonly quicknetChainHash: string;
}
