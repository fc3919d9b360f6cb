/**
 * A role that only given GitHub workflow runs can assume, through the OIDC provider: the token's audience
 * must be STS and its subject one of `subjects` (e.g. "repo:my-org/raffle:environment:prod", which
 * GitHub only issues to jobs of that repository running in that environment).
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
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
    // Managed policies of at most POLICY_BUDGET characters each: a deploy role's statements outgrow the
    // 10,240 characters IAM allows all of a role's inline policies together.
    chunkStatements(props.statements).forEach((statements, i) => {
      const document = new DataAwsIamPolicyDocument(this, `Policy${i + 1}`, { statement: statements });
      const policy = new IamPolicy(this, `ManagedPolicy${i + 1}`, { name: `${props.name}-${i + 1}`, policy: document.json });
      new IamRolePolicyAttachment(this, `Attachment${i + 1}`, { role: this.role.name, policyArn: policy.arn });
    });
  }
}

/** IAM's limit on a managed policy is 6,144 characters (without white space); this leaves room for its wrapping. */
export const POLICY_BUDGET = 5500;

/** The statements in order, cut into groups whose JSON stays within POLICY_BUDGET. */
export function chunkStatements(statements: readonly DataAwsIamPolicyDocumentStatement[]): DataAwsIamPolicyDocumentStatement[][] {
  const chunks: DataAwsIamPolicyDocumentStatement[][] = [[]];
  let size = 0;
  for (const statement of statements) {
    const length = JSON.stringify(statement).length;
    if (size + length > POLICY_BUDGET && chunks[chunks.length - 1].length > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks[chunks.length - 1].push(statement);
    size += length;
  }
  return chunks;
}
