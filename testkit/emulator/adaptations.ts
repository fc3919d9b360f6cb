/**
 * The one place where the test copy of a stack differs from what the app synthesises, because moto (the
 * local AWS emulator) lacks an API or behaves unlike AWS. The synthesised output itself is never changed
 * for the emulator. Each adaptation and each tolerated plan artefact says why.
 *
 * More differences live in the emulator's start-up script, emulator/moto-server.py, which fixes moto's
 * model rather than our stacks: custom domain names are reported AVAILABLE, with the target domain and
 * hosted zone AWS would give them; SES domain identities get the three Easy DKIM tokens AWS would give
 * them; and bucket policies are evaluated as for a request over TLS, so the TLS-only deny is applied as
 * synthesised instead of refusing every call.
 */
import type { Json } from '../terraform';

type TfJson = Record<string, Json>;
type Block = Record<string, Json>;

export interface AdaptationContext {
  /** Id of the Route 53 zone created in the emulator for the configured domain. */
  readonly hostedZoneId?: string;
  /** The zone id the config names (replaced by hostedZoneId). */
  readonly configuredZoneId?: string;
}

export interface Adaptation {
  readonly id: string;
  readonly reason: string;
  /** Rewrites the stack's JSON in place; returns how many places it changed. */
  apply(config: TfJson, context: AdaptationContext): number;
}

const resourcesOf = (config: TfJson, type: string): Record<string, Block> =>
  (config.resource as Record<string, Record<string, Block>> | undefined)?.[type] ?? {};

export const ADAPTATIONS: readonly Adaptation[] = [
  {
    id: 'no-response-headers-policy',
    reason:
      "moto has no CloudFront response headers policies (CreateResponseHeadersPolicy answers 404): the policy and the behaviours' references to it are removed",
    apply(config) {
      const policies = resourcesOf(config, 'aws_cloudfront_response_headers_policy');
      let changed = Object.keys(policies).length;
      delete (config.resource as Record<string, Json>).aws_cloudfront_response_headers_policy;
      for (const distribution of Object.values(resourcesOf(config, 'aws_cloudfront_distribution'))) {
        for (const behaviour of [
          distribution.default_cache_behavior,
          ...((distribution.ordered_cache_behavior as Json[] | undefined) ?? []),
        ] as Block[]) {
          if (behaviour && 'response_headers_policy_id' in behaviour) {
            delete behaviour.response_headers_policy_id;
            changed++;
          }
        }
      }
      return changed;
    },
  },
  {
    id: 'emulator-hosted-zone',
    reason: "moto has no hosted zone with the example's id (Z0123456789EXAMPLE): the test creates one for the domain and uses its id",
    apply(config, context) {
      if (!context.configuredZoneId || !context.hostedZoneId) return 0;
      const text = JSON.stringify(config);
      const count = text.split(context.configuredZoneId).length - 1;
      Object.assign(config, JSON.parse(text.split(context.configuredZoneId).join(context.hostedZoneId)) as TfJson);
      return count;
    },
  },
];

/** Applies every adaptation; returns how many places each changed (an adaptation that changes nothing is fine). */
export function adaptForEmulator(config: TfJson, context: AdaptationContext): Record<string, number> {
  return Object.fromEntries(ADAPTATIONS.map((a) => [a.id, a.apply(config, context)]));
}

/**
 * Attributes moto reports unlike AWS, so that a plan right after an apply shows them as changes although
 * nothing changed. Exactly these are tolerated, by resource type and attribute path (indices dropped);
 * any other change fails the "no perpetual diff" check.
 */
