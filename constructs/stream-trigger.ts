/**
 * The table's stream to a function (document 004's pattern), through a Lambda event-source mapping:
 *   - a filter (model/stream-filter.ts), so the function runs only for the changes it acts on, never for
 *     a registration (filtered-out records cost no invocation);
 *   - a failing batch is bisected (the bad record is isolated), retried a bounded number of times, and
 *     then sent to an encrypted queue, so one bad record never blocks the stream;
 *   - the function reports which record failed (ReportBatchItemFailures), so the records before it are
 *     not sent again.
 */
import { Construct } from 'constructs';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { EventPattern } from '../model/stream-filter';
import type { CiGrant, CiScope } from './ci-grant';
import type { DeadLetterQueue } from './dead-letter-queue';
import { functionArnPattern } from './raffle-function';

/** Retries of a failing batch (after bisecting) before it goes to the queue. */
const MAXIMUM_RETRY_ATTEMPTS = 3;
/** A record older than this goes to the queue instead of being tried again: an announcement a day late is no use. */
const MAXIMUM_RECORD_AGE_SECONDS = 6 * 3600;

export interface StreamTriggerProps {
  /** The table's stream ARN. */
  readonly streamArn: string;
  readonly fn: LambdaFunction;
  /** The records the function is invoked for. */
  readonly pattern: EventPattern;
  /** Where batches that failed every retry go. */
  readonly onFailure: DeadLetterQueue;
}

export class StreamTrigger extends Construct {
  readonly mapping: LambdaEventSourceMapping;

  constructor(scope: Construct, id: string, props: StreamTriggerProps) {
    super(scope, id);
    this.mapping = new LambdaEventSourceMapping(this, 'Resource', {
      eventSourceArn: props.streamArn,
      functionName: props.fn.arn,
      // Records written before the deploy were never meant for this function.
      startingPosition: 'LATEST',
      batchSize: 10,
      filterCriteria: { filter: [{ pattern: JSON.stringify(props.pattern) }] },
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: MAXIMUM_RETRY_ATTEMPTS,
      maximumRecordAgeInSeconds: MAXIMUM_RECORD_AGE_SECONDS,
      functionResponseTypes: ['ReportBatchItemFailures'],
      destinationConfig: { onFailure: { destinationArn: props.onFailure.queue.arn } },
    });
  }

  /** What the pipeline's roles need on the mapping, whose ARN is a random id with no name in it. */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        // Reading it cannot be scoped by name.
        sid: 'StreamMappingReads',
        read: ['lambda:GetEventSourceMapping'],
        write: [],
        resources: [`arn:aws:lambda:${env.region}:*:event-source-mapping:*`],
      },
      {
        // Creating one takes "*" (it has no ARN yet); the function it serves is the scope, for every change.
        sid: 'StreamMappings',
        read: [],
        write: ['lambda:CreateEventSourceMapping', 'lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
        resources: ['*'],
        condition: [{ test: 'ArnLike', variable: 'lambda:FunctionArn', values: [functionArnPattern(env)] }],
      },
    ];
  }
}
