/**
 * GIVEN the combinations of optional features that show every setting of any three features
 * WHEN the stack is synthesised with its validations
 * THEN no two resources of one kind share a name, and a clash would stop the synth naming both.
 *
 * A clash is between two resources of one kind. Whether each exists, and what it is called, hangs on the
 * prefix and on at most one feature (bench/unique-names.ts finds that over all 80 valid combinations),
 * so a clash that only a combination of features causes shows in some setting of two features. These 18
 * combinations show every setting of any three (a domain needs opsEmail or alarmTopicArn, so a feature
 * may be on in two ways); the bench still synthesises all 80.
 */
import { Testing, TerraformResource } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { RaffleStack } from '../../constructs/raffle-stack';
import { duplicateNames, NAME_ATTRIBUTES } from '../../constructs/unique-names';
import {
  coveringFeatureCombinations,
  everyFeatureCombination,
  FEATURE_NAMES,
  settingsMissedBy,
  variantConfig,
} from '../../testkit/config-variants';
import { testCaPem } from './fixtures';

const variants = coveringFeatureCombinations();
const allOn = variants.find((v) => v.features.length === FEATURE_NAMES.length)!;
const allOff = variants.find((v) => v.features.length === 0)!;

test('the variants show every setting of any three features that the config accepts, each feature on and off', () => {
  expect(settingsMissedBy(variants, 3)).toEqual([]);
  expect(variants.length).toBeLessThan(everyFeatureCombination().length / 4);
  for (const feature of FEATURE_NAMES) {
    expect(variants.some((v) => v.features.includes(feature))).toBe(true);
    expect(variants.some((v) => !v.features.includes(feature))).toBe(true);
  }
});

test.each(variants.map((v) => [v.name, v] as const))(
  '%s: every resource name is unique and the synth passes its validations',
  (_name, variant) => {
    const stack = new RaffleStack(Testing.app(), 'raffle-dev', { config: variantConfig(variant, testCaPem()) });
    expect(duplicateNames([stack])).toEqual([]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  },
);

test('every kind of named resource the stack creates is covered by the guard', () => {
  const stack = new RaffleStack(Testing.app(), 'raffle-dev', { config: variantConfig(allOn, testCaPem()) });
  const types = new Set(
    stack.node
      .findAll()
      .filter((n): n is TerraformResource => n instanceof TerraformResource)
      .map((r) => r.terraformResourceType),
  );
  // Kinds whose names are generated, or that are not named at all.
  const unnamed = new Set([
    'aws_acm_certificate',
    'aws_acm_certificate_validation',
    'aws_apigatewayv2_api_mapping',
    'aws_apigatewayv2_domain_name',
    'aws_apigatewayv2_integration',
    'aws_apigatewayv2_route',
    'aws_apigatewayv2_stage',
    'aws_cloudfront_distribution',
    'aws_kms_key',
    'aws_lambda_event_source_mapping',
    'aws_lambda_function_event_invoke_config',
    'aws_route53_record',
    'aws_s3_bucket_ownership_controls',
    'aws_s3_bucket_policy',
    'aws_s3_bucket_public_access_block',
    'aws_s3_bucket_server_side_encryption_configuration',
    'aws_s3_bucket_versioning',
    'aws_s3_object',
    'aws_sesv2_email_identity',
    'aws_sns_topic_policy',
    'aws_sns_topic_subscription',
    'aws_wafv2_web_acl_logging_configuration',
    'terraform_data',
  ]);
  expect([...types].filter((t) => !unnamed.has(t) && !(t in NAME_ATTRIBUTES)).sort()).toEqual([]);
});

test('a clash fails the synth with both construct paths and the fix', () => {
  const stack = new RaffleStack(Testing.app(), 'raffle-prod', { config: variantConfig(allOn, testCaPem()) });
  new IamRole(stack, 'Impostor', { name: 'raffle-dev-draw-role', assumeRolePolicy: '{}' });
  expect(duplicateNames([stack])).toEqual([
    '2 aws_iam_role resources are named "raffle-dev-draw-role": raffle-prod/DrawFunction/Role, raffle-prod/Impostor — give each its own name',
  ]);
  expect(() => Testing.synth(stack, true)).toThrow(/aws_iam_role resources are named "raffle-dev-draw-role"/);
});

test('a name is unique within its scope: the same policy name on two roles is no clash', () => {
  const stack = new RaffleStack(Testing.app(), 'raffle-dev', { config: variantConfig(allOff, testCaPem()) });
  // Every function's inline policy is called "least-privilege", each on its own role.
  expect(duplicateNames([stack])).toEqual([]);
});
