/**
 * The function catalogue: one entry per Lambda function with everything the stack needs to deploy it —
 * where its handler lives, what it may do to the table, its sizing, and what else it may reach when the
 * stack has it. The stack loops over this list with no special case, and the least-privilege test
 * checks every action here against the commands the handlers really send.
 */
import { DRAWS_INDEX, ELIGIBLE_INDEX, ENTRANTS_INDEX, RAFFLES_INDEX } from './schema';

export type FunctionName = 'raffles' | 'organise' | 'apply' | 'confirm' | 'draw' | 'draws' | 'entrants' | 'erase' | 'results' | 'notify';

/** Optional resources a function may reach when the configuration creates them. */
export type Reach =
  /** The organiser's SNS topic (config notificationEmail): publish to it. */
  | 'notifications'
  /** The raffle's SES identity, for confirmation emails (config confirmEntries): send mail from it. */
  | 'confirmationMail'
  /** The raffle's SES identity, for winners' emails (config notifyWinners): send mail from it. */
  | 'winnerMail'
  /** The scheduled draws' dead-letter queue: the draw function's on-failure destination. */
  | 'drawDeadLetters'
  /** The stack's schedule group: one-time schedules of raffles' draws, made, changed and deleted by the app. */
  | 'drawSchedules'
  /** Only deleting a raffle's schedule (a draw by hand replaces it). */
  | 'drawScheduleCleanup'
  /** The table's stream, which Lambda reads for the function (its event-source mapping). */
  | 'tableStream'
  /** Where Lambda sends stream batches the function failed on, after its retries. */
  | 'notifyFailures'
  /** The site bucket's draws/ folder (config verifiableDraws): a verifiable draw's published files. */
  | 'publishedDraws'
  /** The function itself, invoked asynchronously (config verifiableDraws): a large pool is frozen off the request path. */
  | 'itself';

/** Sending from the raffle's SES identity. Two reaches, one identity: each is granted only when its config switch is on. */
const MAIL_ACTIONS = ['ses:SendEmail'] as const;

/**
 * What reaching each optional resource allows, and who sends it: the handler's own code, or Lambda on
 * the function's behalf (an asynchronous invocation's on-failure destination uses the function's role).
 */
export const REACH_ACTIONS: Readonly<Record<Reach, { readonly actions: readonly string[]; readonly sentBy: 'handler' | 'lambda' }>> = {
  notifications: { actions: ['sns:Publish'], sentBy: 'handler' },
  confirmationMail: { actions: MAIL_ACTIONS, sentBy: 'handler' },
  winnerMail: { actions: MAIL_ACTIONS, sentBy: 'handler' },
  drawDeadLetters: { actions: ['sqs:SendMessage'], sentBy: 'lambda' },
  // With the scheduler's role, which the schedules carry: that one role and no other.
  drawSchedules: {
    actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole'],
    sentBy: 'handler',
  },
  drawScheduleCleanup: { actions: ['scheduler:DeleteSchedule'], sentBy: 'handler' },
  tableStream: {
    actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
    sentBy: 'lambda',
  },
  notifyFailures: { actions: ['sqs:SendMessage'], sentBy: 'lambda' },
  // Read back too: the reveal ranks the pool exactly as it was published.
  publishedDraws: { actions: ['s3:PutObject', 's3:GetObject'], sentBy: 'handler' },
  itself: { actions: ['lambda:InvokeFunction'], sentBy: 'handler' },
};

export interface FunctionSizing {
  /** MB; 256 MB gives enough CPU for JSON and one DynamoDB round trip. */
  readonly memoryMb: number;
  /** Seconds. Behind API Gateway more than 29 s buys nothing: the gateway gives up on the request. */
  readonly timeoutSeconds: number;
  /**
   * The cost guard and blast-radius cap, and a guarantee the function can always run. The account needs
   * this much unreserved concurrency on top of AWS's minimum of 100 (README "Account quota").
   */
  readonly reservedConcurrency: number;
}

