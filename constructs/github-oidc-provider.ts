/**
 * GitHub Actions' OpenID Connect identity provider in IAM: workflows exchange a short-lived token for
 * role credentials, so no long-lived AWS key is ever stored in GitHub. One per account.
 */
import { Construct } from 'constructs';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';

export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks GitHub for. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';

export class GithubOidcProvider extends Construct {
  readonly provider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // No thumbprint: IAM trusts GitHub's certificate through its own library of root CAs.
    this.provider = new IamOpenidConnectProvider(this, 'Resource', {
      url: `https://${GITHUB_OIDC_ISSUER}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
  }
}
