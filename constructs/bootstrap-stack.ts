/**
 * `bootstrap`: what the pipeline needs before it can run, applied once by an administrator with local
 * state: the Terraform state bucket, GitHub's OIDC provider, and per environment a read-only plan role
 * (pull requests, main, the drift check) and a deploy role that only that GitHub environment, with its
 * protection rules, can assume.
 */
import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ciRoleNames, type BootstrapConfig } from '../config/bootstrap';
import { CiRole } from './ci-role';
import { ciStatements } from './ci-permissions';
import { GithubOidcProvider } from './github-oidc-provider';
import { fromStackDir } from './stack-paths';
import { StateBucket } from './state-bucket';
import { duplicateNames } from './unique-names';
import { PROJECT_TAG } from './raffle-stack';

export const BOOTSTRAP_STACK = 'bootstrap';

export interface BootstrapStackProps {
  readonly config: BootstrapConfig;
}

export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;
  readonly planRoles: Readonly<Record<string, CiRole>>;
  readonly deployRoles: Readonly<Record<string, CiRole>>;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { config } = props;
    // The state of what holds the state cannot live in it: local, beside the project (gitignored).
    new LocalBackend(this, { path: fromStackDir(`terraform.${id}.tfstate`) });
    new AwsProvider(this, 'aws', {
      region: config.region,
      defaultTags: [{ tags: { Project: PROJECT_TAG, Environment: 'bootstrap', ManagedBy: 'cdktf', ...config.tags } }],
    });

    this.stateBucket = new StateBucket(this, 'StateBucket', { name: config.stateBucket });
    const oidc = new GithubOidcProvider(this, 'GithubOidc');
    const repo = config.githubRepository;

    const planRoles: Record<string, CiRole> = {};
    const deployRoles: Record<string, CiRole> = {};
    for (const env of config.environments) {
      const names = ciRoleNames(config.namePrefix, env.environment);
      const Env = `${env.environment[0].toUpperCase()}${env.environment.slice(1)}`;
      // One pair per environment: each policy stays well under IAM's 10,240-character inline limit.
      planRoles[env.environment] = new CiRole(this, `PlanRole${Env}`, {
        name: names.plan,
        description: `Read-only plans of ${env.namePrefix} from ${repo} (pull requests, main, drift checks)`,
        oidcProviderArn: oidc.provider.arn,
        subjects: [`repo:${repo}:pull_request`, `repo:${repo}:ref:refs/heads/main`],
        statements: ciStatements(env, config.stateBucket, 'plan'),
      });
      deployRoles[env.environment] = new CiRole(this, `DeployRole${Env}`, {
        name: names.deploy,
        description: `Deploys ${env.namePrefix} from ${repo}, GitHub environment "${env.environment}" only`,
        oidcProviderArn: oidc.provider.arn,
        subjects: [`repo:${repo}:environment:${env.environment}`],
        statements: ciStatements(env, config.stateBucket, 'deploy'),
      });
    }
    this.planRoles = planRoles;
    this.deployRoles = deployRoles;

    const arns = (roles: Record<string, CiRole>) => Object.fromEntries(Object.entries(roles).map(([env, role]) => [env, role.role.arn]));
    new TerraformOutput(this, 'state_bucket', {
      value: this.stateBucket.bucket.bucket,
      description: 'stateBackend.bucket of every environment',
    });
    new TerraformOutput(this, 'plan_role_arns', {
      value: arns(planRoles),
      description: 'GitHub repository variables AWS_PLAN_ROLE_ARN_<ENV>',
    });
    new TerraformOutput(this, 'deploy_role_arns', {
      value: arns(deployRoles),
      description: 'GitHub variable AWS_DEPLOY_ROLE_ARN of each GitHub environment',
    });
    this.node.addValidation({ validate: () => duplicateNames([this]) });
  }
}
