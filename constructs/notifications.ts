/**
 * The organiser's notification topic: an encrypted SNS topic with one email subscription (AWS sends a
 * confirmation mail first). Only the functions given `publishStatement()` may publish to it.
 */
import { Construct } from 'constructs';
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';

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

  /** The one statement a publisher needs: sns:Publish on this topic only. */
  publishStatement(): DataAwsIamPolicyDocumentStatement {
    return { sid: 'PublishNotifications', effect: 'Allow', actions: ['sns:Publish'], resources: [this.topic.arn] };
  }
}
