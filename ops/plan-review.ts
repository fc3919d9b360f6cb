/**
 * Reviews `terraform show -json` output for ops before (plan) or after (state) a deployment, as
 * Markdown for the GitHub Actions job summary. A plan with a dangerous change (data loss, wider IAM,
 * a security control switched off) exits 1 unless `--allow-dangerous` says a human accepted it.
 *
 *   npm run plan:review -- plan.json [--allow-dangerous]    # terraform show -json tfplan > plan.json
 *   npm run plan:review -- state.json                        # terraform show -json > state.json
 *
 * Everything printed comes from infrastructure values anyone with deploy rights can set, so values
 * are masked when sensitive and escaped so they cannot break a table or inject HTML or links.
 */
import * as fs from 'fs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Key = string | number;

// The fields read here of https://developer.hashicorp.com/terraform/internals/json-format
type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';
interface Change {
  actions: Action[];
  before: Json;
  after: Json;
  /** Masks mirror the value's structure; a `true` covers everything beneath it. */
  after_unknown?: Json;
  before_sensitive?: Json;
  after_sensitive?: Json;
  replace_paths?: Key[][];
}
interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  change: Change;
  action_reason?: string;
}
interface Plan {
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
}
interface StateResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  values?: JsonObject;
  sensitive_values?: Json;
}
interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}
interface State {
  values?: { root_module?: StateModule };
}

export type RuleId =
  'data-loss' | 'iam-widening' | 's3-public' | 'mtls-off' | 'execute-api-on' | 'bucket-opened' | 'protection-off' | 'auth-off';
export interface Finding {
  address: string;
  type: string;
  rule: RuleId;
  message: string;
}
export interface Flagged {
  address: string;
  type: string;
  reasons: string[];
}
type Kind = 'create' | 'update' | 'replace' | 'destroy';

const SENSITIVE = '(sensitive)';
const UNKNOWN = '(known after apply)';
const SECRET_KEY = /secret|password|token|private_key/i;
const MAX_VALUE = 120;
const MAX_ATTRIBUTES = 40;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asObject = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});
const list = (v: Json | undefined): string[] => [v ?? []].flat().filter((x): x is string => typeof x === 'string');

function at(v: Json | undefined, key: Key): Json | undefined {
  if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
  return isObject(v) && typeof key === 'string' ? v[key] : undefined;
}
const child = (mask: Json | undefined, key: Key): Json | undefined => (mask === true ? true : at(mask, key));
const dig = (v: Json | undefined, path: Key[]): Json | undefined => path.reduce<Json | undefined>(at, v);

/** Every value at `path`, where '*' spans a list; a mask's `true` ends the walk because it covers the rest. */
function leaves(v: Json | undefined, path: string[]): (Json | undefined)[] {
  if (!path.length || v === true) return [v];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(v) ? v.flatMap((x) => leaves(x, rest)) : [];
  return leaves(at(v, head), rest);
}

