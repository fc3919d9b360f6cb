/**
 * The one list of Lambda functions: where each handler lives, what it may do to the table, and the
 * environment it reads. The function construct turns `tableActions`/`indexActions` into that
 * function's IAM policy, so a handler that starts making a new DynamoDB call must say so here.
 */
import { DRAWS_INDEX, ELIGIBLE_INDEX } from './schema';

export type FunctionName = 'apply' | 'count' | 'draw' | 'draws';

export interface FunctionDefinition {
  readonly name: FunctionName;
  readonly description: string;
  /** Handler source, relative to the project root. Bundled to dist/functions/<name>/index.js. */
  readonly entry: string;
  /** DynamoDB actions on the table itself. TransactWriteItems is authorised by the actions inside it. */
  readonly tableActions: readonly string[];
  /** DynamoDB actions per index name. */
  readonly indexActions: Readonly<Record<string, readonly string[]>>;
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionDefinition>> = {
  apply: {
    name: 'apply',
    description: 'Registers one entrant per email, counting exactly',
    entry: 'functions/apply/handler.ts',
    tableActions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexActions: {},
  },
  count: {
    name: 'count',
    description: 'Returns the exact number of entrants',
    entry: 'functions/count/handler.ts',
    tableActions: ['dynamodb:BatchGetItem'],
    indexActions: {},
  },
  draw: {
    name: 'draw',
    description: 'Draws winners uniformly at random and records the draw',
    entry: 'functions/draw/handler.ts',
    tableActions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // The draws index: a scheduled draw first checks whether the organiser has drawn already.
    indexActions: { [ELIGIBLE_INDEX.name]: ['dynamodb:Query', 'dynamodb:Scan'], [DRAWS_INDEX.name]: ['dynamodb:Query'] },
  },
  draws: {
    name: 'draws',
    description: 'Lists past draws, newest first',
    entry: 'functions/draws/handler.ts',
    tableActions: [],
    indexActions: { [DRAWS_INDEX.name]: ['dynamodb:Query'] },
  },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** Environment variables the handlers read. The stack and the local runtime set exactly these. */
export const ENV = {
  tableName: 'TABLE_NAME',
  /** Winners per draw when the request does not say. */
  defaultWinners: 'DEFAULT_WINNERS',
  /** ISO-8601 instant after which registrations are refused; unset means open. */
  entryDeadline: 'ENTRY_DEADLINE',
  /** Local runtime and tests only: DynamoDB Local's URL. Unset on AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /** ISO-8601 instant of the scheduled draw (config drawSchedule); a manual draw before it needs "early": true. */
  drawSchedule: 'DRAW_SCHEDULE',
  /** SNS topic the draw may publish results to; set only when the config has a notificationEmail. */
  notificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
} as const;
