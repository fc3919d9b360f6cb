/**
 * ops/plan-review/: the Markdown review of `terraform show -json` output and the gate on
 * dangerous changes. Plans and states are built here in the shape Terraform 1.11 writes them (taken
 * from a real plan against the deployed stack), trimmed to the attributes each case needs.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../ops/plan-review/cli';
import { reviewPlan, reviewState } from '../../ops/plan-review/markdown';
import type { Finding } from '../../ops/plan-review/rules';
import { detectKind } from '../../ops/plan-review/terraform-json';

type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete';
type Obj = Record<string, unknown>;

const ACCOUNT = '123456789012';
const TABLE_ARN = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/raffle-prod-entrants`;

/** One entry of resource_changes / resource_drift. */
function rc(address: string, actions: Action[], before: Obj | null, after: Obj | null, extra: Obj = {}): Obj {
  const [type, name] = address.split('.').slice(-2);
  return {
    address,
    mode: actions[0] === 'read' ? 'data' : 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...extra },
  };
}
const update = (address: string, before: Obj, after: Obj, extra: Obj = {}) => rc(address, ['update'], before, after, extra);
const replace = (address: string, before: Obj, after: Obj, extra: Obj = {}) => rc(address, ['delete', 'create'], before, after, extra);
const destroy = (address: string, before: Obj) => rc(address, ['delete'], before, null);
const create = (address: string, after: Obj, extra: Obj = {}) => rc(address, ['create'], null, after, extra);
const noop = (address: string, values: Obj) => rc(address, ['no-op'], values, values);

/** What `terraform show -json tfplan` writes; a no-op table keeps it from looking like a first deployment. */
function plan(changes: Obj[], drift: Obj[] = []): Obj {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    planned_values: { root_module: {} },
    resource_drift: drift,
    resource_changes: [noop('aws_dynamodb_table.EntrantsTable_2FFCE6B2', table()), ...changes],
    configuration: {},
  };
}