export const KNOWN_ARTEFACTS: readonly { readonly type: string; readonly path: string; readonly reason: string }[] = [
  { type: 'aws_lambda_function', path: 'logging_config', reason: "moto does not return a function's LoggingConfig" },
  {
    type: 'aws_cloudfront_distribution',
    path: 'default_cache_behavior.forwarded_values',
    reason: 'moto returns empty forwarded_values beside a cache policy',
  },
  {
    type: 'aws_cloudfront_distribution',
    path: 'ordered_cache_behavior.forwarded_values',
    reason: 'moto returns empty forwarded_values beside a cache policy',
  },
  {
    type: 'aws_cloudfront_distribution',
    path: 'origin.origin_access_control_id',
    reason: 'moto returns "" where an origin has no origin access control, and drops the id of the one that has',
  },
  {
    type: 'aws_cloudfront_distribution',
    path: 'viewer_certificate.cloudfront_default_certificate',
    reason: 'moto sets cloudfront_default_certificate beside an ACM certificate',
  },
  {
    type: 'aws_cloudfront_distribution',
    path: 'viewer_certificate.ssl_support_method',
    reason: 'moto sets an ssl_support_method on the default certificate',
  },
  {
    type: 'aws_sesv2_email_identity',
    path: 'tags_all',
    reason:
      'moto files the tags given at creation under "email-identity/<name>", and lists those of "identity/<name>" (the ARN AWS and the provider use): none',
  },
];

interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly mode: string;
  readonly action_reason?: string;
  readonly change: { readonly actions: readonly string[]; readonly before?: Json; readonly after?: Json; readonly after_unknown?: Json };
}

export interface ChangePlan {
  readonly resource_changes?: readonly PlannedChange[];
  readonly configuration?: {
    readonly root_module: { readonly resources?: readonly { readonly address: string; readonly expressions?: Record<string, Json> }[] };
  };
}

/** Attribute paths (indices dropped) where before and after differ, or after is unknown. */
export function changedPaths(before: Json | undefined, after: Json | undefined, unknown: Json | undefined, path = ''): string[] {
  if (unknown === true) return [path];
  if (JSON.stringify(before) === JSON.stringify(after) && !containsTrue(unknown)) return [];
  const isObject = (v: Json | undefined): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after), ...(isObject(unknown) ? Object.keys(unknown) : [])]);
    return [...keys].flatMap((k) =>
      changedPaths(before[k], after[k], isObject(unknown) ? unknown[k] : undefined, path ? `${path}.${k}` : k),
    );
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && before.length > 0) {
    return before.flatMap((b, i) => changedPaths(b, after[i], Array.isArray(unknown) ? unknown[i] : undefined, path));
  }
  return [path];
}

function containsTrue(value: Json | undefined): boolean {
  if (value === true) return true;
  if (Array.isArray(value)) return value.some(containsTrue);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsTrue);
  return false;
}

/**
 * Every planned change that is not a known artefact. A policy document that is re-read only because a
 * tolerated artefact is pending makes the policy that uses it "known after apply": such an attribute is
 * tolerated too, if it refers to nothing but data sources deferred that way.
 */
export function unexpectedChanges(plan: ChangePlan): string[] {
  const changes = plan.resource_changes ?? [];
  const deferred = new Set(
    changes.filter((c) => c.mode === 'data' && c.action_reason === 'read_because_dependency_pending').map((c) => c.address),
  );
  const expressions = new Map((plan.configuration?.root_module.resources ?? []).map((r) => [r.address, r.expressions ?? {}]));
  const problems: string[] = [];
  for (const change of changes) {
    if (change.mode !== 'managed') continue;
    const actions = change.change.actions.join(',');
    if (actions === 'no-op') continue;
    if (actions !== 'update') {
      problems.push(`${change.address}: ${actions}`);
      continue;
    }
    for (const path of changedPaths(change.change.before, change.change.after, change.change.after_unknown)) {
      if (KNOWN_ARTEFACTS.some((a) => a.type === change.type && (path === a.path || path.startsWith(`${a.path}.`)))) continue;
      const references = ((expressions.get(change.address)?.[path] as { references?: string[] } | undefined)?.references ?? []).filter(
        (r) => r.startsWith('data.'),
      );
      const dataSources = references.map((r) => r.split('.').slice(0, 3).join('.'));
      if (dataSources.length > 0 && dataSources.every((d) => deferred.has(d))) continue;
      problems.push(`${change.address}: ${path}`);
    }
  }
  return problems;
}
