/**
 * GIVEN the app synthesised to JSON (the way `cdktf synth` runs it, function bundles built)
 * WHEN each stack is `terraform init` + `plan`ned offline against the real hashicorp/aws provider, two at a
 *      time (a plan validates the configuration first: its diagnostics are `terraform validate`'s and more)
 * THEN it plans with no AWS API call, no error and no warning, and the plan holds what issue 2 asks for.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FUNCTION_NAMES, ORIGIN_SECRET_HEADER } from '../../model/functions';
import { ROUTES, routeKey, routesFor } from '../../model/routes';
import { TABLE_SCHEMA } from '../../model/schema';
import { allSettledThen, withConcurrency } from '../../testkit/concurrency';
import {
  PROJECT_ROOT,
  assertTerraformToolchain,
  countByType,
  init,
  plan,
  prepareWorkingCopy,
  referencesOf,
  removeWorkingCopy,
  resourcesOfType,
  startNetworkTrap,
  synthesizeApp,
  type Diagnostic,
  type NetworkTrap,
  type PlanJson,
  type PlannedChange,
  type SynthesizedStack,
  type WorkingCopy,
} from '../../testkit/terraform';

// A ceiling for a loaded machine, not an expectation: about 30 s on a quiet one.
jest.setTimeout(300_000);

/** Data sources Terraform evaluates without calling AWS. Anything else would need credentials to plan. */
const LOCAL_DATA_SOURCES = ['archive_file', 'aws_iam_policy_document', 'aws_partition', 'aws_region', 'aws_default_tags'];

interface StackRun {
  readonly stack: SynthesizedStack;
  readonly config: { data?: Record<string, unknown> };
  readonly copy: WorkingCopy;
  readonly diagnostics: readonly Diagnostic[];
  readonly plan: PlanJson;
}

let tmp: string;
let trap: NetworkTrap;
let stacks: SynthesizedStack[] = [];
const runs: Record<string, StackRun> = {};

beforeAll(async () => {
  assertTerraformToolchain();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-plan-'));
  // The app builds the function bundles itself, as `npm run synth` does.
  stacks = synthesizeApp(path.join(tmp, 'cdktf.out'));
  trap = await startNetworkTrap();
  await allSettledThen(
    withConcurrency(stacks, 2, async (stack) => {
      const config = JSON.parse(fs.readFileSync(stack.file, 'utf8')) as StackRun['config'];
      const copy = prepareWorkingCopy(stack, { tmpRoot: fs.mkdtempSync(path.join(tmp, `${stack.name}-`)) });
      await init(copy, trap);
      const { diagnostics, ...planned } = await plan(copy, trap);
      runs[stack.name] = { stack, config, copy, diagnostics, plan: planned };
    }),
  );
});

