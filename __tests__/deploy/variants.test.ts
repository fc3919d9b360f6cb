/**
 * GIVEN the shipped dev config (no domain, every optional feature off: the scheduled draws' group, role and
 *       queue it has, as every stack does), and a variant that switches on what dev leaves off except the
 *       domain (notifications, the ops alarm topic opsEmail makes, ops' own topic)
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
import { devWith } from '../../testkit/config-variants';
import { shippedConfig } from '../support/synth';
import { deployCheck, synthesizeStack, useEmulator, type DeployCheck } from '../../testkit/emulator/deploy';
import { allSettledThen } from '../../testkit/concurrency';
import { prepareEmulatorCopy } from '../../testkit/emulator/moto';
import { countByType, init, plan, prepareWorkingCopy, referencesOf, resourcesOfType, type PlanJson } from '../../testkit/terraform';

const emulator = useEmulator();
const PEM = fs.readFileSync(path.join(__dirname, '..', '..', 'certs', 'RootCA.pem'), 'utf8');
let dev: DeployCheck;
let notifying: PlanJson;

beforeAll(async () => {
  const { tmp, moto, trap } = emulator();
  const planNotifying = async (): Promise<PlanJson> => {
    const raw = { ...devWith(['notificationEmail', 'opsEmail', 'alarmTopicArn']), namePrefix: 'dev-notifying' };
    const config = validateConfig(raw, { source: 'dev-notifying', environment: 'dev', readTruststore: () => ({ pem: PEM }) });
    const copy = prepareWorkingCopy(synthesizeStack(config, path.join(tmp, 'dev-notifying.out')), {
      tmpRoot: fs.mkdtempSync(path.join(tmp, 'dev-notifying-')),
    });
    await init(copy, trap);
    return plan(copy, trap);
  };
  const applyDev = async (): Promise<DeployCheck> => {
    const stack = synthesizeStack(shippedConfig('dev', PEM), path.join(tmp, 'dev.out'));
    const { copy } = prepareEmulatorCopy(stack, moto, { tmpRoot: fs.mkdtempSync(path.join(tmp, 'dev-')) });
    return deployCheck(copy, trap);
  };
  [dev, notifying] = await allSettledThen([applyDev(), planNotifying()]);
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

  it("applied the scheduled draws' group, role and dead-letter queue, the claim sweep its only schedule, and no alarm action", () => {
    const applied = dev.state.values.root_module.resources;
    const of = (type: string) => applied.filter((r) => r.type === type).map((r) => r.values);
    expect(of('aws_scheduler_schedule_group').map((g) => g.name)).toEqual(['raffle-dev-draws']);
    expect(of('aws_scheduler_schedule').map((s) => [s.group_name, s.name, s.schedule_expression])).toEqual([
      ['raffle-dev-draws', '_claim-sweep', 'rate(15 minutes)'],
    ]);
    expect(of('aws_iam_role').map((r) => r.name)).toContain('raffle-dev-scheduled-draw-role');
    expect(
      of('aws_sqs_queue')
        .map((q) => q.name)
        .sort(),
    ).toEqual(['raffle-dev-draw-dlq', 'raffle-dev-notify-dlq']);
    for (const alarm of of('aws_cloudwatch_metric_alarm')) expect(alarm.alarm_actions ?? []).toEqual([]);
  });
});

describe('the notifying variant, planned offline', () => {
  it("plans only creations: what dev has, and the organiser's topic, the ops topic with its key, their subscriptions and policies", () => {
    const managed = (notifying.resource_changes ?? []).filter((c) => c.mode === 'managed');
    expect(managed.filter((c) => c.change.actions.join() !== 'create').map((c) => c.address)).toEqual([]);
    const devByType: Record<string, number> = {};
    for (const r of dev.state.values.root_module.resources) devByType[r.type] = (devByType[r.type] ?? 0) + 1;
    const added = Object.fromEntries(
      Object.entries(countByType(notifying))
        .map(([type, n]) => [type, n - (devByType[type] ?? 0)] as const)
        .filter(([, n]) => n !== 0),
    );
    expect(added).toEqual({
      aws_kms_key: 1,
      aws_sns_topic: 2,
      aws_sns_topic_policy: 2,
      aws_sns_topic_subscription: 2,
      // Not the variant's: moto has no response headers policies, so the applied dev copy has none
      // (testkit/emulator/adaptations.ts), while this plan is of the stack as synthesised.
      aws_cloudfront_response_headers_policy: 1,
    });
    expect(
      resourcesOfType(notifying, 'aws_sns_topic')
        .map((t) => t.change.after?.name)
        .sort(),
    ).toEqual(['dev-notifying-notifications', 'dev-notifying-ops-alarms']);
  });

  it("sends every alarm to the ops topic the stack makes and to ops' own topic named in config", () => {
    const alarms = resourcesOfType(notifying, 'aws_cloudwatch_metric_alarm');
    const ops = resourcesOfType(notifying, 'aws_sns_topic').find((t) => t.change.after?.name === 'dev-notifying-ops-alarms')!;
    expect(alarms.length).toBeGreaterThanOrEqual(14);
    for (const alarm of alarms) {
      // A set holding the stack's topic, only known after apply (ops' own ARN beside it is in the unit tests).
      for (const actions of ['alarm_actions', 'ok_actions']) {
        expect(alarm.change.after_unknown?.[actions]).toBe(true);
        expect(referencesOf(notifying, alarm.address, actions)).toContain(ops.address);
      }
    }
  });
});

test('made no call to real AWS', () => {
  expect(emulator().trap.attempts).toEqual([]);
});

afterAll(() => console.log(`apply on moto: dev ${dev.resources} resources in ${dev.applyMs} ms`));