export interface FunctionDefinition {
  readonly name: FunctionName;
  readonly description: string;
  /** Handler source, relative to the project root. Bundled to bundleDir(name)/index.js. */
  readonly entry: string;
  /** DynamoDB actions on the table itself. TransactWriteItems is authorised by the actions inside it. */
  readonly tableActions: readonly string[];
  /** DynamoDB actions per index name. */
  readonly indexActions: Readonly<Record<string, readonly string[]>>;
  readonly sizing: FunctionSizing;
  readonly reaches: readonly Reach[];
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionDefinition>> = {
  raffles: {
    name: 'raffles',
    description: "Lists the raffles and shows one with its exact count; the organiser's statistics",
    entry: 'functions/raffles/handler.ts',
    // The raffle's record, its counter shards in one BatchGetItem; the statistics read its entries.
    tableActions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Scan'],
    indexActions: { [RAFFLES_INDEX.name]: ['dynamodb:Query'] },
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 20 },
    reaches: [],
  },
  organise: {
    name: 'organise',
    description: "Creates and edits raffles, and keeps each raffle's scheduled draw in step",
    entry: 'functions/organise/handler.ts',
    // A raffle's record, the catalogue's ordinal counter, and the raffle's counters for the count it answers with.
    tableActions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: {},
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 2 },
    reaches: ['drawSchedules'],
  },
  apply: {
    name: 'apply',
    description: 'Registers one entrant per person: a pending entry and a confirmation email, or the entry itself',
    entry: 'functions/apply/handler.ts',
    // Without confirmEntries it admits the entry itself, as confirm does (the same transaction).
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: {},
    // Takes the registration spikes.
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 50 },
    reaches: ['confirmationMail'],
  },
  confirm: {
    name: 'confirm',
    description: "Confirms an entry from the link in its email (counted, with its ticket); claims a win from the winner's link",
    entry: 'functions/confirm/handler.ts',
    // A claim is one conditional update of the draw record, after reading its link and the raffle.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: {},
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 20 },
    reaches: [],
  },
  draw: {
    name: 'draw',
    description:
      'Draws winners uniformly at random and records the draw; voids a winner and draws the replacement; marks claims, and voids and replaces the unclaimed',
    entry: 'functions/draw/handler.ts',
    tableActions: ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // The draws index: a scheduled draw first checks whether the organiser has drawn already; the claim
    // sweep lists the raffles, then each one's draws whose claim deadline has passed.
    indexActions: {
      [ELIGIBLE_INDEX.name]: ['dynamodb:Query', 'dynamodb:Scan'],
      [DRAWS_INDEX.name]: ['dynamodb:Query'],
      [RAFFLES_INDEX.name]: ['dynamodb:Query'],
    },
    // Rare, and safe under concurrency. API Gateway gives up on a request after 29 s, but the same function
    // also runs off the request path (the scheduled draw; a large verifiable pool's freeze, which reads
    // every eligible entrant, then the wait for the beacon round): those may take minutes, hence Lambda's
    // longest timeout, and one more reserved than the organiser's couple of requests at once.
    sizing: { memoryMb: 512, timeoutSeconds: 900, reservedConcurrency: 3 },
    // It announces nothing itself: the notify function hears of each completed draw through the stream.
    reaches: ['drawDeadLetters', 'drawScheduleCleanup', 'publishedDraws', 'itself'],
  },
  draws: {
    name: 'draws',
    description: 'Lists past draws, newest first',
    entry: 'functions/draws/handler.ts',
    // The raffle's record.
    tableActions: ['dynamodb:GetItem'],
    indexActions: { [DRAWS_INDEX.name]: ['dynamodb:Query'] },
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 5 },
    reaches: [],
  },
  entrants: {
    name: 'entrants',
    description: 'Lists, searches and exports (CSV) the confirmed entrants, in address order',
    entry: 'functions/entrants/handler.ts',
    // The raffle's record.
    tableActions: ['dynamodb:GetItem'],
    indexActions: { [ENTRANTS_INDEX.name]: ['dynamodb:Query'] },
    // The export reads every entrant page by page and compresses as it goes: memory for the pages, time for 100,000s.
    sizing: { memoryMb: 512, timeoutSeconds: 29, reservedConcurrency: 2 },
    reaches: [],
  },
  erase: {
    name: 'erase',
    description: 'Erases one entrant, or one person from every raffle, keeping counts exact and draw histories consistent',
    entry: 'functions/erase/handler.ts',
    tableActions: ['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
    // A person's erasure looks in every raffle.
    indexActions: { [RAFFLES_INDEX.name]: ['dynamodb:Query'] },
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 2 },
    reaches: [],
  },
  results: {
    name: 'results',
    description: 'The public results: each completed draw with its prize and masked winners',
    entry: 'functions/results/handler.ts',
    // The raffle's record.
    tableActions: ['dynamodb:GetItem'],
    indexActions: { [DRAWS_INDEX.name]: ['dynamodb:Query'] },
    // CloudFront caches the answer, so even a crowd refreshing the page reaches it a few times a minute.
    sizing: { memoryMb: 256, timeoutSeconds: 10, reservedConcurrency: 5 },
    reaches: [],
  },
  notify: {
    name: 'notify',
    description: 'Announces each completed draw, void and replacement from the table stream: the organiser, and optionally the winners',
    entry: 'functions/notify/handler.ts',
    // The exactly-once record of each announcement; the raffle's title for the message.
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: {},
    // One invocation per stream shard at a time; a few shards at most for a raffle's table.
    sizing: { memoryMb: 256, timeoutSeconds: 60, reservedConcurrency: 5 },
    reaches: ['tableStream', 'notifyFailures', 'notifications', 'winnerMail'],
  },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Folder of one function's bundle, relative to the project root: what the stack zips and the local runtime loads. */
export function bundleDir(name: FunctionName): string {
  return `dist/functions/${name}`;
}

/** The header CloudFront sets on requests to the public API, carrying the origin secret. */
export const ORIGIN_SECRET_HEADER = 'x-raffle-origin-verify';