afterAll(async () => {
  await trap?.close();
  for (const run of Object.values(runs)) removeWorkingCopy(run.copy);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const run = (name: string): StackRun => {
  const found = runs[name];
  if (!found) throw new Error(`stack ${name} was not synthesised (got ${stacks.map((s) => s.name).join(', ') || 'none'})`);
  return found;
};
const only = (planJson: PlanJson, type: string): PlannedChange => {
  const all = resourcesOfType(planJson, type);
  expect(all.map((r) => r.address)).toHaveLength(1);
  return all[0];
};
/** The planned API a route or mapping belongs to, through its api_id reference. */
const apiOf = (planJson: PlanJson, address: string): PlannedChange | undefined => {
  const apiAddress = referencesOf(planJson, address, 'api_id').find((ref) => /^aws_apigatewayv2_api\.[^.]+$/.test(ref));
  return resourcesOfType(planJson, 'aws_apigatewayv2_api').find((api) => api.address === apiAddress);
};
const configured = (planJson: PlanJson, address: string) =>
  planJson.configuration?.root_module.resources?.find((r) => r.address === address);
const isAdminApi = (api: PlannedChange | undefined) => String(api?.change.after?.name).endsWith('-admin');
const adminRouteKeys = routesFor('admin').map(routeKey);
const publicRouteKeys = routesFor('public').map(routeKey);

describe('offline terraform, every stack', () => {
  it('synthesises bootstrap, raffle-dev and raffle-prod', () => {
    expect(stacks.map((s) => s.name).sort()).toEqual(['bootstrap', 'raffle-dev', 'raffle-prod']);
  });

  it.each(['bootstrap', 'raffle-dev', 'raffle-prod'])('%s: validates and plans with no error and no warning', (name) => {
    expect(run(name).diagnostics).toEqual([]);
  });

  it.each(['bootstrap', 'raffle-dev', 'raffle-prod'])(
    '%s: only uses data sources that need no AWS API call (zone ids come from config)',
    (name) => {
      expect(Object.keys(run(name).config.data ?? {}).filter((type) => !LOCAL_DATA_SOURCES.includes(type))).toEqual([]);
    },
  );

  it('made no network connection at all (every terraform run went through a refusing proxy)', () => {
    expect(Object.keys(runs).sort()).toEqual(['bootstrap', 'raffle-dev', 'raffle-prod']);
    expect(trap.attempts).toEqual([]);
  });

  it.each(['raffle-dev', 'raffle-prod'])(
    '%s: plans only creations, with the table, a function per catalogue entry, 2 APIs and a distribution',
    (name) => {
      const { plan: planJson } = run(name);
      const managed = (planJson.resource_changes ?? []).filter((c) => c.mode === 'managed');
      expect(managed.length).toBeGreaterThan(20);
      expect(managed.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)).toEqual([]);
      expect(countByType(planJson)).toMatchObject({
        aws_dynamodb_table: 1,
        aws_lambda_function: FUNCTION_NAMES.length,
        aws_iam_role_policy: expect.any(Number),
        aws_apigatewayv2_api: 2,
        aws_cloudfront_distribution: 1,
        aws_cloudfront_origin_access_control: 1,
      });
      expect(Object.keys(planJson.output_changes ?? {}).sort()).toEqual([
        'admin_api_url',
        'public_api_url',
        'site_url',
        'table_name',
        'truststore_s3_uri',
      ]);
    },
  );

  it.each(['raffle-dev', 'raffle-prod'])('%s: the table is on-demand, recoverable, protected, streamed and tagged', (name) => {
    const table = only(run(name).plan, 'aws_dynamodb_table').change.after ?? {};
    expect(table).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'email',
      deletion_protection_enabled: true,
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
      point_in_time_recovery: [expect.objectContaining({ enabled: true })],
    });
    expect(table.tags_all).toMatchObject({
      Project: expect.any(String),
      Environment: name.replace('raffle-', ''),
      ManagedBy: expect.any(String),
    });
  });

  it.each(['raffle-dev', 'raffle-prod'])('%s: each function deploys its own bundle zip on nodejs22.x', (name) => {
    const { plan: planJson, copy } = run(name);
    const functions = resourcesOfType(planJson, 'aws_lambda_function').map((f) => f.change.after ?? {});
    expect(functions.map((f) => f.runtime)).toEqual(FUNCTION_NAMES.map(() => 'nodejs22.x'));
    const zips = copy.archives.map((a) => ({
      filename: JSON.parse(a.values.output_path),
      source_code_hash: JSON.parse(a.values.output_base64sha256),
    }));
    expect(functions.map((f) => ({ filename: f.filename, source_code_hash: f.source_code_hash })).sort(byFilename)).toEqual(
      zips.sort(byFilename),
    );
    expect(new Set(zips.map((z) => z.source_code_hash)).size).toBe(FUNCTION_NAMES.length);
  });

  it.each(['raffle-dev', 'raffle-prod'])('%s: public routes are open, the draw is a POST, admin routes live on the admin API', (name) => {
    const { plan: planJson } = run(name);
    const routes = resourcesOfType(planJson, 'aws_apigatewayv2_route').map((r) => ({
      key: r.change.after?.route_key,
      admin: isAdminApi(apiOf(planJson, r.address)),
      auth: r.change.after?.authorization_type,
    }));
    for (const key of publicRouteKeys) expect(routes).toContainEqual({ key, admin: false, auth: 'NONE' });
    for (const key of adminRouteKeys) expect(routes.filter((r) => r.key === key && r.admin)).toHaveLength(1);
    expect(
      routes
        .filter((r) => !r.admin)
        .map((r) => r.key)
        .sort(),
    ).toEqual([...publicRouteKeys].sort());
    expect(adminRouteKeys).toContain('POST /raffle/raffles/{raffleId}/draw');
  });
});