function pathText(path: Key[]): string {
  return path
    .map((k, i) =>
      typeof k === 'number' || k === '*' ? `[${k}]` : /^[A-Za-z_][\w-]*$/.test(k) ? (i ? `.${k}` : k) : `[${JSON.stringify(k)}]`,
    )
    .join('');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Plain-text escaping: `|` would split a table cell, `<` open HTML, `[` a link, a backtick a code span. */
const md = (text: string): string =>
  text
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(/\r?\n/g, ' ');
/** Code spans read better for addresses, but only escape-free text can go in one safely. */
const code = (text: string): string => (/[`|\r\n]/.test(text) ? md(text) : `\`${text}\``);
const clip = (text: string): string => (text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text);

/** A copy safe to print: sensitive subtrees and secret-looking keys masked, unknowns named. */
function redact(value: Json | undefined, sensitive: Json | undefined, unknown?: Json): Json | undefined {
  if (unknown === true) return UNKNOWN;
  if (sensitive === true) return SENSITIVE;
  if (Array.isArray(value)) return value.map((v, i) => redact(v, child(sensitive, i), child(unknown, i)) ?? null);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEY.test(k) ? SENSITIVE : (redact(v, child(sensitive, k), child(unknown, k)) ?? null);
  return out;
}
function show(value: Json | undefined): string {
  return md(clip(value === SENSITIVE || value === UNKNOWN ? value : JSON.stringify(value ?? null)));
}

/** Strings a mask or a key name marks secret, so a copy of one elsewhere can be scrubbed too. */
function gatherSecrets(value: Json | undefined, sensitive: Json | undefined, out: Set<string>, hidden = false): void {
  hidden ||= sensitive === true;
  if (typeof value === 'string' || typeof value === 'number') {
    // Short values ("3", "true") would scrub unrelated text; masking at the source already hid them.
    if (hidden && String(value).length >= 6) out.add(String(value));
  } else if (Array.isArray(value)) value.forEach((v, i) => gatherSecrets(v, child(sensitive, i), out, hidden));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) gatherSecrets(v, child(sensitive, k), out, hidden || SECRET_KEY.test(k));
  }
}
function scrub(text: string, secrets: Set<string>): string {
  // Also the form a string takes once JSON-quoted and escaped for Markdown, as values are printed.
  for (const secret of secrets)
    for (const form of [secret, md(JSON.stringify(secret).slice(1, -1))]) text = text.split(form).join(SENSITIVE);
  return text;
}

interface AttributeChange {
  path: string;
  before: string;
  after: string;
}
interface Masks {
  beforeSensitive?: Json;
  afterSensitive?: Json;
  unknown?: Json;
}

/** Leaf-level differences, recursing while both sides have the same shape so a path names what moved. */
function diff(before: Json | undefined, after: Json | undefined, masks: Masks, path: Key[], out: AttributeChange[]): void {
  const last = path[path.length - 1];
  const secret = typeof last === 'string' && SECRET_KEY.test(last);
  const bs = secret || masks.beforeSensitive,
    as = secret || masks.afterSensitive,
    unknown = masks.unknown;
  const sameShape =
    (isObject(before) && isObject(after)) || (Array.isArray(before) && Array.isArray(after) && before.length === after.length);
  if (unknown !== true && sameShape) {
    const keys: Key[] = Array.isArray(before)
      ? before.map((_, i) => i)
      : [...new Set([before, after, unknown].flatMap((v) => Object.keys(asObject(v))))];
    for (const k of keys) {
      diff(
        at(before, k),
        at(after, k),
        { beforeSensitive: child(bs, k), afterSensitive: child(as, k), unknown: child(unknown, k) },
        [...path, k],
        out,
      );
    }
  } else if (unknown === true || JSON.stringify(before ?? null) !== JSON.stringify(after ?? null)) {
    out.push({ path: pathText(path), before: show(redact(before, bs)), after: show(redact(after, as, unknown)) });
  }
}
function attributeChanges(c: Change): AttributeChange[] {
  const out: AttributeChange[] = [];
  const masks = { beforeSensitive: c.before_sensitive, afterSensitive: c.after_sensitive, unknown: c.after_unknown };
  if (isObject(c.before) && isObject(c.after)) diff(c.before, c.after, masks, [], out);
  return out;
}

function kindOf(actions: Action[]): Kind | undefined {
  const a = actions.join(',');
  if (a === 'delete,create' || a === 'create,delete') return 'replace';
  return ({ create: 'create', update: 'update', delete: 'destroy' } as Record<string, Kind>)[a];
}

// ---- Dangerous rules ----

interface Subject {
  rc: ResourceChange;
  kind: Kind;
  before: JsonObject;
  after: JsonObject;
}
type Hit = Omit<Finding, 'address' | 'type'>;
interface Note {
  address: string;
  text: string;
}
const hit = (rule: RuleId, message: string): Hit[] => [{ rule, message }];
/** The planned value, or UNKNOWN so that no rule judges a value Terraform cannot know yet. */
const now = (s: Subject, ...path: Key[]): Json | undefined =>
  path.reduce<Json | undefined>(child, s.rc.change.after_unknown) === true ? UNKNOWN : dig(s.after, path);
