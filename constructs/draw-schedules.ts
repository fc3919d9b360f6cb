/**
 * What the stack keeps for the raffles' scheduled draws and the claim sweep. The draws' schedules are the app's: the
 * organise function makes one EventBridge Scheduler one-time schedule per raffle with a drawAt (named
 * after the raffle, deleted by Scheduler after it runs), moves it and deletes it; the draw function
 * deletes it when the raffle is drawn by hand (functions/runtime/aws/draw-scheduler.ts). The stack owns:
 *   - the schedule group they live in, named after the stack: the only place those functions may touch;
 *   - the role every schedule carries, which Scheduler assumes (only for schedules in this group, of this
 *     account) to invoke the draw function and nothing else, and to dead-letter an event it could not hand over;
 *   - the dead-letter queue, encrypted and alarmed, and the draw function's asynchronous retries into it;
 *   - the claim sweep's recurring schedule (`_claim-sweep`, a name no raffle's schedule can have), every
 *     LIMITS.claim.sweepMinutes, to the draw function: unclaimed wins voided and replaced.
 * Scheduler invokes Lambda asynchronously, so failure handling is configured on both hops: Scheduler retries
 * a failed hand-over (the schedule's RetryPolicy), then dead-letters the event; Lambda retries a draw that
 * threw (the handler throws whenever the draw did not complete), then sends the event to the same queue.
 * Every retry resumes the same draws, because the event names them, so a retry never draws twice.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SchedulerScheduleGroup } from '@cdktf/provider-aws/lib/scheduler-schedule-group';
import { LIMITS } from '../model/limits';
import { CLAIM_SWEEP_EVENT, CLAIM_SWEEP_SCHEDULE_NAME } from '../model/scheduled-draw';
import { REACH_ACTIONS } from '../model/functions';
import type { DrawTarget } from '../model/settings';
import type { CiGrant, CiScope } from './ci-grant';
import type { DeadLetterQueue } from './dead-letter-queue';
import type { ReachGrant } from './raffle-function';

/** Lambda's retries of a draw that threw (it allows at most 2); the schedules' own retries are the adapter's. */
export const DRAW_RETRY_ATTEMPTS = 2;
/** Give up after an hour: a draw much later than announced is better made by hand, on purpose. */
export const DRAW_MAXIMUM_EVENT_AGE_SECONDS = 3600;

/** The service that assumes the schedules' role. */
export const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/** The stack's schedule group: `<namePrefix>-draws`. */
export function scheduleGroupName(namePrefix: string): string {
  return `${namePrefix}-draws`;
}

/** The role the schedules carry. Named as when the stack kept one schedule of its own, so an upgraded stack keeps it. */
function scheduledDrawRoleName(namePrefix: string): string {
  return `${namePrefix}-scheduled-draw-role`;
}

export interface DrawSchedulesProps {
  /** Prefix of the group's and the role's names. */
  readonly namePrefix: string;
  readonly region: string;
  /** The account id (may be a Terraform expression): the schedules' ARNs and the role's trust name it. */
  readonly account: string;
  /** Where a scheduled draw that failed every retry lands (both hops); the draw function may send to it. */
  readonly deadLetterQueue: DeadLetterQueue;
}

export class DrawSchedules extends Construct {
  readonly group: SchedulerScheduleGroup;
  /** The role every schedule carries: Scheduler assumes it to invoke the draw function. */
  readonly role: IamRole;
  readonly deadLetters: DeadLetterQueue;
  /** The schedules in the group, as IAM names them: `arn:aws:scheduler:<region>:<account>:schedule/<group>/*`. */
  readonly schedulesArn: string;
  private readonly groupName: string;

