/**
 * What the functions need from the world, as interfaces: each handler is built from these
 * (createHandler(deps)), so the domain never reads an environment variable, the wall clock or a global
 * client. The deployed bundle wires the AWS adapters (./aws/, ./system.ts) once per cold start; the local
 * runtime and the tests wire their own (an outbox, a folder, a local beacon, an in-process invoker, a
 * controllable clock).
 */
import type { Settings } from '../../model/settings';
import type { Beacon } from '../../verify/commitment';
import type { Table } from './dynamodb';
import type { Logger } from './log';

export interface Clock {
  now(): Date;
  /** Resolves once `ms` have passed on this clock (a test's clock may pass them at once), or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Random {
  /** A uniformly distributed integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  bytes(size: number): Buffer;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Where a reply goes, when not to the sender. */
  readonly replyTo?: string;
}

/** Sends one email (SES on AWS); throws when it cannot. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface OrganiserMessage {
  /** SNS limits email subjects to 100 characters. */
  readonly subject: string;
  readonly text: string;
}

/** Tells the organiser (the SNS topic on AWS): 'none' when there is nowhere to send; throws when it cannot. */
export interface OrganiserNotifier {
  notify(message: OrganiserMessage): Promise<'sent' | 'none'>;
}

/** A verifiable draw's public files, at draws/<drawId>/<name> on the site (the site bucket on AWS). */
export interface Publisher {
  put(drawId: string, name: string, body: string): Promise<void>;
  /** A file put earlier (the reveal ranks the pool exactly as published). */
  read(drawId: string, name: string): Promise<string>;
}

/** Which beacon a draw is committed to: drand quicknet (pinned), or the local runtime's own. */
export interface BeaconChain {
  /** drand's chain hash, or "local". */
  readonly chainHash: string;
  /** G2, compressed, hex. */
  readonly publicKey: string;
}

/** Every relay failed, or none has the round yet: try the same round again later. */
export class BeaconUnavailable extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`no relay gave the round: ${failures.join('; ')}`);
    this.name = 'BeaconUnavailable';
  }
}

/** A beacon's rounds, fetched, not verified (the draw verifies them): throws BeaconUnavailable. */
export interface BeaconSource {
  readonly chain: BeaconChain;
  round(round: number): Promise<Beacon>;
}

/** Hands an event to an asynchronous invocation of this same function; rejects when it was not taken. */
export interface SelfInvoker {
  invoke(event: unknown): Promise<void>;
}

/**
 * Keeps a raffle's scheduled draw: a one-time schedule (EventBridge Scheduler on AWS, in the stack's
 * group) that sends the draw function model/scheduled-draw.ts's event at the raffle's drawAt.
 */
export interface DrawScheduler {
  /** Creates the raffle's schedule, or moves it to `at`. */
  schedule(raffleId: string, at: string): Promise<void>;
  /** Deletes the raffle's schedule; nothing when it has none. */
  cancel(raffleId: string): Promise<void>;
}

/** What every function is built from; each adds the ports of its own (a mailer, a publisher, ...). */
export interface CoreDeps {
  readonly settings: Settings;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly table: Table;
}
