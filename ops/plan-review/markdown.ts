/**
 * The review as Markdown, for the GitHub Actions job summary: a plan's dangerous changes first, then
 * what it creates, updates, replaces and destroys, grouped by kind, with the changed attributes and any
 * drift; a state's resources, with what holds personal data or secrets.
 *
 * Everything printed comes from infrastructure values anyone with deploy rights can set, so values
 * are masked when sensitive and escaped so they cannot break a table or inject HTML or links.
 */
import { planFindings, stateFlags, type Finding, type Flagged } from './rules';
import {
  SENSITIVE,
  UNKNOWN,
  asObject,
  at,
  child,
  isObject,
  kindOf,
  managedChanges,
  managedResources,
  pathText,
  type Change,
  type Json,
  type JsonObject,
  type Key,
  type Kind,
  type Plan,
  type ResourceChange,
  type StateResource,
} from './terraform-json';

const SECRET_KEY = /secret|password|token|private_key/i;
const MAX_VALUE = 120;
const MAX_ATTRIBUTES = 40;

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

/** The Markdown review of `terraform show -json` of a plan, and its dangerous changes (messages masked). */
export function reviewPlan(plan: unknown, options: { allowDangerous?: boolean } = {}): { markdown: string; findings: Finding[] } {
  const p = (isObject(plan) ? plan : {}) as Plan;
  const changes = managedChanges(p.resource_changes);
  const drift = managedChanges(p.resource_drift).filter((rc) => kindOf(rc.change.actions));
  const secrets = new Set<string>();
  for (const { change: c } of [...changes, ...drift]) {
    gatherSecrets(c.before, c.before_sensitive, secrets);
    gatherSecrets(c.after, c.after_sensitive, secrets);
  }
  const { findings: unmasked, notes } = planFindings(changes);
  const findings = unmasked.map((f) => ({ ...f, message: scrub(f.message, secrets) }));

  const byKind: Record<Kind, Entry[]> = { create: [], update: [], replace: [], destroy: [] };
  for (const rc of changes) {
    const kind = kindOf(rc.change.actions);
    if (!kind) continue;
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

function identity(r: StateResource): string {
  for (const key of ['name', 'function_name', 'bucket', 'id', 'arn']) {
    const value = r.values?.[key];
    if (typeof value === 'string' && value && child(r.sensitive_values, key) !== true) return md(clip(value));
  }
  return '';
}

/** The Markdown review of `terraform show -json` of a state, and what in it holds personal data or secrets. */
export function reviewState(state: unknown): { markdown: string; flagged: Flagged[] } {
  const resources = managedResources(state);
  const secrets = new Set<string>();
  for (const r of resources) gatherSecrets(r.values, r.sensitive_values, secrets);
  const flagged = stateFlags(resources);
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
