/**
 * The plan review on real plans against applied state.
 * GIVEN a stack with a domain and mutual TLS applied on the emulator
 * WHEN its config (or, for what no config can express, its synthesised JSON) changes and it is planned again
 *      against the state the apply wrote (-refresh=false: nothing changed in the emulator since)
 * THEN every dangerous change is caught by `npm run plan:review`, and a benign one is not.
 */
import * as fs from 'fs';
import * as path from 'path';
import { main as planReviewCli } from '../../ops/plan-review/cli';
import { reviewPlan } from '../../ops/plan-review/markdown';
import type { Finding } from '../../ops/plan-review/rules';
import { devWith } from '../../testkit/config-variants';
import { applyStack, planJson, synthesizeStack, useEmulator, type AppliedStack } from '../../testkit/emulator/deploy';
import { unexpectedChanges, type ChangePlan } from '../../testkit/emulator/adaptations';
import { prepareEmulatorCopy } from '../../testkit/emulator/moto';
import { allSettledThen, withConcurrency } from '../../testkit/concurrency';
import { terraform, type SynthesizedStack, type WorkingCopy } from '../../testkit/terraform';
import { validateConfig } from '../../config/schema';
import { makeSelfSigned } from '../support/test-certs';

const emulator = useEmulator();
const PEM = fs.readFileSync(path.join(__dirname, '..', '..', 'certs', 'RootCA.pem'), 'utf8');
/**
 * The applied variant: a domain with mutual TLS, and the ops alarm topic a domain needs (opsEmail), nothing
 * else optional. Its own prefix and hosts, since the run's other stacks share the emulator (raffle-dev, and
 * raffle-prod's custom domain).
 */
const BASE = {
  ...devWith(['domain', 'opsEmail']),
  namePrefix: 'raffle-review',
  siteHost: 'review.example.com',
  apiHost: 'admin.review.example.com',
};
let applied: AppliedStack;
let hostedZoneId: string;

type Config = Record<string, any>;
const config = (overrides: Config, pem = PEM) =>
  validateConfig({ ...BASE, ...overrides }, { source: 'variant', environment: 'dev', readTruststore: () => ({ pem }) });
/** RootCA.pem after the runbook's first rotation step (`npm run certs -- --append`): the applied CA, then a new one. */
let rotated: string | undefined;
const rotatedTruststore = (): string =>
  (rotated ??= PEM + makeSelfSigned(fs.mkdtempSync(path.join(emulator().tmp, 'rotated-ca-')), 'rotated-ca', { ca: true, days: 3650 }).pem);
/** The one block of a group (e.g. tf.resource.aws_dynamodb_table) whose Terraform name starts with `prefix`. */
const block = (group: Config, prefix: string): Config => Object.entries(group).find(([name]) => name.startsWith(prefix))![1];

/** Stacks synthesised so far, by their overrides (an override to undefined counts) and truststore: each config once. */
const synthesised = new Map<string, SynthesizedStack>();
function stackFor(label: string, overrides: Config, pem = PEM): SynthesizedStack {
  const key = JSON.stringify([Object.entries(overrides), pem]);
  if (!synthesised.has(key)) synthesised.set(key, synthesizeStack(config(overrides, pem), path.join(emulator().tmp, `${label}.out`)));
  return synthesised.get(key)!;
}

/** A review's working copy, synthesised, adapted and initialised; `edit` changes its JSON (a change no config can express). */
async function prepareReview(label: string, overrides: Config, edit?: (tf: Config) => void, pem?: string): Promise<WorkingCopy> {
  const { tmp, moto, trap } = emulator();
  const { copy } = prepareEmulatorCopy(stackFor(label, overrides, pem), moto, {
    tmpRoot: fs.mkdtempSync(path.join(tmp, `${label}-`)),
    hostedZoneId,
    configuredZoneId: 'Z0123456789EXAMPLE',
    edit,
  });
  await terraform(copy, ['init', '-input=false', '-no-color'], trap);
  return copy;
}

/** Plans a prepared review against the applied state (`state`, copied in) and reviews the plan. */
async function review(copy: WorkingCopy, state: string): Promise<{ findings: Finding[]; markdown: string; planFile: string }> {
  fs.copyFileSync(state, path.join(copy.root, 'terraform.tfstate'));
  const { json } = await planJson(copy, emulator().trap, ['-refresh=false']);
  const jsonFile = path.join(copy.root, 'plan.json');
  fs.writeFileSync(jsonFile, JSON.stringify(json));
  return { ...reviewPlan(json), planFile: jsonFile };
}

const rules = (findings: readonly Finding[]) => [...new Set(findings.map((f) => f.rule))].sort();

