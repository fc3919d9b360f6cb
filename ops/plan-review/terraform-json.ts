/**
 * The parts of `terraform show -json` output the review reads
 * (https://developer.hashicorp.com/terraform/internals/json-format), and how to walk them: values,
 * and the sensitive and unknown masks that mirror their structure.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
/** One step of an attribute path: an object key or a list index. */
export type Key = string | number;

type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';
export interface Change {
  actions: Action[];
  before: Json;
  after: Json;
  /** Masks mirror the value's structure; a `true` covers everything beneath it. */
  after_unknown?: Json;
  before_sensitive?: Json;
  after_sensitive?: Json;
  replace_paths?: Key[][];
}
export interface ResourceChange {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  change: Change;
  action_reason?: string;
}
export interface Plan {
  resource_changes?: ResourceChange[];
  resource_drift?: ResourceChange[];
}
export interface StateResource {
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

/** What a change does to its resource, as the review groups it. */
export type Kind = 'create' | 'update' | 'replace' | 'destroy';

/** Printed in place of a sensitive value. */
export const SENSITIVE = '(sensitive)';
/** Printed in place of a value Terraform only knows after apply; no rule judges it. */
export const UNKNOWN = '(known after apply)';

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObject = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});
/** The strings of a value that IAM lets be one string or a list of them. */
export const list = (v: Json | undefined): string[] => [v ?? []].flat().filter((x): x is string => typeof x === 'string');

export function at(v: Json | undefined, key: Key): Json | undefined {
  if (Array.isArray(v)) return typeof key === 'number' ? v[key] : undefined;
  return isObject(v) && typeof key === 'string' ? v[key] : undefined;
}
/** A mask's part for `key`: a `true` covers its children. */
export const child = (mask: Json | undefined, key: Key): Json | undefined => (mask === true ? true : at(mask, key));
export const dig = (v: Json | undefined, path: Key[]): Json | undefined => path.reduce<Json | undefined>(at, v);

/** Every value at `path`, where '*' spans a list; a mask's `true` ends the walk because it covers the rest. */
export function leaves(v: Json | undefined, path: string[]): (Json | undefined)[] {
  if (!path.length || v === true) return [v];
  const [head, ...rest] = path;
  if (head === '*') return Array.isArray(v) ? v.flatMap((x) => leaves(x, rest)) : [];
  return leaves(at(v, head), rest);
}

/** An attribute path as Terraform writes it: `rule[0].object_ownership`, `tags["a b"]`. */
export function pathText(path: Key[]): string {
  return path
    .map((k, i) =>
      typeof k === 'number' || k === '*' ? `[${k}]` : /^[A-Za-z_][\w-]*$/.test(k) ? (i ? `.${k}` : k) : `[${JSON.stringify(k)}]`,
    )
    .join('');
}

export function kindOf(actions: Action[]): Kind | undefined {
  const a = actions.join(',');
  if (a === 'delete,create' || a === 'create,delete') return 'replace';
  return ({ create: 'create', update: 'update', delete: 'destroy' } as Record<string, Kind>)[a];
}

function isResourceChange(v: unknown): v is ResourceChange {
  return (
    isObject(v) && typeof v.address === 'string' && typeof v.type === 'string' && isObject(v.change) && Array.isArray(v.change.actions)
  );
}
const byTypeThenAddress = (a: { type: string; address: string }, b: { type: string; address: string }) =>
  a.type.localeCompare(b.type) || a.address.localeCompare(b.address);

/** The well-formed changes to managed resources in a `resource_changes` or `resource_drift` list, by type then address. */
export function managedChanges(entries: unknown): ResourceChange[] {
  return (Array.isArray(entries) ? entries : [])
    .filter(isResourceChange)
    .filter((rc) => rc.mode === 'managed')
    .sort(byTypeThenAddress);
}

function resourcesOf(m: StateModule | undefined): StateResource[] {
  const array = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return [...array(m?.resources), ...array(m?.child_modules).flatMap(resourcesOf)];
}
/** The well-formed managed resources of a state, its child modules' included, by type then address. */
export function managedResources(state: unknown): StateResource[] {
  return resourcesOf((state as State | null)?.values?.root_module)
    .filter((r) => isObject(r) && r.mode === 'managed' && typeof r.address === 'string' && typeof r.type === 'string')
    .sort(byTypeThenAddress);
}

/** Which output of `terraform show -json` a document is: of a plan file, or of the state. */
export function detectKind(json: unknown): 'plan' | 'state' | undefined {
  if (!isObject(json)) return undefined;
  if (Array.isArray(json.resource_changes) || Array.isArray(json.resource_drift) || isObject(json.planned_values)) return 'plan';
  if (isObject(json.values) && isObject(json.values.root_module)) return 'state';
  // `terraform show -json` of an empty state is just the version header.
  return typeof json.format_version === 'string' && Object.keys(json).every((k) => ['format_version', 'terraform_version'].includes(k))
    ? 'state'
    : undefined;
}
