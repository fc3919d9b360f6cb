/**
 * The deployed bundle's edge: the one place that reads the function's environment. On the first
 * invocation of a cold start it reads the settings the stack wrote (model/settings.ts) and wires the
 * handler with the real clock, randomness and a logger to CloudWatch; every later invocation reuses it.
 * The local runtime and the tests never come here: they call each bundle's createHandler with their
 * own adapters.
 */
import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readSettings } from '../../model/settings';
import { jsonLogger } from './log';
import type { CoreDeps } from './ports';
import { cryptoRandom, systemClock } from './system';

/** What every function's wiring starts from. */
export interface LambdaEdge extends CoreDeps {
  /** This function's own name (Lambda sets AWS_LAMBDA_FUNCTION_NAME): the draw hands large steps to itself. */
  readonly functionName: string;
}

export function lambdaEntry<E, R>(wire: (edge: LambdaEdge) => (event: E, context?: Context) => Promise<R>) {
  let handler: ((event: E, context?: Context) => Promise<R>) | undefined;
  return (event: E, context?: Context): Promise<R> => {
    handler ??= wire(edgeFromEnvironment());
    return handler(event, context);
  };
}

/**
 * A DynamoDB request takes milliseconds. One that has not connected in 2 s, or answered in 5 s, is stuck
 * (a network fault): the SDK gives up on it (TimeoutError) and retries, and in the end the request answers
 * a retryable 503 instead of hanging until the function's timeout.
 */
export const TABLE_CLIENT_OPTIONS = {
  // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes, and waits on.
  requestHandler: { connectionTimeout: 2000, requestTimeout: 5000, throwOnRequestTimeout: true },
} as const;

function edgeFromEnvironment(): LambdaEdge {
  const settings = readSettings(process.env);
  return {
    settings,
    // Region and credentials from the Lambda runtime; one client, so a warm function keeps its connections.
    table: { client: new DynamoDBClient(TABLE_CLIENT_OPTIONS), name: settings.tableName },
    clock: systemClock,
    random: cryptoRandom,
    // console.log adds nothing in Lambda's text log format and keeps the JSON line intact.
    logger: jsonLogger((line) => console.log(line), systemClock),
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
  };
}