describe('offline terraform, what the scheduled draws and the alarms need', () => {
  it.each(['raffle-dev', 'raffle-prod'])(
    "%s: the schedule group and the schedules' role, the claim sweep its only schedule (the app makes the draws'), the draw's retries into its queue",
    (name) => {
      const { plan: planJson } = run(name);
      const prefix = name;
      expect(only(planJson, 'aws_scheduler_schedule_group').change.after).toMatchObject({ name: `${prefix}-draws` });
      expect(resourcesOfType(planJson, 'aws_scheduler_schedule').map((r) => r.change.after)).toEqual([
        expect.objectContaining({ name: '_claim-sweep', group_name: `${prefix}-draws`, schedule_expression: 'rate(15 minutes)' }),
      ]);
      const role = resourcesOfType(planJson, 'aws_iam_role').find((r) => r.change.after?.name === `${prefix}-scheduled-draw-role`);
      expect(role).toBeDefined();
      expect(only(planJson, 'aws_lambda_function_event_invoke_config').change.after).toMatchObject({
        function_name: `${prefix}-draw`,
        maximum_retry_attempts: 2,
        maximum_event_age_in_seconds: 3600,
      });
    },
  );

  it('raffle-prod (opsEmail): an encrypted ops topic of its own, with its key, and every alarm notifying it', () => {
    const { plan: planJson } = run('raffle-prod');
    const key = only(planJson, 'aws_kms_key');
    expect(key.change.after).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    const topic = resourcesOfType(planJson, 'aws_sns_topic').find((t) => t.change.after?.name === 'raffle-prod-ops-alarms')!;
    expect(referencesOf(planJson, topic.address, 'kms_master_key_id')).toContain(key.address);
    const alarms = resourcesOfType(planJson, 'aws_cloudwatch_metric_alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const alarm of alarms) {
      expect(referencesOf(planJson, alarm.address, 'alarm_actions')).toContain(topic.address);
      expect(referencesOf(planJson, alarm.address, 'ok_actions')).toContain(topic.address);
    }
  });

  it('raffle-dev (no domain, no alarm topic): no key and no topic; the alarms notify no one', () => {
    const { plan: planJson } = run('raffle-dev');
    expect(resourcesOfType(planJson, 'aws_kms_key')).toEqual([]);
    expect(resourcesOfType(planJson, 'aws_sns_topic')).toEqual([]);
    for (const alarm of resourcesOfType(planJson, 'aws_cloudwatch_metric_alarm'))
      expect(alarm.change.after?.alarm_actions ?? []).toEqual([]);
  });
});

describe('offline terraform, bootstrap', () => {
  it('plans the state bucket, the GitHub OIDC provider, and a plan and a deploy role per environment', () => {
    const { plan: planJson } = run('bootstrap');
    expect(countByType(planJson)).toEqual({
      aws_iam_openid_connect_provider: 1,
      aws_iam_policy: expect.any(Number),
      aws_iam_role: 4,
      aws_iam_role_policy_attachment: expect.any(Number),
      aws_s3_bucket: 1,
      aws_s3_bucket_ownership_controls: 1,
      aws_s3_bucket_policy: 1,
      aws_s3_bucket_public_access_block: 1,
      aws_s3_bucket_server_side_encryption_configuration: 1,
      aws_s3_bucket_versioning: 1,
    });
    expect(only(planJson, 'aws_s3_bucket').change.after).toMatchObject({ bucket: 'raffle-terraform-state-example', force_destroy: false });
    expect(
      resourcesOfType(planJson, 'aws_iam_role')
        .map((r) => r.change.after?.name)
        .sort(),
    ).toEqual(['raffle-ci-deploy-dev', 'raffle-ci-deploy-prod', 'raffle-ci-plan-dev', 'raffle-ci-plan-prod']);
    expect(Object.keys(planJson.output_changes ?? {}).sort()).toEqual(['deploy_role_arns', 'plan_role_arns', 'state_bucket']);
  });
});

describe('offline terraform, raffle-dev (no domain)', () => {
  it('guards every admin route with IAM authorisation, since there is no mTLS domain', () => {
    const { plan: planJson } = run('raffle-dev');
    const adminRoutes = resourcesOfType(planJson, 'aws_apigatewayv2_route').filter((r) => isAdminApi(apiOf(planJson, r.address)));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(adminRouteKeys.length);
    expect(adminRoutes.map((r) => [r.change.after?.route_key, r.change.after?.authorization_type])).toEqual(
      adminRoutes.map((r) => [r.change.after?.route_key, 'AWS_IAM']),
    );
    expect(resourcesOfType(planJson, 'aws_apigatewayv2_domain_name')).toEqual([]);
  });
});

