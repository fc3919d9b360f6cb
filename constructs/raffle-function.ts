/**
 * One Lambda function from the catalogue (functions/shared/catalog.ts): its zip, its log group, and a role
 * that may do exactly what the catalogue says on the table and write only to its own log group.
 */
import { Construct } from 'constructs';
import { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { FUNCTIONS, type FunctionName } from '../functions/shared/catalog';
import { bundleDir } from '../scripts/build-functions';
import { fromStackDir } from './stack-paths';


export interface RaffleFunctionProps {
  /** Which catalogue entry this is. */
  readonly name: FunctionName;
  /** Lambda function name; also names the role and the log group. */
  readonly functionName: string;
  /** Name of the stack folder under cdktf.out/stacks, so each stack writes its own zips. */
  readonly stackName: string;
  /** ARN of the entrants table the policy is scoped to. */
  readonly tableArn: string;
  /** Environment variables (names from ENV in the catalogue). @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** Memory in MB; 256 MB gives enough CPU for JSON + one DynamoDB round trip. @default 256 */
  readonly memorySize?: number;
  /** Timeout in seconds; API Gateway gives up after 30 s anyway. @default 10 */
  readonly timeout?: number;
  /** Reserved concurrency: a cost and blast-radius cap, and a guarantee the function can always run. @default 10 */
  readonly reservedConcurrentExecutions?: number;
  /** Log retention in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Extra policy statements (e.g. sns:Publish on one topic). @default none */
  readonly extraStatements?: readonly DataAwsIamPolicyDocumentStatement[];
}

export class RaffleFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: RaffleFunctionProps) {
    super(scope, id);
    const definition = FUNCTIONS[props.name];

    // Paths relative to the stack folder: the output never carries this machine's absolute paths.
    const archive = new DataArchiveFile(this, 'Archive', {
      type: 'zip',
      sourceDir: fromStackDir(bundleDir(props.name)),
      outputPath: fromStackDir(`dist/zip/${props.stackName}/${props.name}.zip`),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      // The name Lambda writes to by default, created here so it has a retention and is destroyed with the stack.
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 30,
    });

    const trust = new DataAwsIamPolicyDocument(this, 'TrustPolicy', {
      statement: [{ effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    });
    this.role = new IamRole(this, 'Role', {
      name: `${props.functionName}-role`,
      assumeRolePolicy: trust.json,
    });

    const policy = new DataAwsIamPolicyDocument(this, 'Policy', {
      statement: policyStatements(props.name, props.tableArn, this.logGroup.arn, props.extraStatements ?? []),
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
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? 10,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? 10,
      environment: { variables: { ...(props.environment ?? {}) } },
      // Naming the log group makes it an implicit dependency: it exists, with its retention, before the first log line.
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      // The role's policy must be attached before the first invocation.
      dependsOn: [rolePolicy],
    });
  }
}

/**
 * The function's whole IAM policy: exactly the catalogue's table and index actions (nothing on other
 * tables, no "*"), and log writes to its own group only. Pure, so tests can read it without synth.
 */
export function policyStatements(
  name: FunctionName,
  tableArn: string,
  logGroupArn: string,
  extra: readonly DataAwsIamPolicyDocumentStatement[] = [],
): DataAwsIamPolicyDocumentStatement[] {
  const definition = FUNCTIONS[name];
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
