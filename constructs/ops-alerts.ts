/**
 * Where the alarms go when the config names ops' address (opsEmail): an SNS topic with that address
 * subscribed by email (AWS sends a confirmation mail first), encrypted with a key of its own.
 *
 * Why a customer managed KMS key and not the AWS-managed alias/aws/sns that the organiser's topic uses
 * (notifications.ts): CloudWatch publishes an alarm through SNS with the CloudWatch service's own
 * principal, which must be allowed to use the topic's key, and the AWS-managed key's policy cannot be
 * changed to allow it. An alarm topic encrypted with alias/aws/sns deploys cleanly and delivers nothing.
 * So the key here lets CloudWatch, for this stack's alarms in this account only, generate and decrypt
 * data keys, and lets the account administer the key (never use it): with no other user of the key, no
 * principal but those alarms can publish to the topic, whatever its IAM policies say. The topic's own
 * policy says the same to SNS. The key rotates yearly; it costs $1 a month.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { CiGrant } from './ci-grant';

/** The service that publishes alarm state changes. */
export const CLOUDWATCH_SERVICE = 'cloudwatch.amazonaws.com';

/** KMS waits this long before deleting a key the stack no longer has: time to notice and cancel. */
const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * What the account may do to the key: administer it, as Terraform and the pipeline do (read, change its
 * policy, rotation, description and tags, delete it), and never encrypt or decrypt with it.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
] as const;

/** What SNS does with the key on a publisher's behalf: a data key per five minutes, and reading it back. */
const PUBLISH_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'];

export interface OpsAlertsProps {
  /** Prefix of the topic's name and of the alarms allowed to publish (`<namePrefix>-*`). */
  readonly namePrefix: string;
  readonly region: string;
  /** The account id (may be a Terraform expression). */
  readonly account: string;
  /** Ops' address, subscribed by email. */
  readonly email: string;
}

export class OpsAlerts extends Construct {
  readonly topic: SnsTopic;
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: OpsAlertsProps) {
    super(scope, id);
    // CloudWatch acts for this stack's alarms, in this account, only (confused-deputy prevention).
    const fromOurAlarms = [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.account] },
      {
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: [`arn:aws:cloudwatch:${props.region}:${props.account}:alarm:${props.namePrefix}-*`],
      },
    ];
    const keyPolicy = new DataAwsIamPolicyDocument(this, 'KeyPolicy', {
      statement: [
        {
          sid: 'TheAccountAdministersTheKey',
          effect: 'Allow',
          principals: [{ type: 'AWS', identifiers: [`arn:aws:iam::${props.account}:root`] }],
          actions: [...KEY_ADMINISTRATION_ACTIONS],
          // In a key policy, "*" is this key and nothing else.
          resources: ['*'],
        },
        {
          sid: 'OurAlarmsPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [CLOUDWATCH_SERVICE] }],
          actions: PUBLISH_KEY_ACTIONS,
          resources: ['*'],
          condition: fromOurAlarms,
        },
      ],
    });
    this.key = new KmsKey(this, 'Key', {
      description: `${props.namePrefix}: encrypts the ops alarm topic`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: keyPolicy.json,
    });
    this.topic = new SnsTopic(this, 'Resource', { name: `${props.namePrefix}-ops-alarms`, kmsMasterKeyId: this.key.arn });
    const topicPolicy = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'OurAlarmsPublish',
          effect: 'Allow',
          principals: [{ type: 'Service', identifiers: [CLOUDWATCH_SERVICE] }],
          actions: ['sns:Publish'],
          resources: [this.topic.arn],
          condition: fromOurAlarms,
        },
      ],
    });
    new SnsTopicPolicy(this, 'Policy', { arn: this.topic.arn, policy: topicPolicy.json });
    new SnsTopicSubscription(this, 'Email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email });
  }

  /**
   * What the pipeline's roles need on the key (the topic is granted with notifications.ts's topics, under
   * the same prefix). A key's ARN carries a random id and no name: the key actions go on the region's keys
   * that carry this environment's tags (the provider's default_tags), and creating one must carry them.
   */
  static ciGrants(env: { readonly region: string; readonly environment: string; readonly projectTag: string }): CiGrant[] {
    const tags = (kind: 'Resource' | 'Request') => [
      { test: 'StringEquals', variable: `aws:${kind}Tag/Project`, values: [env.projectTag] },
      { test: 'StringEquals', variable: `aws:${kind}Tag/Environment`, values: [env.environment] },
    ];
    const administration: readonly string[] = KEY_ADMINISTRATION_ACTIONS;
    const read = ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'];
    return [
      {
        sid: 'AlarmTopicKey',
        read,
        write: administration.filter((a) => !read.includes(a)),
        resources: [`arn:aws:kms:${env.region}:*:key/*`],
        condition: tags('Resource'),
      },
      // CreateKey names no resource; tagging the key as it is created takes kms:TagResource too.
      { sid: 'AlarmTopicKeyCreation', read: [], write: ['kms:CreateKey', 'kms:TagResource'], resources: ['*'], condition: tags('Request') },
    ];
  }
}
