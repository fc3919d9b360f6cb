/**
 * `npm run bench:apply [-- --rounds 2]`: how long `terraform apply` of each stack takes on moto, the local
 * AWS emulator the apply tests use (__tests__/deploy/). Each round applies bootstrap, raffle-dev and
 * raffle-prod (local state), each on a fresh emulator, so the stacks alternate; medians per stack.
 *
 * Most of an apply is the AWS provider waiting (Lambda, Route 53 and CloudFront state polls), not CPU,
 * which is why the apply tests run their stacks side by side.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildAll } from '../build/all';
import { prepareEmulatorCopy, startMoto } from '../testkit/emulator/moto';
import { startNetworkTrap, synthesizeApp, terraform } from '../testkit/terraform';

const STACKS = ['bootstrap', 'raffle-dev', 'raffle-prod'] as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function main(): Promise<void> {
  const roundsArg = process.argv.indexOf('--rounds');
  const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 2;
  await buildAll();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-apply-'));
  const trap = await startNetworkTrap();
  const times: Record<string, number[]> = Object.fromEntries(STACKS.map((s) => [s, []]));
  const resources: Record<string, number> = {};
  try {
    const stacks = synthesizeApp(path.join(tmp, 'cdktf.out'));
    for (let round = 0; round < rounds; round++) {
      for (const name of STACKS) {
        const moto = await startMoto();
        try {
          const hostedZoneId = await moto.createHostedZone('example.com');
          const stack = stacks.find((s) => s.name === name)!;
          const { copy } = prepareEmulatorCopy(stack, moto, {
            tmpRoot: fs.mkdtempSync(path.join(tmp, `${name}-`)),
            hostedZoneId,
            configuredZoneId: 'Z0123456789EXAMPLE',
          });
          await terraform(copy, ['init', '-input=false', '-no-color'], trap);
          const started = Date.now();
          await terraform(copy, ['apply', '-auto-approve', '-input=false', '-no-color'], trap, 600_000);
          times[name].push(Date.now() - started);
          resources[name] = (await terraform(copy, ['state', 'list'], trap)).stdout
            .split('\n')
            .filter((l) => l && !l.startsWith('data.')).length;
          console.error(`round ${round + 1}: ${name} ${times[name][round]} ms`);
        } finally {
          await moto.stop();
        }
      }
    }
  } finally {
    await trap.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('| stack | managed resources | terraform apply on moto (median) | runs |');
  console.log('|---|---|---|---|');
  for (const name of STACKS) {
    console.log(
      `| ${name} | ${resources[name]} | ${(median(times[name]) / 1000).toFixed(1)} s | ${times[name].map((t) => (t / 1000).toFixed(1)).join(', ')} s |`,
    );
  }
  if (trap.attempts.length > 0) throw new Error(`terraform tried to reach the network: ${trap.attempts.join(', ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