const table = (over: Obj = {}): Obj => ({
  name: 'raffle-prod-entrants',
  arn: TABLE_ARN,
  hash_key: 'email',
  deletion_protection_enabled: true,
  point_in_time_recovery: [{ enabled: true, recovery_period_in_days: 35 }],
  tags: {},
  ...over,
});
const lambda = (variables: Obj): Obj => ({
  function_name: 'raffle-prod-draw',
  handler: 'index.handler',
  environment: [{ variables: { TABLE_NAME: 'raffle-prod-entrants', BEACON_MARGIN_SECONDS: '30', ...variables } }],
  tags: {},
});
const policy = (...statements: Obj[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = TABLE_ARN): Obj => ({ Effect: 'Allow', Action, Resource });
const page = (key: string): Obj => ({ bucket: 'raffle-prod-site-2026', key, content_type: 'text/html; charset=utf-8', etag: 'abc' });

const rules = (findings: Finding[]) => findings.map((f) => `${f.rule} ${f.address}`).sort();
const review = (changes: Obj[], drift: Obj[] = []) => reviewPlan(plan(changes, drift));

describe('dangerous changes', () => {
  it.each([
    ['aws_dynamodb_table.EntrantsTable_2FFCE6B2', 'replaced'],
    ['aws_s3_bucket.Site_Bucket_978D4AEB', 'destroyed'],
    ['aws_acm_certificate.AdminApi_Certificate_1AF74837', 'replaced'],
    ['aws_apigatewayv2_domain_name.AdminApi_DomainName_47F7A4AA', 'destroyed'],
    ['aws_iam_openid_connect_provider.GitHub_1234', 'destroyed'],
  ])('GIVEN %s WHEN it is %s THEN data-loss is flagged before the change lists', (address, how) => {
    const values = { name: 'x', tags: {} };
    const replaced = how === 'replaced';
    const { findings, markdown } = review([
      replaced ? replace(address, values, { ...values, name: 'y' }, { replace_paths: [['name']] }) : destroy(address, values),
    ]);
    expect(rules(findings)).toEqual([`data-loss ${address}`]);
    expect(findings[0].message).toMatch(
      replaced ? /^Replacing deletes .* \(replaced because name cannot change in place\)$/ : /^Destroying deletes /,
    );
    expect(markdown).toMatch(/## ⚠️ Dangerous changes \(1\)/);
    expect(markdown.indexOf('Dangerous changes')).toBeLessThan(markdown.indexOf(replaced ? '## Replace' : '## Destroy'));
  });

  it('GIVEN the truststore RootCA.pem object replaced and a site page replaced WHEN reviewed THEN only the truststore is data loss', () => {
    const { findings } = review([
      replace(
        'aws_s3_object.Truststore_1C006261',
        { key: 'RootCA.pem', etag: 'a' },
        { key: 'RootCA.pem', etag: 'b' },
        { replace_paths: [['bucket']] },
      ),
      replace('aws_s3_object.Site_File_apply_html_8875DEE9', page('apply.html'), { ...page('apply.html'), etag: 'def' }),
    ]);
    expect(rules(findings)).toEqual(['data-loss aws_s3_object.Truststore_1C006261']);
    expect(findings[0].message).toMatch(/truststore/);
  });

  it('GIVEN a role policy gaining an action WHEN the stack already exists THEN iam-widening names the action', () => {
    const before = policy(allow(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    const after = policy(allow(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteTable']));
    const { findings } = review([update('aws_iam_role_policy.DrawFunction_RolePolicy_303BD2B0', { policy: before }, { policy: after })]);
    expect(rules(findings)).toEqual(['iam-widening aws_iam_role_policy.DrawFunction_RolePolicy_303BD2B0']);
    expect(findings[0].message).toContain('dynamodb:deletetable');
    expect(findings[0].message).not.toContain('putitem');
  });

  it.each([
    ['a service wildcard', allow('s3:*', 'arn:aws:s3:::b/*'), 'action "s3:*"'],
    ['a bare "*" action', allow('*', 'arn:aws:s3:::b/*'), 'action "*"'],
    ['an existing action moved onto Resource "*"', allow('dynamodb:PutItem', '*'), '"dynamodb:putitem" on every resource'],
    ['NotAction', { Effect: 'Allow', NotAction: 'iam:*', Resource: TABLE_ARN }, 'NotAction'],
  ])(
    'GIVEN a policy statement (object, not array) gaining %s WHEN reviewed THEN iam-widening names the wildcard',
    (_what, statement, expected) => {
      const before = JSON.stringify({ Version: '2012-10-17', Statement: allow('dynamodb:PutItem') });
      const after = JSON.stringify({ Version: '2012-10-17', Statement: [allow('dynamodb:PutItem'), statement] });
      const { findings } = review([update('aws_iam_policy.Deploy_1', { policy: before }, { policy: after })]);
      expect(findings.map((f) => f.rule)).toContain('iam-widening');
      expect(findings.map((f) => f.message).join('\n')).toContain(expected);
    },
  );

  it('GIVEN a Deny "*" statement and an unchanged wildcard WHEN reviewed THEN nothing widens', () => {
    const before = policy(allow('logs:*', '*'));
    const after = policy(allow('logs:*', '*'), { Effect: 'Deny', Action: '*', Resource: '*' });
    const { findings } = review([update('aws_iam_role_policy.P_1', { policy: before }, { policy: after })]);
    expect(findings).toEqual([]);
  });

  it('GIVEN an aws_iam_role whose inline policy and trust policy widen WHEN reviewed THEN both are flagged', () => {
    const trust = (Principal: unknown) => policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal });
    const before = {
      assume_role_policy: trust({ Service: 'lambda.amazonaws.com' }),
      inline_policy: [{ name: 'least-privilege', policy: policy(allow('dynamodb:GetItem')) }],
    };
    const after = {
      assume_role_policy: trust('*'),
      inline_policy: [{ name: 'least-privilege', policy: policy(allow('dynamodb:GetItem'), allow('dynamodb:Scan')) }],
    };
    const { findings } = review([update('aws_iam_role.DrawFunction_Role_A800FC9C', before, after)]);
    const messages = findings.map((f) => f.message).join('\n');
    expect(findings.every((f) => f.rule === 'iam-widening')).toBe(true);
    expect(messages).toContain('inline_policy[*].policy allows new actions: dynamodb:scan');
    expect(messages).toContain('assume_role_policy allows any principal');
  });

  it('GIVEN a policy only known after apply WHEN reviewed THEN it is shown as such and not judged', () => {
    // As in the real plan: the document depends on an ARN the same apply changes.
    const { findings, markdown } = review([
      update(
        'aws_iam_role_policy.DrawSchedule_RolePolicy_BD990C00',
        { policy: policy(allow('lambda:InvokeFunction')) },
        { policy: null },
        { after_unknown: { policy: true } },
      ),
    ]);
    expect(findings).toEqual([]);
    expect(markdown).toMatch(/`policy`: .* → \(known after apply\)/);
    expect(markdown).toMatch(/policy: \(known after apply\), not judged/);
  });

  describe('on a first deployment (nothing exists yet)', () => {
    const firstDeploy = (...statements: Obj[]) =>
      reviewPlan({
        format_version: '1.2',
        planned_values: {},
        resource_changes: [
          rc('data.aws_iam_policy_document.Doc', ['read'], null, {}),
          create('aws_dynamodb_table.EntrantsTable_2FFCE6B2', table()),
          create('aws_iam_role_policy.ApplyFunction_RolePolicy_9FD01019', { policy: policy(...statements) }),
        ],
      });

    it('GIVEN least-privilege role policies WHEN reviewed THEN their actions are information, not findings', () => {
      const { findings, markdown } = firstDeploy(allow(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
      expect(findings).toEqual([]);
      expect(markdown).toContain('No dangerous change found');
      expect(markdown).toMatch(/first deployment, information only\): dynamodb:putitem, dynamodb:updateitem/);
    });

    it('GIVEN a wildcard action WHEN reviewed THEN it is still dangerous', () => {
      const { findings } = firstDeploy(allow('dynamodb:*'));
      expect(rules(findings)).toEqual(['iam-widening aws_iam_role_policy.ApplyFunction_RolePolicy_9FD01019']);
      expect(findings[0].message).toContain('action "dynamodb:*"');
    });
  });

  it('GIVEN a bucket policy opened to Principal "*" without Condition WHEN reviewed THEN s3-public; with a Condition THEN not', () => {
    const cloudfront = {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::site/*',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': 'arn:aws:cloudfront::1:distribution/X' } },
    };
    const open = { ...cloudfront, Principal: { AWS: '*' }, Condition: undefined };
    const opened = review([
      update('aws_s3_bucket_policy.Site_Bucket_Policy_575435B8', { policy: policy(cloudfront) }, { policy: policy(cloudfront, open) }),
    ]);
    expect(opened.findings.map((f) => f.rule)).toEqual(['s3-public']);
    const conditioned = review([
      update(
        'aws_s3_bucket_policy.Site_Bucket_Policy_575435B8',
        { policy: policy(cloudfront) },
        { policy: policy({ ...cloudfront, Principal: '*' }) },
      ),
    ]);
    expect(conditioned.findings).toEqual([]);
  });

  it('GIVEN mutual TLS removed from the admin domain WHEN reviewed THEN mtls-off; when still unknown THEN not', () => {
    const mtls = {
      domain_name: 'admin.raffle.example.com',
      mutual_tls_authentication: [{ truststore_uri: 's3://raffle-prod-truststore/RootCA.pem', truststore_version: 'v1' }],
    };
    const off = review([
      update('aws_apigatewayv2_domain_name.AdminApi_DomainName_47F7A4AA', mtls, { ...mtls, mutual_tls_authentication: [] }),
    ]);
    expect(rules(off.findings)).toEqual(['mtls-off aws_apigatewayv2_domain_name.AdminApi_DomainName_47F7A4AA']);
    // The truststore bucket is being replaced too, so the new URI is not known yet: nothing to judge.
    const pending = review([
      update(
        'aws_apigatewayv2_domain_name.AdminApi_DomainName_47F7A4AA',
        mtls,
        { ...mtls, mutual_tls_authentication: [] },
        { after_unknown: { mutual_tls_authentication: true } },
      ),
    ]);
    expect(pending.findings).toEqual([]);
  });

  it('GIVEN the execute-api endpoint re-enabled in place or by replacement WHEN reviewed THEN execute-api-on', () => {
    const api = { name: 'raffle-prod-admin', disable_execute_api_endpoint: true, protocol_type: 'HTTP' };
    const { findings } = review([
      update('aws_apigatewayv2_api.AdminApi_B3376E39', api, { ...api, disable_execute_api_endpoint: false }),
      replace('aws_apigatewayv2_api.Other_1', api, { ...api, protocol_type: 'WEBSOCKET', disable_execute_api_endpoint: false }),
      update(
        'aws_apigatewayv2_api.PublicApi_6461FF4B',
        { ...api, disable_execute_api_endpoint: false },
        { ...api, disable_execute_api_endpoint: true },
      ),
    ]);
    expect(rules(findings)).toEqual([
      'execute-api-on aws_apigatewayv2_api.AdminApi_B3376E39',
      'execute-api-on aws_apigatewayv2_api.Other_1',
    ]);
  });

  it('GIVEN the public access block loosened or removed, ownership and ACL opened WHEN reviewed THEN bucket-opened for each', () => {
    const block = {
      bucket: 'raffle-prod-site',
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    };
    const enforced = { bucket: 'raffle-prod-site', rule: [{ object_ownership: 'BucketOwnerEnforced' }] };
    const { findings } = review([
      update('aws_s3_bucket_public_access_block.Site_Bucket_PublicAccessBlock_18D3CB08', block, { ...block, block_public_policy: false }),
      destroy('aws_s3_bucket_public_access_block.Truststore_Bucket_PublicAccessBlock_469547C5', block),
      update('aws_s3_bucket_ownership_controls.Site_Bucket_Ownership_E882C8B0', enforced, {
        ...enforced,
        rule: [{ object_ownership: 'ObjectWriter' }],
      }),
      update(
        'aws_s3_bucket_acl.Site_Acl_1',
        { bucket: 'raffle-prod-site', acl: 'private' },
        { bucket: 'raffle-prod-site', acl: 'public-read' },
      ),
    ]);
    expect(findings.map((f) => f.rule)).toEqual(['bucket-opened', 'bucket-opened', 'bucket-opened', 'bucket-opened']);
    expect(findings.map((f) => f.message).join('\n')).toContain('block_public_policy true → false');
  });

  it('GIVEN deletion protection and point-in-time recovery switched off WHEN reviewed THEN protection-off twice', () => {
    const { findings } = reviewPlan({
      resource_changes: [
        update(
          'aws_dynamodb_table.EntrantsTable_2FFCE6B2',
          table(),
          table({ deletion_protection_enabled: false, point_in_time_recovery: [{ enabled: false, recovery_period_in_days: 35 }] }),
        ),
      ],
    });
    expect(findings.map((f) => f.rule)).toEqual(['protection-off', 'protection-off']);
  });

  it('GIVEN an admin route losing AWS_IAM authorization WHEN reviewed THEN auth-off', () => {
    const route = { route_key: 'POST /raffle/raffles/{raffleId}/draw', authorization_type: 'AWS_IAM' };
    const { findings } = review([
      update('aws_apigatewayv2_route.AdminApi_Api_PostRaffleRafflesRaffleIdDraw_0F1D2E3C', route, { ...route, authorization_type: 'NONE' }),
    ]);
    expect(rules(findings)).toEqual(['auth-off aws_apigatewayv2_route.AdminApi_Api_PostRaffleRafflesRaffleIdDraw_0F1D2E3C']);
  });

  it("GIVEN the schedule group destroyed or replaced WHEN reviewed THEN data-loss: every raffle's scheduled draw goes with it", () => {
    const group = { name: 'raffle-prod-draws', arn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule-group/raffle-prod-draws' };
    for (const change of [
      destroy('aws_scheduler_schedule_group.DrawSchedule_Group_B405635D', group),
      replace(
        'aws_scheduler_schedule_group.DrawSchedule_Group_B405635D',
        group,
        { ...group, name: 'raffle-renamed-draws' },
        { replace_paths: [['name']] },
      ),
    ]) {
      const { findings } = review([change]);
      expect(rules(findings)).toEqual(['data-loss aws_scheduler_schedule_group.DrawSchedule_Group_B405635D']);
      expect(findings[0].message).toContain("every raffle's scheduled draw");
    }
    // Made with the stack: nothing to lose.
    expect(review([create('aws_scheduler_schedule_group.DrawSchedule_Group_B405635D', group)]).findings).toEqual([]);
  });

  describe('alarms that stop reaching anyone', () => {
    const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:raffle-prod-ops-alarms';
    const OWN = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
    const alarm = (over: Obj = {}): Obj => ({
      alarm_name: 'raffle-prod-draw-errors',
      actions_enabled: true,
      alarm_actions: [TOPIC],
      ok_actions: [TOPIC],
      ...over,
    });
    const ADDRESS = 'aws_cloudwatch_metric_alarm.Alarms_DrawErrors_6B3BA8F1';

    it.each([
      [
        'losing every action',
        alarm({ alarm_actions: [], ok_actions: [] }),
        /loses every action: it no longer notifies .*raffle-prod-ops-alarms/,
      ],
      ['losing every action (null)', alarm({ alarm_actions: null, ok_actions: null }), /loses every action/],
      ['with its actions switched off', alarm({ actions_enabled: false }), /actions are switched off/],
    ])('GIVEN an alarm %s WHEN reviewed THEN alarms-silenced', (_how, after, message) => {
      const { findings } = review([update(ADDRESS, alarm(), after)]);
      expect(rules(findings)).toEqual([`alarms-silenced ${ADDRESS}`]);
      expect(findings[0].message).toMatch(message);
    });

    it('GIVEN an alarm moved to another topic, given one more, or its topic replaced (unknown yet) WHEN reviewed THEN nothing is dangerous', () => {
      const { findings } = review([
        update(ADDRESS, alarm(), alarm({ alarm_actions: [OWN], ok_actions: [OWN] })),
        update('aws_cloudwatch_metric_alarm.Alarms_ApplyErrors_1', alarm(), alarm({ alarm_actions: [TOPIC, OWN] })),
        update('aws_cloudwatch_metric_alarm.Alarms_ApplyThrottles_2', alarm(), alarm({ alarm_actions: null }), {
          after_unknown: { alarm_actions: true },
        }),
        update('aws_cloudwatch_metric_alarm.Alarms_ConfirmErrors_3', alarm(), alarm({ alarm_actions: [null] }), {
          after_unknown: { alarm_actions: [true] },
        }),
        // Never had an action: nothing is lost.
        update(
          'aws_cloudwatch_metric_alarm.Alarms_DrawThrottles_4',
          alarm({ alarm_actions: [] }),
          alarm({ alarm_actions: [], threshold: 2 }),
        ),
      ]);
      expect(findings).toEqual([]);
    });
  });

  it("GIVEN the ops topic's key policy allowing a new use of the key WHEN reviewed THEN iam-widening", () => {
    const admin = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['kms:DescribeKey'], Resource: '*' };
    const alarms = {
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    };
    const everyone = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: ['kms:Encrypt'], Resource: '*' };
    const { findings } = review([
      update('aws_kms_key.OpsAlerts_Key_1', { policy: policy(admin, alarms) }, { policy: policy(admin, alarms, everyone) }),
    ]);
    expect(rules(findings)).toEqual(['iam-widening aws_kms_key.OpsAlerts_Key_1']);
    expect(findings[0].message).toBe('policy allows new actions: kms:encrypt');
    // In a key policy "*" is the key itself, not every resource; a role policy's "*" still is.
    const role = review([
      update(
        'aws_iam_role_policy.P_1',
        { policy: policy(allow('kms:Decrypt', 'arn:aws:kms:k')) },
        { policy: policy(allow('kms:Decrypt', '*')) },
      ),
    ]);
    expect(role.findings.map((f) => f.message)).toEqual(['policy adds wildcard grants: "kms:decrypt" on every resource']);
  });

  it('GIVEN a tag change, an environment variable change and a page upload WHEN reviewed THEN nothing is dangerous', () => {
    const { findings, markdown } = review([
      update('aws_dynamodb_table.EntrantsTable_2FFCE6B2', table(), table({ tags: { Owner: 'raffle-team' } })),
      update('aws_lambda_function.DrawFunction_8FF376D2', lambda({}), lambda({ BEACON_MARGIN_SECONDS: '45' })),
      replace(
        'aws_s3_object.Site_File_draw_html_D31D0DE5',
        page('draw.html'),
        { ...page('draw.html'), etag: 'new' },
        { replace_paths: [['etag']] },
      ),
      create('aws_s3_object.Site_File_new_html_1', page('new.html')),
    ]);
    expect(findings).toEqual([]);
    expect(markdown).toContain('✅ No dangerous change found.');
    expect(markdown).not.toContain('Dangerous changes');
    expect(markdown).toContain('`environment[0].variables.BEACON_MARGIN_SECONDS`: "30" → "45"');
  });
});

describe('report layout', () => {
  it('GIVEN one change of each kind plus a data read and a no-op WHEN reviewed THEN the summary counts them and groups them by type', () => {
    const { markdown } = review([
      rc('data.aws_iam_policy_document.Doc', ['read'], null, {}),
      create('aws_cloudwatch_log_group.New_1', { name: '/aws/lambda/new' }),
      create('aws_cloudwatch_log_group.New_2', { name: '/aws/lambda/new2' }),
      update('aws_lambda_function.DrawFunction_8FF376D2', lambda({}), lambda({ BEACON_MARGIN_SECONDS: '40' })),
      replace(
        'aws_s3_object.Site_File_draw_html_D31D0DE5',
        page('draw.html'),
        { ...page('draw.html'), etag: 'new' },
        { replace_paths: [['etag']] },
      ),
      destroy('aws_sns_topic_subscription.Old_1', { protocol: 'https' }),
    ]);
    expect(markdown).toMatch(/^# Terraform plan review/);
    expect(markdown).toContain('| Create | 2 |\n| Update | 1 |\n| Replace | 1 |\n| Destroy | 1 |');
    expect(markdown).not.toContain('Drifted');
    expect(markdown).toContain('### `aws_cloudwatch_log_group` (2)');
    expect(markdown).toContain('- `aws_s3_object.Site_File_draw_html_D31D0DE5` — replaced because `etag` cannot change in place');
    expect(markdown).not.toContain('aws_dynamodb_table.EntrantsTable'); // the no-op
    expect(markdown).not.toContain('aws_iam_policy_document'); // the read
  });

  it('GIVEN a nested change, an unknown value and a long value WHEN reviewed THEN paths are nested, unknowns named and values clipped', () => {
    const behaviour = (forwarded: unknown[]) => ({
      default_cache_behavior: [{ compress: true, forwarded_values: forwarded }],
      comment: 'x',
    });
    const long = 'a'.repeat(500);
    const { markdown } = review([
      update(
        'aws_cloudfront_distribution.Site_E53D7754',
        { ...behaviour([{ query_string: false }]), etag: 'E1', comment: 'short' },
        { ...behaviour([]), etag: null, comment: long },
        { after_unknown: { etag: true } },
      ),
    ]);
    expect(markdown).toContain('`default_cache_behavior[0].forwarded_values`: \\[{"query\\_string":false}\\] → \\[\\]');
    expect(markdown).toContain('`etag`: "E1" → (known after apply)');
    const commentLine = markdown.split('\n').find((l) => l.includes('`comment`'))!;
    expect(commentLine).toContain('…');
    expect(commentLine.length).toBeLessThan(200);
  });

  it('GIVEN resource_drift from the refresh WHEN reviewed THEN a drift section lists what changed outside Terraform', () => {
    const { markdown, findings } = review(
      [],
      [
        update('aws_lambda_function.ApplyFunction_ED09795E', { layers: null, tags: null }, { layers: [], tags: {} }),
        rc('aws_sns_topic.Gone_1', ['delete'], { name: 'gone' }, null),
      ],
    );
    expect(findings).toEqual([]);
    expect(markdown).toContain('| Drifted (changed outside Terraform) | 2 |');
    expect(markdown).toMatch(/## Drift: changed outside Terraform since the last apply \(2\)/);
    expect(markdown).toContain('  - `layers`: null → \\[\\]');
    expect(markdown).toContain('- `aws_sns_topic.Gone_1` — deleted outside Terraform');
  });

  it('GIVEN a hostile tag value WHEN reviewed THEN it can neither split a table cell nor open HTML', () => {
    const { markdown } = review([
      update('aws_sns_topic.Notifications_87298708', { tags: { Owner: 'a' } }, { tags: { Owner: 'x|y<script>`' } }),
    ]);
    expect(markdown).toContain('x\\|y&lt;script&gt;\\`');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/[^\\]\|y/);
  });
});

describe('sensitive values', () => {
  const MASKED_SECRET = 'masked-by-terraform-9f8e7d';
  const NAMED_SECRET = 'named-like-a-token-1a2b3c';

  it('GIVEN a value marked sensitive and one under a token-like key WHEN reviewed THEN neither appears, even where copied', () => {
    const before = lambda({ SIGNING_KEY: 'old-signing-key-000', API_TOKEN: 'old-token-value-000' });
    const after = { ...lambda({ SIGNING_KEY: MASKED_SECRET, API_TOKEN: NAMED_SECRET }), tags: { Copy: MASKED_SECRET } };
    const sensitive = { environment: [{ variables: { SIGNING_KEY: true } }] };
    const { markdown } = review([
      update('aws_lambda_function.DrawFunction_8FF376D2', before, after, { before_sensitive: sensitive, after_sensitive: sensitive }),
    ]);
    expect(markdown).toContain('`environment[0].variables.SIGNING_KEY`: (sensitive) → (sensitive)');
    expect(markdown).toContain('`environment[0].variables.API_TOKEN`: (sensitive) → (sensitive)');
    for (const secret of [MASKED_SECRET, NAMED_SECRET, 'old-signing-key-000', 'old-token-value-000'])
      expect(markdown).not.toContain(secret);
  });

  it('GIVEN secret-named keys inside a block printed whole WHEN reviewed THEN they are masked inside it, short ones too', () => {
    const before = { name: 'hook', config: [{ url: 'https://a', client_secret: NAMED_SECRET }] };
    const after = {
      name: 'hook',
      config: [
        { url: 'https://a', client_secret: NAMED_SECRET },
        { url: 'https://b', password: 'pw-1' },
      ],
    };
    const { markdown } = review([update('aws_cloudwatch_event_connection.Hook_1', before, after)]);
    expect(markdown).toContain('"client\\_secret":"(sensitive)"');
    expect(markdown).toContain('"password":"(sensitive)"');
    expect(markdown).not.toContain(NAMED_SECRET);
    expect(markdown).not.toContain('pw-1');
  });

  it('GIVEN a sensitive policy that widens WHEN reviewed THEN the finding is raised but does not reveal the policy', () => {
    const { findings, markdown } = review([
      update(
        'aws_iam_role_policy.Secret_1',
        { policy: policy(allow('dynamodb:GetItem')) },
        { policy: policy(allow(['dynamodb:GetItem', 'dynamodb:ExportTableToPointInTime'])) },
        { before_sensitive: { policy: true }, after_sensitive: { policy: true } },
      ),
    ]);
    expect(findings.map((f) => f.message)).toEqual(['policy allows new actions: (sensitive)']);
    expect(markdown.toLowerCase()).not.toContain('exporttable');
  });
});

describe('state review', () => {
  const resource = (address: string, values: Obj, sensitive_values: Obj = {}) => {
    const [type, name] = address.split('.').slice(-2);
    return {
      address,
      mode: 'managed',
      type,
      name,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      schema_version: 0,
      values,
      sensitive_values,
    };
  };
  const SUBSCRIBER = 'organiser@example.com';
  const STATE = {
    format_version: '1.0',
    terraform_version: '1.11.4',
    values: {
      outputs: {},
      root_module: {
        resources: [
          resource('aws_dynamodb_table.EntrantsTable_2FFCE6B2', table()),
          resource('aws_cloudwatch_log_group.PublicApi_AccessLogs_F0FC111A', {
            name: '/aws/apigateway/raffle-prod-public',
            retention_in_days: 30,
          }),
          resource('aws_cloudwatch_log_group.DrawFunction_LogGroup_1D5F55F3', {
            name: '/aws/lambda/raffle-prod-draw',
            retention_in_days: 30,
          }),
          resource('aws_sns_topic_subscription.Notifications_Email_CA79FDFF', {
            id: 'arn:aws:sns:eu-west-1:1:raffle-prod-notifications:a0d9',
            protocol: 'email',
            endpoint: SUBSCRIBER,
          }),
          resource('aws_lambda_function.DrawFunction_8FF376D2', lambda({ WEBHOOK_SECRET: 'webhook-secret-value-42' })),
          resource(
            'aws_acm_certificate.Site_Certificate_74188813',
            { domain_name: 'raffle.example.com', private_key: null },
            { private_key: true },
          ),
          resource('aws_apigatewayv2_route.PublicApi_PostRaffleRafflesRaffleIdApply_E44A3FD4', {
            id: 'r1',
            route_key: 'POST /raffle/raffles/{raffleId}/apply',
          }),
          {
            address: 'data.aws_caller_identity.Me',
            mode: 'data',
            type: 'aws_caller_identity',
            name: 'Me',
            values: { account_id: ACCOUNT },
          },
        ],
        child_modules: [
          {
            address: 'module.ops',
            resources: [
              resource('module.ops.aws_s3_bucket.State_1', {
                bucket: 'raffle-terraform-state-eu',
                arn: 'arn:aws:s3:::raffle-terraform-state-eu',
              }),
              resource('module.ops.aws_iam_access_key.Ci_1', { id: 'AKIAEXAMPLE', secret: 'iam-access-secret-xyz' }, { secret: true }),
            ],
          },
        ],
      },
    },
  };

  it('GIVEN a deployed state WHEN reviewed THEN personal data and secrets are flagged with the reason', () => {
    const { flagged } = reviewState(STATE);
    const reasons = Object.fromEntries(flagged.map((f) => [f.address, f.reasons.join('; ')]));
    expect(Object.keys(reasons).sort()).toEqual([
      'aws_cloudwatch_log_group.DrawFunction_LogGroup_1D5F55F3',
      'aws_cloudwatch_log_group.PublicApi_AccessLogs_F0FC111A',
      'aws_dynamodb_table.EntrantsTable_2FFCE6B2',
      'aws_lambda_function.DrawFunction_8FF376D2',
      'aws_sns_topic_subscription.Notifications_Email_CA79FDFF',
      'module.ops.aws_iam_access_key.Ci_1',
      'module.ops.aws_s3_bucket.State_1',
    ]);
    expect(reasons['aws_dynamodb_table.EntrantsTable_2FFCE6B2']).toMatch(/personal data.*email, name and phone/);
    expect(reasons['aws_cloudwatch_log_group.PublicApi_AccessLogs_F0FC111A']).toMatch(
      /may hold personal data: API access logs record client IP addresses/,
    );
    expect(reasons['aws_cloudwatch_log_group.DrawFunction_LogGroup_1D5F55F3']).toMatch(/may hold personal data: function logs/);
    expect(reasons['aws_sns_topic_subscription.Notifications_Email_CA79FDFF']).toMatch(/subscriber's email/);
    expect(reasons['aws_lambda_function.DrawFunction_8FF376D2']).toMatch(/secret: environment variable WEBHOOK_SECRET/);
    expect(reasons['module.ops.aws_s3_bucket.State_1']).toMatch(/Terraform state/);
    expect(reasons['module.ops.aws_iam_access_key.Ci_1']).toMatch(/secret: sensitive secret/);
  });

  it('GIVEN a deployed state WHEN rendered THEN it groups by type, marks flagged rows and prints no secret or personal value', () => {
    const { markdown } = reviewState(STATE);
    expect(markdown).toMatch(/^# Terraform state review/);
    expect(markdown).toContain('9 managed resources of 8 types; 7 hold personal data or secrets');
    expect(markdown).toContain('## `aws_dynamodb_table` (1)');
    expect(markdown).toContain('## `aws_cloudwatch_log_group` (2)');
    expect(markdown).toContain('| `aws_dynamodb_table.EntrantsTable_2FFCE6B2` | raffle-prod-entrants | ⚠️ personal data');
    expect(markdown).toContain('| `aws_apigatewayv2_route.PublicApi_PostRaffleRafflesRaffleIdApply_E44A3FD4` | r1 |  |');
    expect(markdown).not.toContain('aws_caller_identity');
    for (const hidden of [SUBSCRIBER, 'webhook-secret-value-42', 'iam-access-secret-xyz']) expect(markdown).not.toContain(hidden);
  });
});

describe('detectKind', () => {
  it('GIVEN plan, state, empty state and other JSON WHEN detected THEN each is told apart', () => {
    expect(detectKind(plan([]))).toBe('plan');
    expect(detectKind({ format_version: '1.2', planned_values: {} })).toBe('plan'); // no changes: resource_changes omitted
    expect(detectKind({ format_version: '1.0', values: { root_module: {} } })).toBe('state');
    expect(detectKind({ format_version: '1.0' })).toBe('state');
    expect(detectKind({ name: 'raffle', version: '0.1.0' })).toBeUndefined();
    expect(detectKind([1, 2])).toBeUndefined();
  });
});

describe('CLI main()', () => {
  let dir: string;
  let out: string;
  let err: string;
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const dangerous = plan([destroy('aws_s3_bucket.Site_Bucket_978D4AEB', { bucket: 'raffle-prod-site' })]);
  const benign = plan([update('aws_dynamodb_table.EntrantsTable_2FFCE6B2', table(), table({ tags: { a: 'b' } }))]);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-review-'));
    out = '';
    err = '';
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a benign plan WHEN run THEN it prints the report and exits 0', () => {
    expect(main([write('plan.json', benign)], io)).toBe(0);
    expect(out).toContain('No dangerous change found');
    expect(err).toBe('');
  });

  it('GIVEN a dangerous plan WHEN run without --allow-dangerous THEN it prints the whole report and exits 1', () => {
    expect(main([write('plan.json', dangerous)], io)).toBe(1);
    expect(out).toContain('## ⚠️ Dangerous changes (1)');
    expect(out).toContain('## Destroy (1)');
    expect(err).toMatch(/^plan-review: 1 dangerous change found.*--allow-dangerous/);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('GIVEN a dangerous plan WHEN run with --allow-dangerous THEN it exits 0 and says it was accepted', () => {
    expect(main(['--allow-dangerous', write('plan.json', dangerous)], io)).toBe(0);
    expect(out).toContain('Accepted with `--allow-dangerous`');
    expect(err).toBe('');
  });

  it('GIVEN a state file WHEN run THEN it prints the state review and exits 0', () => {
    expect(main([write('state.json', { format_version: '1.0', values: { root_module: { resources: [] } } })], io)).toBe(0);
    expect(out).toContain('# Terraform state review');
  });

  it.each([
    ['no file', () => [], /expected exactly one JSON file.*usage: npm run plan:review/],
    ['a missing file', () => [path.join(dir, 'nope.json')], /cannot read .*nope\.json \(ENOENT\).*terraform show -json/],
    ['an unknown option', () => ['--force', write('plan.json', benign)], /unknown option --force/],
    ['a binary plan file', () => [write('tfplan', 'PK\u0003\u0004binary')], /is not valid JSON.*terraform show -json/],
    ['JSON that is neither', () => [write('package.json', { name: 'raffle' })], /neither a Terraform plan nor a state/],
  ])('GIVEN %s WHEN run THEN it exits 2 with a one-line message and no stack', (_what, args, message) => {
    expect(main(args(), io)).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