const was = (s: Subject, ...path: Key[]): Json | undefined => dig(s.before, path);
const switchedOff = (s: Subject, ...path: Key[]): boolean => was(s, ...path) === true && now(s, ...path) === false;

const DATA_LOSS: Record<string, string> = {
  aws_dynamodb_table: 'the entrants table and every registration in it',
  aws_s3_bucket: 'the bucket and the objects in it',
  aws_acm_certificate: 'the TLS certificate; its domains fail TLS until a new one is issued and validated',
  aws_apigatewayv2_domain_name: 'the custom domain; its DNS target changes and clients fail until DNS follows',
  aws_iam_openid_connect_provider: 'the OIDC provider; CI roles that trust it cannot be assumed until it is back',
};
function dataLoss(s: Subject): Hit[] {
  if (s.kind !== 'replace' && s.kind !== 'destroy') return [];
  const key = was(s, 'key');
  const truststore = s.rc.type === 'aws_s3_object' && typeof key === 'string' && /\.pem$/i.test(key);
  const what = truststore
    ? 'the mTLS truststore the admin domain checks client certificates against; admin clients can be locked out'
    : DATA_LOSS[s.rc.type];
  const paths = s.rc.change.replace_paths ?? [];
  const because = paths.length ? ` (replaced because ${paths.map(pathText).join(', ')} cannot change in place)` : '';
  return what ? hit('data-loss', `${s.kind === 'replace' ? 'Replacing' : 'Destroying'} deletes ${what}${because}`) : [];
}

const POLICY_PATHS: Record<string, string[][]> = {
  aws_iam_role: [['assume_role_policy'], ['inline_policy', '*', 'policy']],
  ...Object.fromEntries(
    [
      'aws_iam_role_policy',
      'aws_iam_policy',
      'aws_s3_bucket_policy',
      'aws_sns_topic_policy',
      'aws_sqs_queue_policy',
      'aws_sns_topic',
      'aws_sqs_queue',
    ].map((type) => [type, [['policy']]]),
  ),
};
interface Grants {
  actions: Set<string>;
  wildcards: Set<string>;
  open: boolean;
}
function grants(docs: (Json | undefined)[]): Grants {
  const g: Grants = { actions: new Set(), wildcards: new Set(), open: false };
  for (const doc of docs) {
    let parsed: Json;
    try {
      parsed = typeof doc === 'string' ? (JSON.parse(doc) as Json) : null;
    } catch {
      continue; // Not a JSON document: the attribute diff still shows it, there is nothing to judge.
    }
    for (const st of [at(parsed, 'Statement') ?? []].flat()) {
      if (!isObject(st) || st.Effect !== 'Allow') continue;
      const everyResource = list(st.Resource).includes('*');
      for (const a of list(st.Action).map((x) => x.toLowerCase())) {
        g.actions.add(a);
        if (a.includes('*')) g.wildcards.add(`action "${a}"`);
        // Keyed per action: moving an existing action onto "*" widens as much as adding one.
        if (everyResource) g.wildcards.add(`"${a}" on every resource`);
      }
      if (st.NotAction !== undefined) g.wildcards.add(`every action except ${JSON.stringify(st.NotAction)} (NotAction)`);
      if (st.NotResource !== undefined) g.wildcards.add(`every resource except ${JSON.stringify(st.NotResource)} (NotResource)`);
      const p = st.Principal;
      if ((p === '*' || list(at(p, 'AWS')).includes('*')) && st.Condition === undefined) g.open = true;
    }
  }
  return g;
}
function iamWidening(s: Subject, initial: boolean, notes: Note[]): Hit[] {
  const hits: Hit[] = [];
  for (const path of s.kind === 'destroy' ? [] : (POLICY_PATHS[s.rc.type] ?? [])) {
    const attr = pathText(path);
    if (leaves(s.rc.change.after_unknown, path).includes(true)) {
      notes.push({ address: s.rc.address, text: `${attr}: ${UNKNOWN}, not judged` });
      continue;
    }
    const before = grants(leaves(s.before, path)),
      after = grants(leaves(s.after, path));
    const hidden = leaves(s.rc.change.after_sensitive, path).includes(true);
    const say = (items: string[]) => (hidden ? SENSITIVE : items.join(', '));
    const wild = [...after.wildcards].filter((w) => !before.wildcards.has(w));
    if (wild.length) hits.push(...hit('iam-widening', `${attr} adds wildcard grants: ${say(wild)}`));
    const added = [...after.actions].filter((a) => !before.actions.has(a));
    // On a first deployment every action is new: listing them informs the reviewer without blocking.
    if (added.length && initial)
      notes.push({ address: s.rc.address, text: `${attr} grants (first deployment, information only): ${say(added)}` });
    else if (added.length) hits.push(...hit('iam-widening', `${attr} allows new actions: ${say(added)}`));
    if (after.open && !before.open && s.rc.type === 'aws_s3_bucket_policy') {
      hits.push(...hit('s3-public', 'Bucket policy allows anyone (Principal "*") with no Condition: its objects become public'));
    } else if (after.open && !before.open) hits.push(...hit('iam-widening', `${attr} allows any principal ("*") with no Condition`));
  }
  return hits;
}