/** The changes reviewed: a config override (or another truststore), and for what no config can express, an edit of the JSON. */
const CHANGES: Record<string, { readonly overrides: Config; readonly edit?: (tf: Config) => void; readonly truststore?: () => string }> = {
  tag: { overrides: { tags: { Owner: 'raffle-team', CostCentre: 'events' } } },
  // The applied config planned again: what every review's plan shows although nothing changed (moto's
  // artefacts, each working copy's own archive paths), the baseline of the rotation's.
  unchanged: { overrides: {} },
  'rotated-ca': { overrides: {}, truststore: rotatedTruststore },
  'ops-address': { overrides: { opsEmail: 'on-call@example.com' } },
  silenced: {
    overrides: {},
    edit: (tf) => {
      for (const alarm of Object.values(tf.resource.aws_cloudwatch_metric_alarm as Config)) {
        delete alarm.alarm_actions;
        delete alarm.ok_actions;
      }
    },
  },
  'schedule-group': {
    overrides: {},
    edit: (tf) => (block(tf.resource.aws_scheduler_schedule_group, 'DrawSchedule').name = 'raffle-review-renamed'),
  },
  'rename-protected': { overrides: { namePrefix: 'raffle-renamed' } },
  rename: {
    overrides: { namePrefix: 'raffle-renamed' },
    edit: (tf) => {
      const table = block(tf.resource.aws_dynamodb_table, 'EntrantsTable');
      delete table.lifecycle;
      table.deletion_protection_enabled = false;
    },
  },
  'no-domain': { overrides: Object.fromEntries(['domainName', 'hostedZoneId', 'siteHost', 'apiHost'].map((k) => [k, undefined])) },
  wildcard: {
    overrides: {},
    edit: (tf) => block(tf.data.aws_iam_policy_document, 'ApplyFunction_Policy').statement[0].actions.push('dynamodb:*'),
  },
  'mtls-off': { overrides: {}, edit: (tf) => delete block(tf.resource.aws_apigatewayv2_domain_name, 'AdminApi').mutual_tls_authentication },
  unprotected: {
    overrides: {},
    edit: (tf) => {
      const table = block(tf.resource.aws_dynamodb_table, 'EntrantsTable');
      table.deletion_protection_enabled = false;
      table.point_in_time_recovery.enabled = false;
    },
  },
  'open-bucket': {
    overrides: {},
    edit: (tf) => {
      const access = block(tf.resource.aws_s3_bucket_public_access_block, 'Site_Bucket');
      access.block_public_policy = false;
      access.restrict_public_buckets = false;
    },
  },
};

