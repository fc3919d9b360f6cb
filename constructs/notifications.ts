/**
 * The organiser's notification topic: an encrypted SNS topic with one email subscription (AWS sends a
 * confirmation mail first). Only the function given `publishGrant()` publishes to it, and the topic's
 * own policy says so (`onlyPublisher`): no other principal of the account may publish, whatever its
 * IAM policies allow.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { REACH_ACTIONS } from '../model/functions';
import type { CiGrant, CiScope } from './ci-grant';
import type { ReachGrant } from './raffle-function';

export interface NotificationsProps {
  /** Topic name. */
  readonly name: string;
  /** Address subscribed by email. */
  readonly email: string;
}

export class Notifications extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.topic = new SnsTopic(this, 'Resource', {
      name: props.name,
      // Encrypted at rest with the AWS-managed key (the summaries name no person, but say who drew when).
      kmsMasterKeyId: 'alias/aws/sns',
    });
    new SnsTopicSubscription(this, 'Email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email });
  }

  /** The topic's policy: `roleArn` may publish, and no other principal may. */
  onlyPublisher(roleArn: string): void {
    const publish = [...REACH_ACTIONS.notifications.actions];
    const document = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'TheNotifyFunctionPublishes',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [roleArn] }],
          actions: publish,
          resources: [this.topic.arn],
        },
        {
          sid: 'NobodyElsePublishes',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: publish,
          resources: [this.topic.arn],
          condition: [{ test: 'ArnNotEquals', variable: 'aws:PrincipalArn', values: [roleArn] }],
        },
      ],
    });
    new SnsTopicPolicy(this, 'Policy', { arn: this.topic.arn, policy: document.json });
  }

  /** What a publisher needs: sns:Publish on this topic only (the ARN reaches it through its settings). */
  publishGrant(): ReachGrant {
    return {
      statement: {
        sid: 'PublishNotifications',
        effect: 'Allow',
        actions: [...REACH_ACTIONS.notifications.actions],
        resources: [this.topic.arn],
      },
    };
  }

  /** What the pipeline's roles need on the topic, its policy and its subscription. */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        sid: 'Topics',
        read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource', 'sns:ListSubscriptionsByTopic', 'sns:GetSubscriptionAttributes'],
        write: [
          'sns:CreateTopic',
          'sns:DeleteTopic',
          'sns:SetTopicAttributes',
          'sns:Subscribe',
          'sns:Unsubscribe',
          'sns:SetSubscriptionAttributes',
          'sns:TagResource',
          'sns:UntagResource',
        ],
        resources: [`arn:aws:sns:${env.region}:*:${env.namePrefix}-*`],
      },
    ];
  }
}