const PUBLIC_BLOCK_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
const isPublicAcl = (acl: Json | undefined, grantList: Json | undefined): boolean =>
  acl === 'public-read' || acl === 'public-read-write' || JSON.stringify(grantList ?? null).includes('/global/AllUsers');
const CHECKS: Record<string, (s: Subject) => Hit[]> = {
  aws_apigatewayv2_domain_name: (s) => {
    const uri = was(s, 'mutual_tls_authentication', 0, 'truststore_uri');
    const next = now(s, 'mutual_tls_authentication', 0, 'truststore_uri');
    return s.kind !== 'destroy' && typeof uri === 'string' && uri && (typeof next !== 'string' || !next)
      ? hit('mtls-off', 'Mutual TLS is switched off: the domain stops requiring a client certificate signed by the truststore')
      : [];
  },
  aws_apigatewayv2_api: (s) =>
    switchedOff(s, 'disable_execute_api_endpoint')
      ? hit('execute-api-on', 'The default execute-api endpoint is re-enabled: callers can bypass the custom domain and its mutual TLS')
      : [],
  aws_s3_bucket_public_access_block: (s) => {
    const on = PUBLIC_BLOCK_FLAGS.filter((f) => was(s, f) === true);
    if (s.kind === 'destroy') {
      return on.length
        ? hit('bucket-opened', `The public access block (${on.join(', ')}) is removed: nothing stops a public ACL or policy`)
        : [];
    }
    const off = on.filter((f) => switchedOff(s, f));
    return off.length ? hit('bucket-opened', `Public access block loosened: ${off.map((f) => `${f} true → false`).join(', ')}`) : [];
  },
  aws_s3_bucket_ownership_controls: (s) => {
    const next = s.kind === 'destroy' ? 'the bucket default' : now(s, 'rule', 0, 'object_ownership');
    return was(s, 'rule', 0, 'object_ownership') === 'BucketOwnerEnforced' && next !== UNKNOWN && next !== 'BucketOwnerEnforced'
      ? hit('bucket-opened', `Object ownership leaves BucketOwnerEnforced (now ${JSON.stringify(next)}): object ACLs take effect again`)
      : [];
  },
  aws_s3_bucket_acl: (s) =>
    s.kind !== 'destroy' &&
    isPublicAcl(now(s, 'acl'), now(s, 'access_control_policy')) &&
    !isPublicAcl(was(s, 'acl'), was(s, 'access_control_policy'))
      ? hit('bucket-opened', 'The bucket ACL grants everyone (AllUsers) access: its objects can be read by anyone')
      : [],
  aws_dynamodb_table: (s) => [
    ...(switchedOff(s, 'deletion_protection_enabled')
      ? hit('protection-off', 'Deletion protection is switched off: a later apply or API call can delete the table')
      : []),
    ...(switchedOff(s, 'point_in_time_recovery', 0, 'enabled')
      ? hit('protection-off', 'Point-in-time recovery is switched off: its restore window is lost with it')
      : []),
  ],
  aws_apigatewayv2_route: (s) => {
    const from = was(s, 'authorization_type');
    return typeof from === 'string' && ['AWS_IAM', 'JWT', 'CUSTOM'].includes(from) && now(s, 'authorization_type') === 'NONE'
      ? hit('auth-off', `Route authorization goes from ${from} to NONE: anyone can call it`)
      : [];
  },
};

