/**
 * Runs the draw by itself at one instant: an EventBridge Scheduler one-time `at()` schedule that invokes
 * the draw function with an HTTP-API-shaped event. The event carries a fixed Idempotency-Key, so a
 * retried invocation returns the same draw instead of drawing again.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { scheduledDrawEvent } from '../functions/draw/scheduled-event';

export interface DrawScheduleProps {
  /** Schedule (and role) name. */
  readonly name: string;
  /** ISO-8601 instant of the draw (validated by the config loader). */
  readonly at: string;
  /** The draw function. */
  readonly drawFunction: LambdaFunction;
  /** Retries if the invocation fails (the Idempotency-Key makes them safe). @default 3 */
  readonly maximumRetryAttempts?: number;
}

export class DrawSchedule extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: DrawScheduleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['scheduler.amazonaws.com'] }] }],
    });
    this.role = new IamRole(this, 'Role', { name: `${props.name}-role`, assumeRolePolicy: trust.json });
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: [{ sid: 'InvokeDraw', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [props.drawFunction.arn] }],
    });
    new IamRolePolicy(this, 'RolePolicy', { name: 'invoke-draw', role: this.role.id, policy: policy.json });

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
        retryPolicy: { maximumRetryAttempts: props.maximumRetryAttempts ?? 3, maximumEventAgeInSeconds: 3600 },
      },
    });
  }
}

/** "2026-12-24T18:00:00.000Z" -> "at(2026-12-24T18:00:00)" (Scheduler wants local time plus a zone, here UTC). */
export function atExpression(isoInstant: string): string {
  return `at(${new Date(isoInstant).toISOString().slice(0, 19)})`;
}
