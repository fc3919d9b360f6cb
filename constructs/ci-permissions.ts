/**
 * What the pipeline's roles may do, per environment: read (plan) or read and write (deploy) exactly the
 * kinds of resource the raffle stack manages, scoped by that environment's name prefix, region and
 * hosted zone wherever the service's ARNs carry a name. Pure, so tests read the policy without a synth.
 *
 * Broad on purpose, because the service gives the resource a random id and no name in its ARN (the
 * README lists these): API Gateway APIs and domains (scoped to the region), CloudFront distributions,
 * origin access controls and response headers policies, ACM certificates, and the Describe/List calls
 * that AWS only authorises on "*".
 *
 * Never granted: deleting the entrants table (it also has deletion protection and prevent_destroy), and
 * anything on the CI roles themselves (the bootstrap config refuses a prefix that would cover them).
 */
import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { RaffleConfig } from '../config/schema';

export type CiAccess = 'plan' | 'deploy';

interface Grant {
  readonly sid: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly resources: readonly string[];
  readonly condition?: DataAwsIamPolicyDocumentStatement['condition'];
}

/** Where CloudFront certificates (and later its web ACL) live, whatever the stack's region. */
const US_EAST_1 = 'us-east-1';

function grants(env: RaffleConfig): Grant[] {
  const p = env.namePrefix;
  const r = env.region;
  const regions = [...new Set([r, US_EAST_1])];
  return [
    {
      sid: 'Table',
      read: ['dynamodb:DescribeTable', 'dynamodb:DescribeContinuousBackups', 'dynamodb:DescribeTimeToLive', 'dynamodb:ListTagsOfResource'],
      write: [
        'dynamodb:CreateTable',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:UpdateTimeToLive',
        'dynamodb:TagResource',
        'dynamodb:UntagResource',
      ],
      resources: [`arn:aws:dynamodb:${r}:*:table/${p}-*`],
    },
    {
      sid: 'Roles',
      read: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListInstanceProfilesForRole'],
      write: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:UpdateRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
      ],
      resources: [`arn:aws:iam::*:role/${p}-*`],
    },
    {
      sid: 'PassRolesToLambdaAndScheduler',
      read: [],
      write: ['iam:PassRole'],
      resources: [`arn:aws:iam::*:role/${p}-*`],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: ['lambda.amazonaws.com', 'scheduler.amazonaws.com'] }],
    },
    {
      sid: 'Functions',
      read: [
        'lambda:GetFunction',
        'lambda:GetFunctionConfiguration',
        'lambda:GetFunctionCodeSigningConfig',
        'lambda:GetFunctionConcurrency',
        'lambda:GetPolicy',
        'lambda:ListVersionsByFunction',
        'lambda:ListTags',
        'lambda:GetFunctionEventInvokeConfig',
      ],
      write: [
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:PutFunctionConcurrency',
        'lambda:DeleteFunctionConcurrency',
        'lambda:AddPermission',
        'lambda:RemovePermission',
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:PutFunctionEventInvokeConfig',
        'lambda:UpdateFunctionEventInvokeConfig',
        'lambda:DeleteFunctionEventInvokeConfig',
      ],
      resources: [`arn:aws:lambda:${r}:*:function:${p}-*`],
    },
    {
      // The stream trigger's mapping: its ARN is a random id, so reading it cannot be scoped by name.
      sid: 'StreamMappingReads',
      read: ['lambda:GetEventSourceMapping'],
      write: [],
      resources: [`arn:aws:lambda:${r}:*:event-source-mapping:*`],
    },
    {
      // Creating one takes "*" (it has no ARN yet); the function it serves is the scope, for every change.
      sid: 'StreamMappings',
      read: [],
      write: ['lambda:CreateEventSourceMapping', 'lambda:UpdateEventSourceMapping', 'lambda:DeleteEventSourceMapping'],
      resources: ['*'],
      condition: [{ test: 'ArnLike', variable: 'lambda:FunctionArn', values: [`arn:aws:lambda:${r}:*:function:${p}-*`] }],
    },
    {
      sid: 'LogGroups',
      read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
      write: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
      ],
      resources: [`arn:aws:logs:${r}:*:log-group:/aws/lambda/${p}-*`, `arn:aws:logs:${r}:*:log-group:/aws/apigateway/${p}-*`],
    },
    {
      // HTTP API access logging is set up through log deliveries, which AWS authorises on "*" only.
      sid: 'ApiAccessLogDelivery',
      read: ['logs:DescribeLogGroups', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:DescribeResourcePolicies'],
      write: ['logs:CreateLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:PutResourcePolicy'],
      resources: ['*'],
    },
    {
      // API and domain ids are random and carry no name: the region is the narrowest scope.
      sid: 'Apis',
      read: ['apigateway:GET'],
      write: ['apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH', 'apigateway:DELETE'],
      resources: [
        `arn:aws:apigateway:${r}::/apis`,
        `arn:aws:apigateway:${r}::/apis/*`,
        `arn:aws:apigateway:${r}::/domainnames`,
        `arn:aws:apigateway:${r}::/domainnames/*`,
        `arn:aws:apigateway:${r}::/tags/*`,
      ],
    },
    {
      sid: 'SiteBuckets',
      read: [
        's3:ListBucket',
        's3:ListBucketVersions',
        's3:GetBucketAcl',
        's3:GetBucketCORS',
        's3:GetBucketWebsite',
        's3:GetBucketVersioning',
        's3:GetAccelerateConfiguration',
        's3:GetBucketRequestPayment',
        's3:GetBucketLogging',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
        's3:GetEncryptionConfiguration',
        's3:GetBucketObjectLockConfiguration',
        's3:GetBucketPolicy',
        's3:GetBucketTagging',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPublicAccessBlock',
        's3:GetObject',
        's3:GetObjectTagging',
        's3:GetObjectVersion',
      ],
      write: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:PutBucketTagging',
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPublicAccessBlock',
        's3:PutObject',
        's3:PutObjectTagging',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
      ],
      resources: [`arn:aws:s3:::${p}-*`, `arn:aws:s3:::${p}-*/*`],
    },
    {
      // CloudFront ids are random: distributions, origin access controls and headers policies are account-wide.
      sid: 'Cdn',
      read: [
        'cloudfront:GetDistribution',
        'cloudfront:GetDistributionConfig',
        'cloudfront:ListTagsForResource',
        'cloudfront:GetOriginAccessControl',
        'cloudfront:GetResponseHeadersPolicy',
        'cloudfront:GetCachePolicy',
        'cloudfront:GetOriginRequestPolicy',
      ],
      write: [
        'cloudfront:CreateDistribution',
        'cloudfront:UpdateDistribution',
        'cloudfront:DeleteDistribution',
        'cloudfront:TagResource',
        'cloudfront:UntagResource',
        'cloudfront:CreateOriginAccessControl',
        'cloudfront:UpdateOriginAccessControl',
        'cloudfront:DeleteOriginAccessControl',
        'cloudfront:CreateResponseHeadersPolicy',
        'cloudfront:UpdateResponseHeadersPolicy',
        'cloudfront:DeleteResponseHeadersPolicy',
      ],
      resources: ['*'],
    },
    {
      // Certificate ids are random; they live in the stack's region (API) and us-east-1 (CloudFront).
      sid: 'Certificates',
      read: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      write: ['acm:RequestCertificate', 'acm:DeleteCertificate', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
      resources: regions.map((region) => `arn:aws:acm:${region}:*:certificate/*`),
    },
    ...(env.domain
      ? [
          {
            sid: 'DnsRecords',
            read: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
            write: ['route53:ChangeResourceRecordSets'],
            resources: [`arn:aws:route53:::hostedzone/${env.domain.hostedZoneId}`],
          },
          { sid: 'DnsChanges', read: ['route53:GetChange'], write: [], resources: ['arn:aws:route53:::change/*'] },
        ]
      : []),
    ...(env.mail && env.domain
      ? [
          {
            sid: 'MailIdentity',
            read: ['ses:GetEmailIdentity', 'ses:ListTagsForResource'],
            write: [
              'ses:CreateEmailIdentity',
              'ses:DeleteEmailIdentity',
              'ses:PutEmailIdentityDkimSigningAttributes',
              'ses:TagResource',
              'ses:UntagResource',
            ],
            resources: [`arn:aws:ses:${r}:*:identity/${env.domain.domainName}`],
          },
        ]
      : []),
    ...(env.wafRateLimit
      ? [
          {
            sid: 'WebAcl',
            read: ['wafv2:GetWebACL', 'wafv2:GetLoggingConfiguration', 'wafv2:ListTagsForResource'],
            write: [
              'wafv2:CreateWebACL',
              'wafv2:UpdateWebACL',
              'wafv2:DeleteWebACL',
              'wafv2:PutLoggingConfiguration',
              'wafv2:DeleteLoggingConfiguration',
              'wafv2:TagResource',
              'wafv2:UntagResource',
            ],
            resources: [`arn:aws:wafv2:${US_EAST_1}:*:global/webacl/${p}-site/*`, `arn:aws:wafv2:${US_EAST_1}:*:global/managedruleset/*`],
          },
          {
            sid: 'WebAclLogs',
            read: ['logs:ListTagsForResource', 'logs:ListTagsLogGroup'],
            write: [
              'logs:CreateLogGroup',
              'logs:DeleteLogGroup',
              'logs:PutRetentionPolicy',
              'logs:DeleteRetentionPolicy',
              'logs:TagResource',
              'logs:UntagResource',
            ],
            resources: [
              `arn:aws:logs:${US_EAST_1}:*:log-group:aws-waf-logs-${p}`,
              `arn:aws:logs:${US_EAST_1}:*:log-group:aws-waf-logs-${p}:*`,
            ],
          },
        ]
      : []),
    {
      sid: 'Schedules',
      read: ['scheduler:GetSchedule'],
      write: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
      resources: [`arn:aws:scheduler:${r}:*:schedule/default/${p}-*`],
    },
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
      resources: [`arn:aws:sns:${r}:*:${p}-*`],
    },
    {
      sid: 'Queues',
      read: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'],
      write: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
      resources: [`arn:aws:sqs:${r}:*:${p}-*`],
    },
    {
      sid: 'Alarms',
      read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource', 'cloudwatch:GetDashboard'],
      write: [
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
        'cloudwatch:PutDashboard',
        'cloudwatch:DeleteDashboards',
      ],
      resources: [`arn:aws:cloudwatch:${r}:*:alarm:${p}-*`, `arn:aws:cloudwatch::*:dashboard/${p}-*`],
    },
  ];
}