// ---- Plan review ----

function isResourceChange(v: unknown): v is ResourceChange {
  return (
    isObject(v) && typeof v.address === 'string' && typeof v.type === 'string' && isObject(v.change) && Array.isArray(v.change.actions)
  );
}
const byTypeThenAddress = (a: { type: string; address: string }, b: { type: string; address: string }) =>
  a.type.localeCompare(b.type) || a.address.localeCompare(b.address);

function groupByType<T extends { type: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.type, [...(groups.get(item.type) ?? []), item]);
  return groups;
}

interface Entry {
  rc: ResourceChange;
  note?: string;
  changes: AttributeChange[];
}
function renderSection(title: string, entries: Entry[]): string[] {
  if (!entries.length) return [];
  const lines = ['', `## ${title} (${entries.length})`];
  for (const [type, group] of groupByType(entries.map((e) => ({ ...e, type: e.rc.type })))) {
    lines.push('', `### ${code(type)} (${group.length})`, '');
    for (const e of group) {
      lines.push(`- ${code(e.rc.address)}${e.note ? ` — ${e.note}` : ''}`);
      for (const c of e.changes.slice(0, MAX_ATTRIBUTES)) lines.push(`  - ${code(c.path)}: ${c.before} → ${c.after}`);
      if (e.changes.length > MAX_ATTRIBUTES) lines.push(`  - … and ${e.changes.length - MAX_ATTRIBUTES} more attributes`);
    }
  }
  return lines;
}

export function reviewPlan(plan: unknown, options: { allowDangerous?: boolean } = {}): { markdown: string; findings: Finding[] } {
  const p = (isObject(plan) ? plan : {}) as Plan;
  const managed = (entries: unknown) =>
    (Array.isArray(entries) ? entries : [])
      .filter(isResourceChange)
      .filter((rc) => rc.mode === 'managed')
      .sort(byTypeThenAddress);
  const changes = managed(p.resource_changes);
  const drift = managed(p.resource_drift).filter((rc) => kindOf(rc.change.actions));
  const secrets = new Set<string>();
  for (const { change: c } of [...changes, ...drift]) {
    gatherSecrets(c.before, c.before_sensitive, secrets);
    gatherSecrets(c.after, c.after_sensitive, secrets);
  }
  // "No prior resource at all": nothing to widen from, so new IAM actions are the design, not a change to it.
  const initial = changes.length > 0 && changes.every((rc) => rc.change.before === null || rc.change.before === undefined);

  const byKind: Record<Kind, Entry[]> = { create: [], update: [], replace: [], destroy: [] };
  const findings: Finding[] = [];
  const notes: Note[] = [];
  for (const rc of changes) {
    const kind = kindOf(rc.change.actions);
    if (!kind) continue;
    const s: Subject = { rc, kind, before: asObject(rc.change.before), after: asObject(rc.change.after) };
    const hits = [...dataLoss(s), ...iamWidening(s, initial, notes), ...(CHECKS[rc.type]?.(s) ?? [])];
    findings.push(...hits.map((h) => ({ address: rc.address, type: rc.type, rule: h.rule, message: scrub(h.message, secrets) })));
    const paths = rc.change.replace_paths ?? [];
    const note =
      kind !== 'replace'
        ? undefined
        : paths.length
          ? `replaced because ${paths.map((x) => code(pathText(x))).join(', ')} cannot change in place`
          : rc.action_reason
            ? `replaced: ${md(rc.action_reason)}`
            : undefined;
    byKind[kind].push({ rc, note, changes: kind === 'update' || kind === 'replace' ? attributeChanges(rc.change) : [] });
  }

  const lines = ['# Terraform plan review', '', '| Change | Resources |', '| --- | ---: |'];
  for (const kind of ['create', 'update', 'replace', 'destroy'] as const) {
    lines.push(`| ${kind[0].toUpperCase()}${kind.slice(1)} | ${byKind[kind].length} |`);
  }
  if (drift.length) lines.push(`| Drifted (changed outside Terraform) | ${drift.length} |`);
  lines.push('');
  if (findings.length) {
    lines.push(`## ⚠️ Dangerous changes (${findings.length})`, '');
    for (const f of findings) lines.push(`- ${code(f.address)} — \`${f.rule}\`: ${md(f.message)}`);
    lines.push(
      '',
      options.allowDangerous
        ? '**Accepted with `--allow-dangerous`.**'
        : '**Blocked:** once a reviewer has checked these, rerun with `--allow-dangerous` to accept them.',
    );
  } else {
    lines.push('✅ No dangerous change found.');
  }
  if (notes.length) lines.push('', '### Information (not flagged)', '', ...notes.map((n) => `- ${code(n.address)} ${md(n.text)}`));
  lines.push(...renderSection('Create', byKind.create), ...renderSection('Update', byKind.update));
  lines.push(...renderSection('Replace', byKind.replace), ...renderSection('Destroy', byKind.destroy));
  lines.push(
    ...renderSection(
      'Drift: changed outside Terraform since the last apply',
      drift.map((rc) => ({
        rc,
        note: kindOf(rc.change.actions) === 'destroy' ? 'deleted outside Terraform' : undefined,
        changes: attributeChanges(rc.change),
      })),
    ),
  );
  return { markdown: scrub(`${lines.join('\n')}\n`, secrets), findings };
}

