/**
 * What the pipeline's roles need on one kind of resource: the construct that creates the resource
 * states it beside its class (a static `ciGrants`), and constructs/ci-permissions.ts gathers them into
 * the plan and deploy roles' policies.
 */
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { RaffleConfig } from '../config/schema';

export interface CiGrant {
  /** The policy statement's sid. */
  readonly sid: string;
  /** Actions a plan needs (the plan and the deploy role get them). */
  readonly read: readonly string[];
  /** Actions only a deploy needs (the deploy role alone gets them). */
  readonly write: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: DataAwsIamPolicyDocumentStatement['condition'];
}

/** Where an environment's resources are: the stack names each of them `<namePrefix>-...` in its region. */
export type CiScope = Pick<RaffleConfig, 'namePrefix' | 'region'>;

/** What managing a CloudWatch log group takes (the functions', the APIs' and the web ACL's). */
export const LOG_GROUP_ACTIONS = {
  read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
  write: [
    'logs:CreateLogGroup',
    'logs:DeleteLogGroup',
    'logs:PutRetentionPolicy',
    'logs:DeleteRetentionPolicy',
    'logs:TagResource',
    'logs:UntagResource',
  ],
} as const;
