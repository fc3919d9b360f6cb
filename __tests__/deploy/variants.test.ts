/**
 * GIVEN the shipped dev config (no domain, every optional feature off), and a variant that switches on
 *       what dev leaves off except the domain (scheduled draw with its dead-letter queue, notifications, an
 *       ops alarm topic)
 * WHEN dev is applied on the emulator, and the variant is planned offline
 * THEN dev applies, plans no change after, and refuses destroy; the variant plans exactly what dev lacks.
 *      With bootstrap-and-prod.test.ts (prod: the domain and every optional feature on, S3 state) every
 *      shipped stack is applied, and every optional feature is applied both on and off. The variant adds
 *      nothing at apply time that prod does not apply (the same resources, without the domain's), so an
 *      offline plan covers it: Terraform accepts that combination and plans its resources.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig } from '../../config/schema';
import { devWith, OPTIONAL_FEATURES } from '../../testkit/config-variants';
import { shippedConfig } from '../support/synth';
import { deployCheck, synthesizeStack, useEmulator, type DeployCheck } from '../../testkit/emulator/deploy';
import { allSettledThen } from '../../testkit/concurrency';
import { prepareEmulatorCopy } from '../../testkit/emulator/moto';
import { countByType, init, plan, prepareWorkingCopy, resourcesOfType, type PlanJson } from '../../testkit/terraform';

const emulator = useEmulator();
const PEM = fs.readFileSync(path.join(__dirname, '..', '..', 'certs', 'RootCA.pem'), 'utf8');
let dev: DeployCheck;
let scheduled: PlanJson;

beforeAll(async () => {
  const { tmp, moto, trap } = emulator();
  const planScheduled = async (): Promise<PlanJson> => {
    const raw = { ...devWith(['drawSchedule', 'notificationEmail', 'alarmTopicArn']), namePrefix: 'dev-scheduled' };
    const config = validateConfig(raw, { source: 'dev-scheduled', environment: 'dev', readTruststore: () => ({ pem: PEM }) });
    const copy = prepareWorkingCopy(synthesizeStack(config, path.join(tmp, 'dev-scheduled.out')), {
      tmpRoot: fs.mkdtempSync(path.join(tmp, 'dev-scheduled-')),
    });
    await init(copy, trap);
    return plan(copy, trap);
  };
  const applyDev = async (): Promise<DeployCheck> => {
    const stack = synthesizeStack(shippedConfig('dev', PEM), path.join(tmp, 'dev.out'));
    const { copy } = prepareEmulatorCopy(stack, moto, { tmpRoot: fs.mkdtempSync(path.join(tmp, 'dev-')) });
    return deployCheck(copy, trap);
  };
  [dev, scheduled] = await allSettledThen([applyDev(), planScheduled()]);
});

describe('shipped dev on the emulator', () => {
  it('applies', () => {
    expect(dev.resources).toBeGreaterThan(40);
  });

  it('plans no change right after the apply, but the known emulator artefacts', () => {
    expect(dev.unexpected).toEqual([]);
  });

  it('refuses terraform destroy (prevent_destroy) and keeps every resource', () => {
    expect(dev.destroy.code).not.toBe(0);
    expect(dev.destroy.output).toMatch(/Instance cannot be destroyed[\s\S]*aws_dynamodb_table/);
    expect(dev.resourcesAfterDestroy).toBe(dev.resources);
  });
});

describe('the scheduled variant, planned offline', () => {
  it('plans only creations: what dev has, and the schedule, its dead-letter queue, the topic and their alarms', () => {
    const managed = (scheduled.resource_changes ?? []).filter((c) => c.mode === 'managed');
    expect(managed.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)).toEqual([]);
    expect(managed.length - dev.resources).toBeGreaterThanOrEqual(8);
    expect(countByType(scheduled)).toMatchObject({ aws_scheduler_schedule: 1, aws_sns_topic: 1, aws_sns_topic_subscription: 1 });
    expect(resourcesOfType(scheduled, 'aws_sqs_queue').map((q) => q.change.after?.name)).toContain('dev-scheduled-draw-dlq');
  });

  it('sends every alarm to the ops topic named in config', () => {
    const alarms = resourcesOfType(scheduled, 'aws_cloudwatch_metric_alarm').map((a) => a.change.after?.alarm_actions);
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    expect(new Set(alarms.map((actions) => JSON.stringify(actions)))).toEqual(
      new Set([JSON.stringify([OPTIONAL_FEATURES.alarmTopicArn.alarmTopicArn])]),
    );
  });
});

test('made no call to real AWS', () => {
  expect(emulator().trap.attempts).toEqual([]);
});

afterAll(() => console.log(`apply on moto: dev ${dev.resources} resources in ${dev.applyMs} ms`));
