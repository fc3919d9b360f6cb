/**
 * One Lambda function from the catalogue (model/functions.ts): its zip, its log group, and a role that may
 * do exactly what the catalogue says on the table, write only to its own log group, and reach the
 * optional resources its entry names (when the stack has them).
 */
import { Construct } from 'constructs';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { bundleDir, type FunctionDefinition } from '../model/functions';
import { settingsEnvironment, type Settings } from '../model/settings';
import type { CiGrant, CiScope } from './ci-grant';
import { fromStackDir } from './stack-paths';

/** What reaching an optional resource takes: a policy statement (its address reaches the function through its settings). */
export interface ReachGrant {
  readonly statement: DataAwsIamPolicyDocumentStatement;
}

/** Function logs are kept this long (they hold no personal data, see functions/runtime/log.ts). */
const LOG_RETENTION_DAYS = 30;

/** The service that assumes the functions' roles (the CI roles may pass a role to it). */
export const LAMBDA_SERVICE = 'lambda.amazonaws.com';

/** Where Lambda writes a function's logs by default: this prefix and the function's name. */
export const FUNCTION_LOG_GROUP_PREFIX = '/aws/lambda/';

export interface RaffleFunctionProps {
  /** The catalogue entry: handler, table actions, sizing. */
  readonly definition: FunctionDefinition;
  /** Lambda function name; also names the role and the log group. */
  readonly functionName: string;
  /** Name of the stack folder under cdktf.out/stacks, so each stack writes its own zips. */
  readonly stackName: string;
  /** ARN of the entrants table the policy is scoped to. */
  readonly tableArn: string;
  /** What the function is told (config/function-settings.ts), written into its environment. */
  readonly settings: Settings;
  /** The optional resources of the entry's `reaches` that the stack has. */
  readonly grants: readonly ReachGrant[];
}

export class RaffleFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RaffleFunctionProps) {
    super(scope, id);
    const { definition } = props;

    // Paths relative to the stack folder: the output never carries this machine's absolute paths.
    const archive = new DataArchiveFile(this, 'Archive', {
      type: 'zip',
      sourceDir: fromStackDir(bundleDir(definition.name)),
      outputPath: fromStackDir(`dist/zip/${props.stackName}/${definition.name}.zip`),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      // The name Lambda writes to by default, created here so it has a retention and is destroyed with the stack.
      name: `${FUNCTION_LOG_GROUP_PREFIX}${props.functionName}`,
      retentionInDays: LOG_RETENTION_DAYS,
    });

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: [LAMBDA_SERVICE] }] }],
    });
    this.role = new IamRole(this, 'Role', {
      name: `${props.functionName}-role`,
      assumeRolePolicy: trust.json,
    });

    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: policyStatements(
        definition,
        props.tableArn,
        this.logGroup.arn,
        props.grants.map((g) => g.statement),
      ),
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: policy.json,
    });

    this.fn = new LambdaFunction(this, 'Resource', {
      functionName: props.functionName,
      description: definition.description,
      role: this.role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      architectures: ['arm64'],
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      memorySize: definition.sizing.memoryMb,
      timeout: definition.sizing.timeoutSeconds,
      reservedConcurrentExecutions: definition.sizing.reservedConcurrency,
      environment: { variables: settingsEnvironment(props.settings) },
      // Naming the log group makes it an implicit dependency: it exists, with its retention, before the first log line.
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      // The role's policy must be attached before the first invocation.
      dependsOn: [rolePolicy],
    });
  }

  /**
   * What the pipeline's roles need on the functions, including what other constructs attach to them:
   * the API routes' invoke permissions (http-api.ts) and the scheduled draw's async invoke config
   * (draw-schedule.ts).
   */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
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
        resources: [functionArnPattern(env)],
      },
    ];
  }
}

/** Every function of an environment, as an IAM resource pattern (the stack names them `<namePrefix>-<name>`). */
export function functionArnPattern(env: CiScope): string {
  return `arn:aws:lambda:${env.region}:*:function:${env.namePrefix}-*`;
}

/**
 * The function's whole IAM policy: exactly the catalogue's table and index actions (nothing on other
 * tables, no "*"), and log writes to its own group only. Pure, so tests can read it without synth.
 */
export function policyStatements(
  definition: FunctionDefinition,
  tableArn: string,
  logGroupArn: string,
  extra: readonly DataAwsIamPolicyDocumentStatement[],
): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [];
  if (definition.tableActions.length > 0) {
    statements.push({ sid: 'Table', effect: 'Allow', actions: [...definition.tableActions], resources: [tableArn] });
  }
  for (const [index, actions] of Object.entries(definition.indexActions)) {
    if (actions.length === 0) continue;
    statements.push({
      sid: `Index${index.replace(/[^A-Za-z0-9]/g, '')}`,
      effect: 'Allow',
      actions: [...actions],
      resources: [`${tableArn}/index/${index}`],
    });
  }
  statements.push({
    sid: 'OwnLogs',
    effect: 'Allow',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroupArn, `${logGroupArn}:*`],
  });
  return [...statements, ...extra];
}
