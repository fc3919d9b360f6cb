/**
 * A synth-time guard: no two resources of one kind may share a name. AWS refuses the second one at apply
 * time ("EntityAlreadyExists"), long after a plan looked fine; here the synth fails with both addresses.
 * The draw function's role and the scheduled draw's role once collided exactly like this.
 */
import { DefaultTokenResolver, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';

/**
 * The attributes that make a resource's name unique, per type; those that are set together form the
 * name (a policy name is unique within its role). Every named kind this project creates is listed; a
 * test checks that no named kind is missing.
 */
export const NAME_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_apigatewayv2_api: ['name'],
  aws_cloudfront_origin_access_control: ['name'],
  aws_cloudfront_response_headers_policy: ['name'],
  aws_cloudwatch_dashboard: ['dashboard_name'],
  aws_cloudwatch_log_group: ['name'],
  aws_cloudwatch_metric_alarm: ['alarm_name'],
  aws_dynamodb_table: ['name'],
  aws_iam_openid_connect_provider: ['url'],
  aws_iam_policy: ['name'],
  aws_iam_role: ['name'],
  aws_iam_role_policy: ['role', 'name'],
  aws_lambda_function: ['function_name'],
  aws_lambda_permission: ['function_name', 'statement_id'],
  // One of the two is set: an exact name, or a prefix S3 completes.
  aws_s3_bucket: ['bucket', 'bucket_prefix'],
  // A schedule's name is unique within its group.
  aws_scheduler_schedule: ['group_name', 'name'],
  aws_scheduler_schedule_group: ['name'],
  aws_sns_topic: ['name'],
  aws_sqs_queue: ['name'],
  aws_wafv2_web_acl: ['scope', 'name'],
};

/** One line per clash, naming the kind, the name and every construct path that uses it. Empty when all is well. */
export function duplicateNames(scopes: readonly IConstruct[]): string[] {
  const byName = new Map<string, string[]>();
  for (const scope of scopes) {
    for (const node of scope.node.findAll()) {
      if (!(node instanceof TerraformResource)) continue;
      const attributes = NAME_ATTRIBUTES[node.terraformResourceType];
      if (!attributes) continue;
      // Resolved, so a name built from another resource's attribute reads "${aws_iam_role.X.id}", not a token.
      const resolved = Tokenization.resolve(node.toTerraform(), {
        scope: TerraformStack.of(node),
        resolver: new DefaultTokenResolver(new StringConcat()),
      }) as {
        resource: Record<string, Record<string, Record<string, unknown>>>;
      };
      const config = resolved.resource[node.terraformResourceType][node.friendlyUniqueId];
      const values = attributes.map((a) => config[a]).filter((v): v is string => typeof v === 'string');
      if (values.length === 0) continue;
      const key = `${node.terraformResourceType} resources are named "${values.join('/')}"`;
      byName.set(key, [...(byName.get(key) ?? []), node.node.path]);
    }
  }
  return [...byName.entries()]
    .filter(([, paths]) => paths.length > 1)
    .map(([key, paths]) => `${paths.length} ${key}: ${paths.join(', ')} — give each its own name`);
}
