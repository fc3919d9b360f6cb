/**
 * A role that only given GitHub workflow runs can assume, through the OIDC provider: the token's audience
 * must be STS and its subject one of `subjects` (e.g. "repo:my-org/raffle:environment:prod", which
 * GitHub only issues to jobs of that repository running in that environment).
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_ISSUER } from './github-oidc-provider';

export interface CiRoleProps {
  /** Role name. */
  readonly name: string;
  readonly description: string;
  /** ARN of the GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** Token subjects allowed to assume the role (exact values, no wildcards). */
  readonly subjects: readonly string[];
  /** The role's whole permission policy. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
}

/** A pipeline run lasts minutes; an hour covers a slow apply and no more. */
const MAX_SESSION_SECONDS = 3600;

export class CiRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: CiRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.oidcProviderArn] }],
          condition: [
            { test: 'StringEquals', variable: `${GITHUB_OIDC_ISSUER}:aud`, values: [GITHUB_OIDC_AUDIENCE] },
            { test: 'StringEquals', variable: `${GITHUB_OIDC_ISSUER}:sub`, values: [...props.subjects] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'Resource', {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: MAX_SESSION_SECONDS,
    });
    const policy = new DataAwsIamPolicyDocument(this, 'Policy', { statement: [...props.statements] });
    new IamRolePolicy(this, 'RolePolicy', { name: 'ci', role: this.role.id, policy: policy.json });
  }
}