describe('offline terraform, raffle-prod (domain + mutual TLS)', () => {
  it('puts the admin API behind a regional TLS 1.2 domain whose truststore is the uploaded RootCA.pem', () => {
    const { plan: planJson } = run('raffle-prod');
    const domain = only(planJson, 'aws_apigatewayv2_domain_name');
    expect(domain.change.after).toMatchObject({
      domain_name: 'admin.raffle.example.com',
      domain_name_configuration: [expect.objectContaining({ endpoint_type: 'REGIONAL', security_policy: 'TLS_1_2' })],
    });
    // Bucket name (bucket_prefix) and object version are only known after apply; follow the references.
    expect(domain.change.after_unknown?.mutual_tls_authentication?.[0]).toMatchObject({ truststore_uri: true, truststore_version: true });
    const mtls =
      (
        configured(planJson, domain.address)?.expressions?.mutual_tls_authentication as
          Record<string, { references?: string[] }>[] | undefined
      )?.[0] ?? {};
    const truststore = resourcesOfType(planJson, 'aws_s3_object').find((o) =>
      mtls.truststore_version?.references?.includes(`${o.address}.version_id`),
    );
    expect(truststore?.change.after?.key).toBe('RootCA.pem');
    expect(truststore?.change.after?.content).toBe(fs.readFileSync(path.join(PROJECT_ROOT, 'certs', 'RootCA.pem'), 'utf8'));
    const bucketAddress = bucketOf(planJson, truststore?.address ?? '');
    expect(bucketAddress).toMatch(/^aws_s3_bucket\./);
    expect(mtls.truststore_uri?.references).toContain(bucketAddress);
    // truststore_version needs a versioned bucket: versioning must be enabled on that very bucket.
    const versioned = resourcesOfType(planJson, 'aws_s3_bucket_versioning').filter((v) =>
      referencesOf(planJson, v.address, 'bucket').includes(bucketAddress ?? '-'),
    );
    expect(versioned.map((v) => v.change.after?.versioning_configuration?.[0]?.status)).toEqual(['Enabled']);

    const mapping = only(planJson, 'aws_apigatewayv2_api_mapping');
    // Mapped whole: the routes carry their full paths.
    expect(mapping.change.after?.api_mapping_key ?? null).toBeNull();
    expect(isAdminApi(apiOf(planJson, mapping.address))).toBe(true);
  });

  it('disables the execute-api endpoint of the mTLS API, so the truststore cannot be bypassed', () => {
    const { plan: planJson } = run('raffle-prod');
    const admin = resourcesOfType(planJson, 'aws_apigatewayv2_api').filter((api) => isAdminApi(api));
    expect(admin.map((api) => api.change.after?.disable_execute_api_endpoint)).toEqual([true]);
  });

  it('validates certificates through Route 53 records in the configured zone (no zone lookup)', () => {
    const { plan: planJson } = run('raffle-prod');
    const records = resourcesOfType(planJson, 'aws_route53_record');
    expect(records.length).toBeGreaterThanOrEqual(4);
    expect([...new Set(records.map((r) => r.change.after?.zone_id))]).toEqual(['Z0123456789EXAMPLE']);
    expect(resourcesOfType(planJson, 'aws_acm_certificate_validation')).toHaveLength(2);
  });

  it('sends confirmation mail from an SES identity for the domain, with its 3 DKIM records in the zone', () => {
    const { plan: planJson } = run('raffle-prod');
    const identity = only(planJson, 'aws_sesv2_email_identity');
    expect(identity.change.after?.email_identity).toBe('example.com');
    const dkim = resourcesOfType(planJson, 'aws_route53_record').filter((r) =>
      referencesOf(planJson, r.address, 'name').includes(identity.address),
    );
    expect(dkim.map((r) => [r.change.after?.type, r.change.after?.zone_id])).toEqual([
      ['CNAME', 'Z0123456789EXAMPLE'],
      ['CNAME', 'Z0123456789EXAMPLE'],
      ['CNAME', 'Z0123456789EXAMPLE'],
    ]);
  });

  it('puts a WAF web ACL (us-east-1) on the distribution: a per-IP rate limit on registration, IP reputation, logging', () => {
    const { plan: planJson } = run('raffle-prod');
    const acl = only(planJson, 'aws_wafv2_web_acl');
    expect(acl.change.after?.scope).toBe('CLOUDFRONT');
    const rules = JSON.parse(String(acl.change.after?.rule_json)) as Record<string, any>[];
    const rate = rules.find((r) => r.Statement.RateBasedStatement)?.Statement.RateBasedStatement;
    expect(rate).toMatchObject({ Limit: 100, AggregateKeyType: 'IP' });
    // Every raffle's form (its id one path segment), and the confirmation.
    const [form, confirm] = rate.ScopeDownStatement.OrStatement.Statements;
    expect(form.RegexMatchStatement.RegexString).toBe('^/raffle/raffles/[^/]+/apply$');
    expect(ROUTES.apply.path).toBe('/raffle/raffles/{raffleId}/apply');
    expect(Buffer.from(confirm.ByteMatchStatement.SearchString, 'base64').toString()).toBe(ROUTES.confirm.path);
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement?.Name).filter(Boolean)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
    ]);
    expect(referencesOf(planJson, only(planJson, 'aws_cloudfront_distribution').address, 'web_acl_id')).toContain(acl.address);
    expect(referencesOf(planJson, only(planJson, 'aws_wafv2_web_acl_logging_configuration').address, 'resource_arn')).toContain(
      acl.address,
    );
    const usEast1 = configured(planJson, acl.address)?.provider_config_key;
    expect(planJson.configuration?.provider_config?.[usEast1 ?? '-']?.expressions?.region?.constant_value).toBe('us-east-1');
  });
});

