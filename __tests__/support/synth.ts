/**
 * The one assertion helper for stack tests: synthesise a RaffleStack from a config object, read the JSON
 * (snake_case keys, as the cdktf matchers want), list resources by type, parse IAM policy documents, and
 * render a machine-independent HCL snapshot.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing, TerraformDataSource, TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { format } from '@cdktf/hcl-tools';
// Types of the cdktf jest matchers that testkit/jest/setup.ts registers (type-only: no runtime import).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { validateConfig, type RaffleConfig } from '../../config/schema';
import { RaffleStack } from '../../constructs/raffle-stack';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Validates a shipped config file (config/<env>.json) against the given truststore PEM. */
export function shippedConfig(env: 'dev' | 'prod', truststorePem: string, overrides: Record<string, unknown> = {}): RaffleConfig {
  const raw = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config', `${env}.json`), 'utf8'));
  return validateConfig(
    { ...raw, ...overrides },
    { source: `config/${env}.json`, environment: env, readTruststore: () => ({ pem: truststorePem }) },
  );
}

export interface Synthesised {
  readonly stack: RaffleStack;
  /** Testing.synth output: what the cdktf matchers take. */
  readonly json: string;
  /** The same, parsed. */
  readonly tf: {
    resource: Record<string, Record<string, any>>;
    data: Record<string, Record<string, any>>;
    output: Record<string, any>;
    provider: Record<string, any[]>;
    terraform: any;
  };
}

export function synthStack(config: RaffleConfig): Synthesised {
  const app = Testing.app();
  const stack = new RaffleStack(app, `raffle-${config.environment}`, { config });
  const json = Testing.synth(stack);
  return { stack, json, tf: JSON.parse(json) };
}

/** Resources of one type, by Terraform name. */
export function resources(s: Synthesised, type: string): Record<string, any> {
  return s.tf.resource[type] ?? {};
}

export function dataSources(s: Synthesised, type: string): Record<string, any> {
  return s.tf.data[type] ?? {};
}

/** A Terraform element (resource or data source) as synthesised, e.g. attrs(s, stack.table.table). */
export function attrs(s: Synthesised, element: TerraformResource | TerraformDataSource): any {
  const group = element instanceof TerraformDataSource ? s.tf.data : s.tf.resource;
  const found = group[element.terraformResourceType]?.[element.friendlyUniqueId];
  if (!found) throw new Error(`${element.terraformResourceType}.${element.friendlyUniqueId} is not in the synthesised stack`);
  return found;
}

/** The Terraform reference to an attribute, as it appears in the JSON: "${aws_x.Name.arn}". */
export function ref(element: TerraformResource | TerraformDataSource, attribute: string): string {
  const data = element instanceof TerraformDataSource ? 'data.' : '';
  return `\${${data}${element.terraformResourceType}.${element.friendlyUniqueId}.${attribute}}`;
}

/** A named child construct, e.g. child(stack.functions.apply, 'Policy'). */
export function child<T>(scope: Construct, id: string): T {
  return scope.node.findChild(id) as unknown as T;
}

/**
 * HCL as `cdktf synth --hcl` writes it, made machine- and content-independent: MD5 etags of site files
 * (they change with every page edit) and the truststore PEM (tests generate their own CA) are replaced
 * by placeholders. Everything else is kept byte for byte.
 */
export async function hclSnapshot(stack: RaffleStack): Promise<string> {
  const hcl = await format(Testing.synthHcl(stack));
  return normaliseHcl(hcl);
}

export function normaliseHcl(hcl: string): string {
  return hcl
    .replace(/(etag\s*=\s*)"[0-9a-f]{32}"/g, '$1"<md5>"')
    .replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----(\\n)?/g, '<truststore PEM>');
}
