/**
 * The organiser's notification topic: an encrypted SNS topic with one email subscription (AWS sends a
 * confirmation mail first). Only the functions given `publishGrant()` may publish to it.
 */
import { Construct } from 'constructs';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { ENV, REACH_ACTIONS } from '../model/functions';
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
      // Winners' names and emails may pass through: encrypt at rest with the AWS-managed key.
      kmsMasterKeyId: 'alias/aws/sns',
    });
    new SnsTopicSubscription(this, 'Email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email });
  }

  /** What a publisher needs: sns:Publish on this topic only, and the topic's ARN in its environment. */
  publishGrant(): ReachGrant {
    return {
      statement: {
        sid: 'PublishNotifications',
        effect: 'Allow',
        actions: [...REACH_ACTIONS.notifications.actions],
        resources: [this.topic.arn],
      },
      environment: { [ENV.notificationTopicArn]: this.topic.arn },
    };
  }
}