describe('offline terraform, entry integrity in every stack', () => {
  it.each(['raffle-dev', 'raffle-prod'])('%s: unconfirmed entries expire through the TTL attribute', (name) => {
    const table = only(run(name).plan, 'aws_dynamodb_table').change.after ?? {};
    expect(table.ttl).toEqual([{ attribute_name: TABLE_SCHEMA.ttlAttribute, enabled: true }]);
  });

  it.each(['raffle-dev', 'raffle-prod'])('%s: CloudFront sends the origin secret to the API, generated by Terraform', (name) => {
    const { plan: planJson } = run(name);
    const distribution = only(planJson, 'aws_cloudfront_distribution');
    const headers = (distribution.change.after?.origin as { custom_header?: { name: string }[] }[]).flatMap((o) => o.custom_header ?? []);
    expect(headers.map((h) => h.name)).toEqual([ORIGIN_SECRET_HEADER]);
    // Not in the configuration: made by uuid() at apply, kept by ignore_changes.
    expect(only(planJson, 'terraform_data').change.after_unknown).toMatchObject({ input: { secret: true } });
  });

  it('raffle-dev has no mail identity and no WAF (confirmEntries and wafRateLimit unset)', () => {
    const { plan: planJson } = run('raffle-dev');
    expect(resourcesOfType(planJson, 'aws_sesv2_email_identity')).toEqual([]);
    expect(resourcesOfType(planJson, 'aws_wafv2_web_acl')).toEqual([]);
  });
});

describe('offline terraform, raffle-prod (the CloudFront certificate)', () => {
  it('issues the CloudFront certificate in us-east-1 through the provider alias', () => {
    const { plan: planJson } = run('raffle-prod');
    const providers = planJson.configuration?.provider_config ?? {};
    const aliasKey = Object.keys(providers).find((key) => providers[key].expressions?.region?.constant_value === 'us-east-1');
    expect(aliasKey).toMatch(/^aws\./);
    const certificates = (planJson.configuration?.root_module.resources ?? []).filter((r) => r.type === 'aws_acm_certificate');
    expect(certificates.map((c) => c.provider_config_key).sort()).toEqual(['aws', aliasKey].sort());
  });
});

/** The aws_s3_bucket an S3 resource lives in, following `bucket` references (also through aws_s3_bucket_versioning). */
function bucketOf(planJson: PlanJson, address: string): string | undefined {
  const refs = referencesOf(planJson, address, 'bucket');
  const direct = refs.find((ref) => /^aws_s3_bucket\.[^.]+$/.test(ref));
  if (direct) return direct;
  const via = refs.find((ref) => /^aws_s3_bucket_[a-z_]+\.[^.]+$/.test(ref));
  return via ? bucketOf(planJson, via) : undefined;
}

function byFilename(a: { filename: string }, b: { filename: string }): number {
  return a.filename.localeCompare(b.filename);
}
