/**
 * The bucket policies an apply left in the emulator, next to the ones the app synthesised: proof that the
 * test copy applied each policy whole (its TLS-only deny included) rather than an adapted one.
 *
 * Both sides are put in one canonical form, statement by statement in their order: every value list
 * sorted, since S3 and the provider may write a single value as a plain string. The synthesised side is
 * the aws_iam_policy_document of each aws_s3_bucket_policy in the synth output (never the test copy), its
 * references (bucket and distribution ARNs) resolved from the applied state.
 */
import * as fs from 'fs';
import { GetBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Json } from '../terraform';
import type { AppliedState } from './deploy';

export interface CanonicalStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal: '*' | Record<string, string[]>;
  readonly Action: string[];
  readonly Resource: string[];
  readonly Condition: Record<string, Record<string, string[]>>;
}

export interface BucketPolicy {
  /** The aws_s3_bucket_policy's address, e.g. aws_s3_bucket_policy.Truststore_Bucket_Policy_3A97E359. */
  readonly address: string;
  readonly bucket: string;
  readonly applied: CanonicalStatement[];
  readonly synthesised: CanonicalStatement[];
}

type Block = Record<string, any>;

const sorted = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String).sort();

/** One statement of a policy as S3 returns it (IAM JSON). */
function fromIamJson(statement: Block): CanonicalStatement {
  const principal = statement.Principal as '*' | Record<string, unknown>;
  return {
    ...(statement.Sid ? { Sid: statement.Sid as string } : {}),
    Effect: statement.Effect as string,
    Principal: principal === '*' ? '*' : Object.fromEntries(Object.entries(principal).map(([type, ids]) => [type, sorted(ids)])),
    Action: sorted(statement.Action),
    Resource: sorted(statement.Resource),
    Condition: Object.fromEntries(
      Object.entries((statement.Condition ?? {}) as Record<string, Block>).map(([test, keys]) => [
        test,
        Object.fromEntries(Object.entries(keys).map(([key, values]) => [key, sorted(values)])),
      ]),
    ),
  };
}

/** One statement of an aws_iam_policy_document as synthesised (principal "*" of type "*" is written "*", as AWS does). */
function fromDocument(statement: Block): CanonicalStatement {
  const unsupported = ['not_actions', 'not_resources', 'not_principals'].filter((key) => key in statement);
  if (unsupported.length > 0) throw new Error(`bucket policy statement uses ${unsupported.join(', ')}: not compared here`);
  const principals = (statement.principals ?? []) as { type: string; identifiers: string[] }[];
  const everyone = principals.length === 1 && principals[0].type === '*' && sorted(principals[0].identifiers).join() === '*';
  return {
    ...(statement.sid ? { Sid: statement.sid as string } : {}),
    Effect: (statement.effect as string | undefined) ?? 'Allow',
    Principal: everyone ? '*' : Object.fromEntries(principals.map((p) => [p.type, sorted(p.identifiers)])),
    Action: sorted(statement.actions),
    Resource: sorted(statement.resources),
    Condition: ((statement.condition ?? []) as { test: string; variable: string; values: string[] }[]).reduce<
      Record<string, Record<string, string[]>>
    >((all, c) => ({ ...all, [c.test]: { ...all[c.test], [c.variable]: sorted(c.values) } }), {}),
  };
}

/** Replaces each `${<type>.<name>.<attribute>}` by that attribute of the resource in the applied state. */
function resolve(value: Json, state: AppliedState): Json {
  const text = JSON.stringify(value).replace(
    /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}/g,
    (reference, address: string, attribute: string) => {
      const found = state.values.root_module.resources.find((r) => r.address === address)?.values[attribute];
      if (typeof found !== 'string') throw new Error(`cannot resolve ${reference} from the applied state`);
      return found;
    },
  );
  return JSON.parse(text) as Json;
}

/** Every bucket policy of the synthesised stack (`stackFile`, cdk.tf.json), as applied and as synthesised. */
export async function bucketPolicies(stackFile: string, state: AppliedState, s3: S3Client): Promise<BucketPolicy[]> {
  const config = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { resource?: Block; data?: Block };
  const documents = (config.data?.aws_iam_policy_document ?? {}) as Record<string, Block>;
  return Promise.all(
    Object.entries((config.resource?.aws_s3_bucket_policy ?? {}) as Record<string, Block>).map(async ([name, policy]) => {
      const address = `aws_s3_bucket_policy.${name}`;
      const documentName = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(policy.policy))?.[1];
      if (!documentName) throw new Error(`${address}: its policy is not an aws_iam_policy_document`);
      const bucket = state.values.root_module.resources.find((r) => r.address === address)?.values.bucket as string | undefined;
      if (!bucket) throw new Error(`${address} is not in the applied state`);
      const applied = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy ?? '{}') as Block;
      const statements = (resolve(documents[documentName].statement as Json, state) ?? []) as Block[];
      return {
        address,
        bucket,
        applied: (Array.isArray(applied.Statement) ? applied.Statement : [applied.Statement]).map(fromIamJson),
        synthesised: statements.map(fromDocument),
      };
    }),
  );
}