/** The state object of one environment, and its S3 lock file. */
function stateStatements(env: RaffleConfig, stateBucket: string, access: CiAccess): DataAwsIamPolicyDocumentStatement[] {
  const key = env.stateBackend?.key ?? `raffle/${env.environment}.tfstate`;
  return [
    {
      sid: 'StateList',
      effect: 'Allow',
      actions: ['s3:ListBucket'],
      resources: [`arn:aws:s3:::${stateBucket}`],
      condition: [{ test: 'StringLike', variable: 's3:prefix', values: [`${key}*`] }],
    },
    // A plan reads the state and takes the lock (it writes and deletes the .tflock object); only a deploy writes the state.
    { sid: 'StateRead', effect: 'Allow', actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${stateBucket}/${key}`] },
    {
      sid: 'StateLock',
      effect: 'Allow',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [`arn:aws:s3:::${stateBucket}/${key}.tflock`],
    },
    ...(access === 'deploy'
      ? [{ sid: 'StateWrite', effect: 'Allow', actions: ['s3:PutObject'], resources: [`arn:aws:s3:::${stateBucket}/${key}`] }]
      : []),
  ];
}

/** The whole policy of one environment's CI role. */
export function ciStatements(env: RaffleConfig, stateBucket: string, access: CiAccess): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  for (const grant of grants(env)) {
    const actions = access === 'deploy' ? [...grant.read, ...grant.write] : [...grant.read];
    if (actions.length === 0) continue;
    statements.push({
      sid: grant.sid,
      effect: 'Allow',
      actions,
      resources: [...grant.resources],
      ...(grant.condition ? { condition: grant.condition } : {}),
    });
  }
  return [...statements, ...stateStatements(env, stateBucket, access)];
}
