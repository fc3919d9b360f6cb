/**
 * GIVEN the shipped dev config (no domain, nothing optional) and a variant that switches on what dev
 *       leaves off except the domain (scheduled draw with its dead-letter queue, notifications, an ops
 *       alarm topic)
 * WHEN each is applied on the emulator
 * THEN it applies, plans no change after, and refuses destroy. With bootstrap-and-prod.test.ts (domain,
 *      everything on, S3 state) and plan-review.test.ts (domain only), every optional feature is applied
 *      both on and off.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig } from '../../config/schema';
import { devWith, type OptionalFeature } from '../../testkit/config-variants';
import { deployCheck, synthesizeStack, useEmulator, type DeployCheck } from '../../testkit/emulator/deploy';
import { prepareEmulatorCopy } from '../../testkit/emulator/moto';

jest.setTimeout(600_000);

const emulator = useEmulator();
const PEM = fs.readFileSync(path.join(__dirname, '..', '..', 'certs', 'RootCA.pem'), 'utf8');
const VARIANTS: Record<string, readonly OptionalFeature[]> = {
  dev: [],
  'dev-scheduled': ['drawSchedule', 'notificationEmail', 'alarmTopicArn'],
};
const checks: Record<string, DeployCheck> = {};

beforeAll(async () => {
  const { tmp, moto, trap } = emulator();
  const opsTopic = await moto.createTopic('ops-alerts');
  // Side by side (their prefixes differ): an apply is mostly Terraform waiting on the emulator.
  await Promise.all(
    Object.entries(VARIANTS).map(async ([name, features]) => {
      const raw = { ...devWith(features), namePrefix: name, ...(features.includes('alarmTopicArn') ? { alarmTopicArn: opsTopic } : {}) };
      const config = validateConfig(raw, { source: name, environment: 'dev', readTruststore: () => ({ pem: PEM }) });
      const stack = synthesizeStack(config, path.join(tmp, `${name}.out`));
      const { copy } = prepareEmulatorCopy(stack, moto, { tmpRoot: fs.mkdtempSync(path.join(tmp, `${name}-`)) });
      checks[name] = await deployCheck(copy, trap);
    }),
  );
});

describe.each(Object.keys(VARIANTS))('%s on the emulator', (name) => {
  it('applies', () => {
    expect(checks[name].resources).toBeGreaterThan(40);
  });

  it('plans no change right after the apply, but the known emulator artefacts', () => {
    expect(checks[name].unexpected).toEqual([]);
  });

  it('refuses terraform destroy (prevent_destroy) and keeps every resource', () => {
    expect(checks[name].destroy.code).not.toBe(0);
    expect(checks[name].destroy.output).toMatch(/Instance cannot be destroyed[\s\S]*aws_dynamodb_table/);
    expect(checks[name].resourcesAfterDestroy).toBe(checks[name].resources);
  });
});

test('the scheduled variant has what dev lacks: the schedule, its dead-letter queue and its alarm', () => {
  expect(checks['dev-scheduled'].resources - checks.dev.resources).toBeGreaterThanOrEqual(8);
});

test('made no call to real AWS', () => {
  expect(emulator().trap.attempts).toEqual([]);
});

afterAll(() => {
  for (const [name, check] of Object.entries(checks))
    console.log(`apply on moto: ${name} ${check.resources} resources in ${check.applyMs} ms`);
});
