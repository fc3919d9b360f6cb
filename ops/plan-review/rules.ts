/**
 * What the review flags, as pure functions over the parsed JSON: in a plan, the dangerous changes (data
 * loss, wider IAM, a security control switched off) and what is worth a note without blocking; in a
 * state, what holds personal data or secrets. Messages are plain text: the Markdown rendering escapes
 * and masks them (markdown.ts).
 */
import {
  SENSITIVE,
  UNKNOWN,
  asObject,
  at,
  child,
  dig,
  isObject,
  kindOf,
  leaves,
  list,
  pathText,
  type Json,
  type JsonObject,
  type Key,
  type Kind,
  type ResourceChange,
  type StateResource,
} from './terraform-json';

export type RuleId =
  | 'data-loss'
  | 'iam-widening'
  | 's3-public'
  | 'mtls-off'
  | 'execute-api-on'
  | 'bucket-opened'
  | 'protection-off'
  | 'auth-off'
  | 'alarms-silenced';
export interface Finding {
  address: string;
  type: string;
  rule: RuleId;
  message: string;
}
/** Something a reviewer should know that blocks nothing. */
export interface Note {
  address: string;
  text: string;
}
export interface Flagged {
  address: string;
  type: string;
  reasons: string[];
}

// ---- Dangerous changes in a plan ----

interface Subject {
  rc: ResourceChange;
  kind: Kind;
  before: JsonObject;
  after: JsonObject;
}
type Hit = Omit<Finding, 'address' | 'type'>;
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
  // The app makes the raffles' schedules in the stack's group: they are in no state, and AWS deletes them with it.
  aws_scheduler_schedule_group:
    "the schedule group and every raffle's scheduled draw in it (the app made them: no state holds them, and none is made again until each raffle's drawAt is set again)",
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
      // A key policy: who may use the key (the ops alarm topic's).
      'aws_kms_key',
      'aws_kms_key_policy',
    ].map((type) => [type, [['policy']]]),
  ),
};
interface Grants {
  actions: Set<string>;
  wildcards: Set<string>;
  open: boolean;
}
/** Key policies: their Resource "*" is the key itself, never every resource. */
const KEY_POLICY_TYPES = ['aws_kms_key', 'aws_kms_key_policy'];
function grants(docs: (Json | undefined)[], resourceStarIsSelf = false): Grants {
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
      const everyResource = !resourceStarIsSelf && list(st.Resource).includes('*');
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
    const keyPolicy = KEY_POLICY_TYPES.includes(s.rc.type);
    const before = grants(leaves(s.before, path), keyPolicy),
      after = grants(leaves(s.after, path), keyPolicy);
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
  // An alarm that notified someone and will notify no one: ops would learn of the next incident from users.
  aws_cloudwatch_metric_alarm: (s) => {
    if (s.kind === 'destroy' || leaves(s.rc.change.after_unknown, ['alarm_actions', '*']).includes(true)) return [];
    const had = list(was(s, 'alarm_actions'));
    if (switchedOff(s, 'actions_enabled') && had.length)
      return hit('alarms-silenced', `The alarm's actions are switched off: it no longer notifies ${had.join(', ')}`);
    return had.length && list(now(s, 'alarm_actions')).length === 0
      ? hit('alarms-silenced', `The alarm loses every action: it no longer notifies ${had.join(', ')}, nor anyone`)
      : [];
  },
  aws_apigatewayv2_route: (s) => {
    const from = was(s, 'authorization_type');
    return typeof from === 'string' && ['AWS_IAM', 'JWT', 'CUSTOM'].includes(from) && now(s, 'authorization_type') === 'NONE'
      ? hit('auth-off', `Route authorization goes from ${from} to NONE: anyone can call it`)
      : [];
  },
};

/** The dangerous changes among a plan's managed changes, and the notes that block nothing. */
export function planFindings(changes: ResourceChange[]): { findings: Finding[]; notes: Note[] } {
  // "No prior resource at all": nothing to widen from, so new IAM actions are the design, not a change to it.
  const initial = changes.length > 0 && changes.every((rc) => rc.change.before === null || rc.change.before === undefined);
  const findings: Finding[] = [];
  const notes: Note[] = [];
  for (const rc of changes) {
    const kind = kindOf(rc.change.actions);
    if (!kind) continue;
    const s: Subject = { rc, kind, before: asObject(rc.change.before), after: asObject(rc.change.after) };
    const hits = [...dataLoss(s), ...iamWidening(s, initial, notes), ...(CHECKS[rc.type]?.(s) ?? [])];
    findings.push(...hits.map((h) => ({ address: rc.address, type: rc.type, rule: h.rule, message: h.message })));
  }
  return { findings, notes };
}

// ---- Personal data and secrets in a state ----

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

/** The resources of a state that hold personal data or secrets, with why. */
export function stateFlags(resources: StateResource[]): Flagged[] {
  return resources.map((r) => ({ address: r.address, type: r.type, reasons: reasonsFor(r) })).filter((f) => f.reasons.length);
}