/** Reviews plan two at a time once the base stack is applied; each test awaits its own. */
const started: Record<string, Promise<{ ok: true; value: Awaited<ReturnType<typeof review>> } | { ok: false; error: unknown }>> = {};
async function reviewed(label: keyof typeof CHANGES): Promise<Awaited<ReturnType<typeof review>>> {
  const outcome = await started[label];
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

beforeAll(async () => {
  const { tmp, moto, trap } = emulator();
  hostedZoneId = await moto.createHostedZone('example.com');
  const { copy } = prepareEmulatorCopy(stackFor('base', {}), moto, {
    tmpRoot: fs.mkdtempSync(path.join(tmp, 'base-')),
    hostedZoneId,
    configuredZoneId: 'Z0123456789EXAMPLE',
  });
  // The reviews' copies are made while the base stack applies: the apply mostly waits on the provider's polls.
  const prepareReviews = async (): Promise<[string, WorkingCopy][]> => {
    const copies: [string, WorkingCopy][] = [];
    for (const [label, change] of Object.entries(CHANGES))
      copies.push([label, await prepareReview(label, change.overrides, change.edit, change.truststore?.())]);
    return copies;
  };
  const [baseApplied, copies] = await allSettledThen([applyStack(copy, trap), prepareReviews()]);
  applied = baseApplied;
  const state = path.join(copy.root, 'terraform.tfstate');
  const reviews = withConcurrency(copies, 2, ([, reviewCopy]) => review(reviewCopy, state));
  copies.forEach(([label], i) => {
    // Settled, so a review that fails (one must) is never an unhandled rejection before its test awaits it.
    started[label] = reviews[i].then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  });
});

describe('the applied stack (domain + mutual TLS, nothing else optional)', () => {
  afterAll(() => console.log(`apply on moto: domain-only ${applied.resources} resources in ${applied.applyMs} ms`));

  // Its second plan and refused destroy would repeat raffle-prod's (bootstrap-and-prod.test.ts), which
  // applies the same resources and more: here it is the state the reviews plan against.
  it('applies', () => {
    expect(applied.resources).toBeGreaterThan(50);
  });
});

describe('plan review of real plans', () => {
  it('a tag change is benign', async () => {
    const { findings, markdown } = await reviewed('tag');
    expect(findings).toEqual([]);
    expect(markdown).toMatch(/## Update/);
    expect(markdown).toContain('CostCentre');
  });

  it('the applied config planned again is benign', async () => {
    expect((await reviewed('unchanged')).findings).toEqual([]);
  });

  it("a rotated CA (the runbook's rotation, step 2) is benign: the truststore object is updated, the domain pins its new version, nothing else", async () => {
    const { findings, planFile } = await reviewed('rotated-ca');
    expect(findings).toEqual([]);
    type Change = { address: string; type: string; change: { actions: string[]; before: Config; after: Config; after_unknown: Config } };
    const plan: unknown = JSON.parse(fs.readFileSync(planFile, 'utf8'));
    const resources = (plan as { resource_changes: Change[] }).resource_changes;
    const object = resources.find((c) => c.type === 'aws_s3_object' && c.change.before?.key === 'RootCA.pem')!;
    const domain = resources.find((c) => c.type === 'aws_apigatewayv2_domain_name')!;
    // What the plan shows beyond the unchanged config's plan against the same state: the object, updated in
    // place, and the domain's truststore_version.
    const baseline = new Set(unexpectedChanges(JSON.parse(fs.readFileSync((await reviewed('unchanged')).planFile, 'utf8')) as ChangePlan));
    const changes = unexpectedChanges(plan as ChangePlan).filter((c) => !baseline.has(c));
    expect(changes.filter((c) => !c.startsWith(`${object.address}: `))).toEqual([
      `${domain.address}: mutual_tls_authentication.truststore_version`,
    ]);
    expect(changes).toEqual(expect.arrayContaining([`${object.address}: content`, `${object.address}: version_id`]));
    expect([object.change.actions, domain.change.actions]).toEqual([['update'], ['update']]);
    expect(object.change.before.content).toBe(PEM);
    expect(object.change.after.content).toBe(rotatedTruststore());
    // The new content is a new S3 version, known only once uploaded ...
    expect(object.change.after_unknown.version_id).toBe(true);
    // ... and the domain moves to it in the same apply: its truststore_version is that version id.
    expect(domain.change.before.mutual_tls_authentication[0].truststore_version).toBe(object.change.before.version_id);
    expect(domain.change.after_unknown.mutual_tls_authentication[0].truststore_version).toBe(true);
  });

  it('a new ops address is benign: the subscription is replaced, the alarms still notify the topic', async () => {
    const { findings, markdown } = await reviewed('ops-address');
    expect(findings).toEqual([]);
    expect(markdown).toContain('aws_sns_topic_subscription');
  });

  it('alarms that would notify no one are flagged, each of them', async () => {
    const { findings } = await reviewed('silenced');
    expect(rules(findings)).toEqual(['alarms-silenced']);
    expect(findings.length).toBeGreaterThanOrEqual(14);
    expect(new Set(findings.map((f) => f.type))).toEqual(new Set(['aws_cloudwatch_metric_alarm']));
  });

  it("replacing the schedule group is flagged as data loss: every raffle's scheduled draw would go with it", async () => {
    const { findings } = await reviewed('schedule-group');
    expect(findings.filter((f) => f.rule === 'data-loss').map((f) => f.type)).toEqual(['aws_scheduler_schedule_group']);
  });

  it('renaming the table (a new prefix) cannot even be planned while prevent_destroy protects it', async () => {
    await expect(reviewed('rename-protected')).rejects.toThrow(/Instance cannot be destroyed[\s\S]*prevent_destroy/);
  });

  it('renaming the table with its protections removed is flagged as data loss and protection off', async () => {
    const { findings } = await reviewed('rename');
    expect(
      findings
        .filter((f) => f.type === 'aws_dynamodb_table')
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['data-loss', 'protection-off']);
  });

  it('dropping the domain is flagged: the custom domain goes, and the execute-api endpoint opens', async () => {
    const { findings } = await reviewed('no-domain');
    expect(rules(findings)).toEqual(expect.arrayContaining(['data-loss', 'execute-api-on']));
    expect(findings.some((f) => f.rule === 'data-loss' && f.type === 'aws_apigatewayv2_domain_name')).toBe(true);
  });

  it('a "*" action in a function policy is flagged as IAM widening, and fails the CLI without --allow-dangerous', async () => {
    const { findings, planFile } = await reviewed('wildcard');
    const widening = findings.filter((f) => f.rule === 'iam-widening');
    expect(widening.length).toBeGreaterThan(0);
    expect(new Set(widening.map((f) => f.address))).toEqual(
      new Set([expect.stringMatching(/^aws_iam_role_policy\.ApplyFunction_RolePolicy/)]),
    );
    expect(widening.map((f) => f.message).join(' ')).toContain('dynamodb:*');
    const io = { out: (_: string) => undefined, err: (_: string) => undefined };
    expect(planReviewCli([planFile], io)).toBe(1);
    expect(planReviewCli([planFile, '--allow-dangerous'], io)).toBe(0);
  });

  it('mutual TLS switched off on the admin domain is flagged', async () => {
    const { findings } = await reviewed('mtls-off');
    expect(rules(findings)).toContain('mtls-off');
  });

  it('deletion protection and point-in-time recovery switched off are flagged', async () => {
    const { findings } = await reviewed('unprotected');
    expect(findings.filter((f) => f.rule === 'protection-off')).toHaveLength(2);
  });

  it('a bucket opened to the public is flagged', async () => {
    const { findings } = await reviewed('open-bucket');
    expect(rules(findings)).toEqual(['bucket-opened']);
  });
});
