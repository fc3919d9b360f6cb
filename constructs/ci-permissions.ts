/**
 * What the pipeline's roles may do, per environment: read (plan) or read and write (deploy) exactly the
 * kinds of resource the raffle stack manages, scoped by that environment's name prefix, region and
 * hosted zone wherever the service's ARNs carry a name. Each construct states the grants for the
 * resources it creates (its static `ciGrants`, beside the resources); this file gathers them, in the
 * policy's order, with the few that several constructs share. Pure, so tests read the policy without a synth.
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
import type { DomainConfig, RaffleConfig } from '../config/schema';
import { Alarms } from './alarms';
import { Certificate } from './certificate';
import { LOG_GROUP_ACTIONS, type CiGrant, type CiScope } from './ci-grant';
import { DeadLetterQueue } from './dead-letter-queue';
import { DrawSchedules } from './draw-schedules';
import { EntrantsTable } from './entrants-table';
import { ACCESS_LOG_GROUP_PREFIX, HttpApi } from './http-api';
import { MailIdentity } from './mail-identity';
import { Notifications } from './notifications';
import { OpsAlerts } from './ops-alerts';
import { PrivateBucket } from './private-bucket';
import { FUNCTION_LOG_GROUP_PREFIX, LAMBDA_SERVICE, RaffleFunction } from './raffle-function';
import { PROJECT_TAG } from './raffle-stack';
import { Site } from './site';
import { StreamTrigger } from './stream-trigger';
import { WebAcl } from './web-acl';

export type CiAccess = 'plan' | 'deploy';

/**
 * Every grant of an environment, in the policies' order (a change of order changes the policies). The
 * hosted zone's, the mail identity's, the web ACL's and the ops topic's key only when the config has
 * them, as the stack does.
 */
function grants(env: RaffleConfig): CiGrant[] {
  return [
    ...EntrantsTable.ciGrants(env),
    ...roleGrants(env),
    ...RaffleFunction.ciGrants(env),
    ...StreamTrigger.ciGrants(env),
    logGroupGrant(env),
    ...HttpApi.ciGrants(),
    apiGatewayGrant(env),
    ...PrivateBucket.ciGrants(env),
    ...Site.ciGrants(),
    ...Certificate.ciGrants(env),
    ...(env.domain ? hostedZoneGrants(env.domain) : []),
    ...(env.mail && env.domain ? MailIdentity.ciGrants(env, env.domain) : []),
    ...(env.wafRateLimit ? WebAcl.ciGrants(env) : []),
    ...DrawSchedules.ciGrants(env),
    ...Notifications.ciGrants(env),
    ...(env.opsEmail ? OpsAlerts.ciGrants({ region: env.region, environment: env.environment, projectTag: PROJECT_TAG }) : []),
    ...DeadLetterQueue.ciGrants(env),
    ...Alarms.ciGrants(env),
  ];
}

// The grants below are shared: one statement covers what several constructs create under one prefix or
// in one zone, so no construct owns it.

/**
 * The roles of the functions (raffle-function.ts) and of the schedules (draw-schedules.ts). The pipeline
 * hands Lambda the functions' roles; it hands Scheduler the schedules' role only for the claim sweep, the
 * one schedule that is the stack's (DrawSchedules.ciGrants): the raffles' draw schedules are the app's.
 */
function roleGrants(env: CiScope): CiGrant[] {
  const roles = `arn:aws:iam::*:role/${env.namePrefix}-*`;
  return [
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
      resources: [roles],
    },
    {
      sid: 'PassRolesToLambda',
      read: [],
      write: ['iam:PassRole'],
      resources: [roles],
      condition: [{ test: 'StringEquals', variable: 'iam:PassedToService', values: [LAMBDA_SERVICE] }],
    },
  ];
}

/** The functions' log groups (raffle-function.ts) and the APIs' access log groups (http-api.ts). */
function logGroupGrant(env: CiScope): CiGrant {
  const logGroups = (groupPrefix: string) => `arn:aws:logs:${env.region}:*:log-group:${groupPrefix}${env.namePrefix}-*`;
  return {
    sid: 'LogGroups',
    read: LOG_GROUP_ACTIONS.read,
    // And the older tagging calls, which the web ACL's log group is not granted.
    write: [...LOG_GROUP_ACTIONS.write, 'logs:TagLogGroup', 'logs:UntagLogGroup'],
    resources: [logGroups(FUNCTION_LOG_GROUP_PREFIX), logGroups(ACCESS_LOG_GROUP_PREFIX)],
  };
}

/**
 * The APIs (http-api.ts) and the admin API's custom domain (admin-api.ts). Their ids are random and
 * carry no name: the region is the narrowest scope.
 */
function apiGatewayGrant(env: CiScope): CiGrant {
  const r = env.region;
  return {
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
  };
}

/**
 * The records in the hosted zone: certificate validation (certificate.ts), aliases (site.ts,
 * admin-api.ts) and DKIM (mail-identity.ts).
 */
function hostedZoneGrants(domain: Pick<DomainConfig, 'hostedZoneId'>): CiGrant[] {
  return [
    {
      sid: 'DnsRecords',
      read: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
      write: ['route53:ChangeResourceRecordSets'],
      resources: [`arn:aws:route53:::hostedzone/${domain.hostedZoneId}`],
    },
    { sid: 'DnsChanges', read: ['route53:GetChange'], write: [], resources: ['arn:aws:route53:::change/*'] },
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