// ---- State review ----

function resourcesOf(m: StateModule | undefined): StateResource[] {
  const array = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return [...array(m?.resources), ...array(m?.child_modules).flatMap(resourcesOf)];
}
/** Sensitive attributes that actually hold something: a null private_key on an AWS-issued certificate is no secret. */
function sensitivePaths(value: Json | undefined, mask: Json | undefined, path: Key[] = []): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (mask === true) return [pathText(path)];
  if (Array.isArray(value)) return value.flatMap((v, i) => sensitivePaths(v, child(mask, i), [...path, i]));
  return isObject(value) ? Object.entries(value).flatMap(([k, v]) => sensitivePaths(v, child(mask, k), [...path, k])) : [];
}
const HOLDS: Record<string, string> = {
  aws_dynamodb_table: "personal data: entrants' email, name and phone",
  aws_sqs_queue: 'may hold personal data: failed events keep their payload',
  aws_sesv2_email_identity: 'sender identity',
  aws_ses_domain_identity: 'sender identity',
};
function reasonsFor(r: StateResource): string[] {
  const v = r.values ?? {};
  const reasons = HOLDS[r.type] ? [HOLDS[r.type]] : [];
  if (r.type === 'aws_cloudwatch_log_group') {
    reasons.push(
      `may hold personal data: ${typeof v.name === 'string' && v.name.startsWith('/aws/lambda/') ? 'function logs can echo request details' : 'API access logs record client IP addresses'}`,
    );
  }
  if (r.type === 'aws_sns_topic_subscription' && v.protocol === 'email') reasons.push("personal data: the subscriber's email address");
  if (r.type === 'aws_s3_bucket' && typeof v.bucket === 'string' && /state/i.test(v.bucket))
    reasons.push('holds Terraform state, and with it every secret the state holds');
  const secretEnv = Object.keys(asObject(dig(v, ['environment', 0, 'variables']))).filter((k) => /SECRET|TOKEN|KEY|PASSWORD/i.test(k));
  if (r.type === 'aws_lambda_function' && secretEnv.length)
    reasons.push(`secret: environment variable ${secretEnv.join(', ')} (value masked)`);
  const sensitive = sensitivePaths(v, r.sensitive_values);
  if (sensitive.length) reasons.push(`secret: sensitive ${sensitive.join(', ')} (value masked)`);
  return reasons;
}
function identity(r: StateResource): string {
  for (const key of ['name', 'function_name', 'bucket', 'id', 'arn']) {
    const value = r.values?.[key];
    if (typeof value === 'string' && value && child(r.sensitive_values, key) !== true) return md(clip(value));
  }
  return '';
}

