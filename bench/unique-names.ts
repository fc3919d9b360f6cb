/**
 * `npm run bench:unique-names`: the exhaustive form of __tests__/constructs/unique-names.test.ts. It
 * synthesises all 80 valid combinations of optional features (the test synthesises 18 that show every
 * setting of any three features), says whether any has two resources of one kind with one name, and checks
 * the test's premise: which features each resource's presence and name hang on, and the most that two
 * resources of one kind hang on together (at most three, or the 18 could miss a clash).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { RaffleStack } from '../constructs/raffle-stack';
import { duplicateNames, NAME_ATTRIBUTES } from '../constructs/unique-names';
import { PROJECT_ROOT } from '../model/project';
import {
  everyFeatureCombination,
  FEATURE_NAMES,
  variantConfig,
  type ConfigVariant,
  type OptionalFeature,
} from '../testkit/config-variants';

type Names = Map<string, string>;

/** Each named resource of a synthesised stack, by address, with its name. */
function namesOf(tf: { resource?: Record<string, Record<string, Record<string, unknown>>> }): Names {
  const names: Names = new Map();
  for (const [type, attributes] of Object.entries(NAME_ATTRIBUTES)) {
    for (const [id, resource] of Object.entries(tf.resource?.[type] ?? {})) {
      names.set(`${type}.${id}`, attributes.map((a) => JSON.stringify(resource[a] ?? '')).join('/'));
    }
  }
  return names;
}

function main(): void {
  const pem = fs.readFileSync(path.join(PROJECT_ROOT, 'certs', 'RootCA.pem'), 'utf8');
  const variants = everyFeatureCombination();
  const started = Date.now();
  const clashes: string[] = [];
  const synthesised = new Map<string, Names>();
  for (const variant of variants) {
    const stack = new RaffleStack(Testing.app(), 'raffle-dev', { config: variantConfig(variant, pem) });
    clashes.push(...duplicateNames([stack]).map((c) => `${variant.name}: ${c}`));
    synthesised.set(variant.name, namesOf(JSON.parse(Testing.synth(stack, true)) as Parameters<typeof namesOf>[0]));
  }
  const seconds = (Date.now() - started) / 1000;

  // A feature matters to a resource when switching it on alone (between two valid combinations) changes
  // the resource's presence or name.
  const withFeature = (v: ConfigVariant, feature: OptionalFeature) =>
    variants.find((w) => w.features.length === v.features.length + 1 && [...v.features, feature].every((f) => w.features.includes(f)));
  const resources = [...new Set([...synthesised.values()].flatMap((names) => [...names.keys()]))].sort();
  const hangsOn = new Map<string, OptionalFeature[]>();
  for (const resource of resources) {
    const nameIn = (v: ConfigVariant) => synthesised.get(v.name)!.get(resource) ?? '';
    hangsOn.set(
      resource,
      FEATURE_NAMES.filter((feature) =>
        variants.some((v) => {
          const switched = v.features.includes(feature) ? undefined : withFeature(v, feature);
          return switched !== undefined && nameIn(v) !== nameIn(switched);
        }),
      ),
    );
  }
  let widest = 0;
  for (const [a, fa] of hangsOn)
    for (const [b, fb] of hangsOn)
      if (a < b && a.split('.')[0] === b.split('.')[0]) widest = Math.max(widest, new Set([...fa, ...fb]).size);

  console.log(`${variants.length} combinations synthesised with their validations in ${seconds.toFixed(1)} s`);
  console.log(clashes.length === 0 ? 'no two resources of one kind share a name in any of them' : clashes.join('\n'));
  console.log('\nnamed resources whose presence or name hangs on features:');
  for (const [resource, features] of hangsOn) if (features.length > 0) console.log(`  ${resource}: ${features.join(', ')}`);
  console.log(`\nthe most features two resources of one kind hang on together: ${widest} (the test's 18 combinations cover 3)`);
  if (clashes.length > 0 || widest > 3) process.exit(1);
}

main();
