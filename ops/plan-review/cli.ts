/**
 * `npm run plan:review`: reviews `terraform show -json` output for ops before (plan) or after (state) a
 * deployment and prints the Markdown review (markdown.ts). A plan with a dangerous change (data loss,
 * wider IAM, a security control switched off) exits 1 unless `--allow-dangerous` says a human accepted
 * it; a usage or input error exits 2.
 *
 *   npm run plan:review -- plan.json [--allow-dangerous]    # terraform show -json tfplan > plan.json
 *   npm run plan:review -- state.json                        # terraform show -json > state.json
 */
import * as fs from 'fs';
import { reviewPlan, reviewState } from './markdown';
import { detectKind } from './terraform-json';

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