export function reviewState(state: unknown): { markdown: string; flagged: Flagged[] } {
  const resources = resourcesOf((state as State | null)?.values?.root_module)
    .filter((r) => isObject(r) && r.mode === 'managed' && typeof r.address === 'string' && typeof r.type === 'string')
    .sort(byTypeThenAddress);
  const secrets = new Set<string>();
  for (const r of resources) gatherSecrets(r.values, r.sensitive_values, secrets);
  const flagged = resources.map((r) => ({ address: r.address, type: r.type, reasons: reasonsFor(r) })).filter((f) => f.reasons.length);
  const reasons = new Map(flagged.map((f) => [f.address, f.reasons]));
  const groups = groupByType(resources);
  const lines = ['# Terraform state review', ''];
  if (!resources.length) lines.push('No managed resources in this state.');
  else lines.push(`${resources.length} managed resources of ${groups.size} types; ${flagged.length} hold personal data or secrets (⚠️).`);
  if (flagged.length)
    lines.push(
      '',
      `## ⚠️ Personal data and secrets (${flagged.length})`,
      '',
      ...flagged.map((f) => `- ${code(f.address)} — ${md(f.reasons.join('; '))}`),
    );
  for (const [type, group] of groups) {
    lines.push('', `## ${code(type)} (${group.length})`, '', '| Address | Identity | Holds |', '| --- | --- | --- |');
    for (const r of group)
      lines.push(
        `| ${code(r.address)} | ${identity(r)} | ${reasons.has(r.address) ? `⚠️ ${md(reasons.get(r.address)!.join('; '))}` : ''} |`,
      );
  }
  return { markdown: scrub(`${lines.join('\n')}\n`, secrets), flagged };
}

// ---- CLI ----

export function detectKind(json: unknown): 'plan' | 'state' | undefined {
  if (!isObject(json)) return undefined;
  if (Array.isArray(json.resource_changes) || Array.isArray(json.resource_drift) || isObject(json.planned_values)) return 'plan';
  if (isObject(json.values) && isObject(json.values.root_module)) return 'state';
  // `terraform show -json` of an empty state is just the version header.
  return typeof json.format_version === 'string' && Object.keys(json).every((k) => ['format_version', 'terraform_version'].includes(k))
    ? 'state'
    : undefined;
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}
const STDIO: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
const USAGE = 'usage: npm run plan:review -- <terraform-show.json> [--allow-dangerous]';

export function main(argv: readonly string[], io: Io = STDIO): number {
  const fail = (problem: string): number => {
    io.err(`plan-review: ${problem}\n`);
    return 2;
  };
  const allowDangerous = argv.includes('--allow-dangerous');
  const args = argv.filter((a) => a !== '--allow-dangerous');
  const unknownOption = args.find((a) => a.startsWith('-'));
  if (unknownOption) return fail(`unknown option ${unknownOption}; ${USAGE}`);
  if (args.length !== 1) return fail(`expected exactly one JSON file, got ${args.length}; ${USAGE}`);
  const file = args[0];
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return fail(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); write it first with \`terraform show -json tfplan > ${file}\``,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`${file} is not valid JSON; pass the output of \`terraform show -json tfplan\`, not the binary plan file`);
  }
  const kind = detectKind(json);
  if (!kind)
    return fail(
      `${file} is JSON but neither a Terraform plan nor a state; produce it with \`terraform show -json <planfile>\` or \`terraform show -json\``,
    );
  if (kind === 'state') {
    io.out(reviewState(json).markdown);
    return 0;
  }
  const { markdown, findings } = reviewPlan(json, { allowDangerous });
  io.out(markdown);
  if (!findings.length || allowDangerous) return 0;
  io.err(
    `plan-review: ${findings.length} dangerous change${findings.length === 1 ? '' : 's'} found (listed in the report); rerun with --allow-dangerous to accept ${findings.length === 1 ? 'it' : 'them'}\n`,
  );
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
