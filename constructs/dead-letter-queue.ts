/**
 * Where work that failed every retry goes instead of vanishing: an SQS queue, encrypted at rest with
 * SQS-managed keys (SSE-SQS: no KMS key policy for senders to get wrong), keeping messages for the
 * maximum 14 days so ops have time to look. The alarms construct watches that it stays empty.
 */
import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { REACH_ACTIONS, type Reach } from '../model/functions';
import type { CiGrant, CiScope } from './ci-grant';
import type { ReachGrant } from './raffle-function';

/** SQS's maximum retention. */
const FOURTEEN_DAYS_IN_SECONDS = 14 * 24 * 3600;

export interface DeadLetterQueueProps {
  /** Queue name. */
  readonly name: string;
  /** The catalogue's reach that sends here (its actions go in the senders' policies). */
  readonly reach: Extract<Reach, 'drawDeadLetters' | 'notifyFailures'>;
}

export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  private readonly reach: DeadLetterQueueProps['reach'];

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.reach = props.reach;
    this.queue = new SqsQueue(this, 'Resource', {
      name: props.name,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: FOURTEEN_DAYS_IN_SECONDS,
    });
  }

  /** The one statement a sender needs: sqs:SendMessage on this queue only. */
  sendStatement(): DataAwsIamPolicyDocumentStatement {
    return { sid: 'DeadLetter', effect: 'Allow', actions: [...REACH_ACTIONS[this.reach].actions], resources: [this.queue.arn] };
  }

  /** For a function whose failed invocations land here (Lambda sends them with the function's role). */
  sendGrant(): ReachGrant {
    return { statement: this.sendStatement() };
  }

  /** What the pipeline's roles need on the queues. */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        sid: 'Queues',
        read: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
        write: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
        resources: [`arn:aws:sqs:${env.region}:*:${env.namePrefix}-*`],
      },
    ];
  }
}
