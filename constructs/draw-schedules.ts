/**
 * Runs the draw by itself at one instant: an EventBridge Scheduler one-time `at()` schedule that invokes
 * the draw function with a ScheduledDrawEvent. Scheduler invokes Lambda asynchronously, so failure
 * handling is configured on both hops:
 *   - Scheduler retries a failed hand-over to Lambda, then puts the event in the dead-letter queue;
 *   - Lambda retries a draw that threw (the handler throws whenever the draw did not complete), then sends
 *     the event to the same queue (an on-failure destination).
 * Every retry resumes the same draw, because the event names it, so a retry never draws twice.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { scheduledDrawEvent } from '../model/scheduled-draw';
import type { CiGrant, CiScope } from './ci-grant';
import type { DeadLetterQueue } from './dead-letter-queue';

/** Retries of each hop. Lambda allows at most 2; the event names the draw, so retries are safe. */
const RETRY_ATTEMPTS = 2;
/** Give up after an hour: a draw much later than announced is better made by hand, on purpose. */
const MAXIMUM_EVENT_AGE_SECONDS = 3600;

/** The service that assumes the schedule's role (the CI roles may pass a role to it). */
export const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

export interface DrawScheduleProps {
  /** Schedule name; its role is named "<name>-role". Must differ from the draw function's name. */
  readonly name: string;
  /** ISO-8601 instant of the draw (validated by the config loader). */
  readonly at: string;
  /** The draw function. Its role must be allowed to send to `deadLetterQueue`. */
  readonly drawFunction: LambdaFunction;
  /** Where a draw that failed every retry goes. */
  readonly deadLetterQueue: DeadLetterQueue;
}

export class DrawSchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DrawScheduleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [SCHEDULER_SERVICE] }] }],
    });
    this.role = new IamRole(this, 'Role', { name: `${props.name}-role`, assumeRolePolicy: trust.json });
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: [
        { sid: 'InvokeDraw', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [props.drawFunction.arn] },
        // Scheduler sends undeliverable events to the dead-letter queue with this role.
        props.deadLetterQueue.sendStatement(),
      ],
    });
    new IamRolePolicy(this, 'RolePolicy', { name: 'invoke-draw', role: this.role.id, policy: policy.json });

    new LambdaFunctionEventInvokeConfig(this, 'AsyncInvokeConfig', {
      functionName: props.drawFunction.functionName,
      maximumRetryAttempts: RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: props.deadLetterQueue.queue.arn } },
    });

    this.schedule = new SchedulerSchedule(this, 'Resource', {
      name: props.name,
      description: `Draws the winners at ${props.at}`,
      scheduleExpression: atExpression(props.at),
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: props.drawFunction.arn,
        roleArn: this.role.arn,
        input: JSON.stringify(scheduledDrawEvent(props.at)),
        retryPolicy: { maximumRetryAttempts: RETRY_ATTEMPTS, maximumEventAgeInSeconds: MAXIMUM_EVENT_AGE_SECONDS },
        deadLetterConfig: { arn: props.deadLetterQueue.queue.arn },
      },
    });
  }

  /**
   * What the pipeline's roles need on the schedule. Its role is granted with the functions' roles
   * (constructs/ci-permissions.ts), its async invoke config with the functions (raffle-function.ts).
   */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        sid: 'Schedules',
        read: ['scheduler:GetSchedule'],
        write: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        // A schedule made without a group is in Scheduler's "default" group.
        resources: [`arn:aws:scheduler:${env.region}:*:schedule/default/${env.namePrefix}-*`],
      },
    ];
  }
}

/** "2026-12-24T18:00:00.000Z" -> "at(2026-12-24T18:00:00)" (Scheduler wants local time plus a zone, here UTC). */
export function atExpression(isoInstant: string): string {
  return `at(${new Date(isoInstant).toISOString().slice(0, 19)})`;
}