  constructor(scope: Construct, id: string, props: DrawSchedulesProps) {
    super(scope, id);
    this.groupName = scheduleGroupName(props.namePrefix);
    this.group = new SchedulerScheduleGroup(this, 'Group', { name: this.groupName });
    this.schedulesArn = `arn:aws:scheduler:${props.region}:${props.account}:schedule/${this.groupName}/*`;
    this.deadLetters = props.deadLetterQueue;

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: [SCHEDULER_SERVICE] }],
          // Scheduler assumes it only for schedules in this group of this account (confused-deputy prevention:
          // AWS names the group, not a schedule, as the source).
          condition: [
            { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.account] },
            { test: 'ArnEquals', variable: 'aws:SourceArn', values: [this.group.arn] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'Role', { name: scheduledDrawRoleName(props.namePrefix), assumeRolePolicy: trust.json });
  }

  /**
   * The draw function, made after this construct (its grants name the role and the queue): the role may
   * invoke it and send to the queue, nothing else; Lambda retries a draw that threw, then dead-letters it.
   */
  invokes(drawFunction: LambdaFunction): void {
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: [
        { sid: 'InvokeDraw', effect: 'Allow', actions: ['lambda:InvokeFunction'], resources: [drawFunction.arn] },
        // Scheduler sends an event it could not hand over to the dead-letter queue with this role.
        this.deadLetters.sendStatement(),
      ],
    });
    new IamRolePolicy(this, 'RolePolicy', { name: 'invoke-draw', role: this.role.id, policy: policy.json });
    // The claim sweep: the stack's own recurring schedule in the group, with the same role and queue.
    new SchedulerSchedule(this, 'ClaimSweep', {
      name: CLAIM_SWEEP_SCHEDULE_NAME,
      groupName: this.group.name,
      description: 'Voids and replaces the wins whose claim deadline passed unclaimed (functions/draw/claim-sweep.ts)',
      scheduleExpression: `rate(${LIMITS.claim.sweepMinutes} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: drawFunction.arn,
        roleArn: this.role.arn,
        input: JSON.stringify(CLAIM_SWEEP_EVENT),
        // An event older than the next sweep is worth nothing: that sweep does the same work.
        retryPolicy: { maximumRetryAttempts: DRAW_RETRY_ATTEMPTS, maximumEventAgeInSeconds: LIMITS.claim.sweepMinutes * 60 },
        deadLetterConfig: { arn: this.deadLetters.queue.arn },
      },
    });
    new LambdaFunctionEventInvokeConfig(this, 'AsyncInvokeConfig', {
      functionName: drawFunction.functionName,
      maximumRetryAttempts: DRAW_RETRY_ATTEMPTS,
      maximumEventAgeInSeconds: DRAW_MAXIMUM_EVENT_AGE_SECONDS,
      destinationConfig: { onFailure: { destination: this.deadLetters.queue.arn } },
    });
  }

  /** What a schedule carries, for the function that makes schedules (its settings). */
  target(drawFunctionArn: string): { readonly group: string; readonly target: DrawTarget } {
    return {
      group: this.groupName,
      target: { functionArn: drawFunctionArn, roleArn: this.role.arn, deadLetterArn: this.deadLetters.queue.arn },
    };
  }

  /**
   * The `drawSchedules` reach: make, move and delete schedules in this group only, and hand Scheduler
   * this one role (iam:PassRole, only to Scheduler), which every schedule must carry.
   */
  manageGrants(): ReachGrant[] {
    const actions = REACH_ACTIONS.drawSchedules.actions;
    return [
      {
        statement: {
          sid: 'DrawSchedules',
          effect: 'Allow',
          actions: actions.filter((a) => a.startsWith('scheduler:')),
          resources: [this.schedulesArn],
        },
      },
      {
        statement: {
          sid: 'PassSchedulerRole',
          effect: 'Allow',
          actions: actions.filter((a) => a.startsWith('iam:')),
          resources: [this.role.arn],
          condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [SCHEDULER_SERVICE] }],
        },
      },
    ];
  }

  /** The `drawScheduleCleanup` reach: delete a schedule in this group only (a draw by hand replaces it). */
  cleanupGrant(): ReachGrant {
    return {
      statement: {
        sid: 'DeleteDrawSchedules',
        effect: 'Allow',
        actions: [...REACH_ACTIONS.drawScheduleCleanup.actions],
        resources: [this.schedulesArn],
      },
    };
  }

  /**
   * What the pipeline's roles need on the group. The schedules in it are the app's, never the pipeline's;
   * the role is granted with the functions' roles (ci-permissions.ts), the async invoke config with the
   * functions (raffle-function.ts).
   */
  static ciGrants(env: CiScope): CiGrant[] {
    const group = scheduleGroupName(env.namePrefix);
    return [
      {
        sid: 'ScheduleGroup',
        read: ['scheduler:GetScheduleGroup', 'scheduler:ListTagsForResource'],
        write: ['scheduler:CreateScheduleGroup', 'scheduler:DeleteScheduleGroup', 'scheduler:TagResource', 'scheduler:UntagResource'],
        resources: [`arn:aws:scheduler:${env.region}:*:schedule-group/${group}`],
      },
      // The one schedule in the group that is the stack's: the claim sweep, which carries the schedules' role.
      {
        sid: 'ClaimSweepSchedule',
        read: ['scheduler:GetSchedule'],
        write: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [`arn:aws:scheduler:${env.region}:*:schedule/${group}/${CLAIM_SWEEP_SCHEDULE_NAME}`],
      },
      {
        sid: 'PassRoleToClaimSweep',
        read: [],
        write: ['iam:PassRole'],
        resources: [`arn:aws:iam::*:role/${scheduledDrawRoleName(env.namePrefix)}`],
        condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [SCHEDULER_SERVICE] }],
      },
    ];
  }
}
