/**
 * The Scheduler adapter (functions/runtime/aws/draw-scheduler.ts) against the emulator's EventBridge Scheduler.
 * GIVEN a schedule group like the stack's, and the adapter told it and what a schedule carries
 * WHEN raffles' draws are scheduled, moved and cancelled through it
 * THEN each raffle has one one-time schedule in that group, named after it, at its time in UTC, carrying
 *      the draw's event, the role, the retries and the dead-letter queue, deleted by Scheduler once run;
 *      moving it updates it, cancelling deletes it (twice is fine), and nothing outside the group is touched.
 */
import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import {
  schedulerDrawScheduler,
  SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS,
  SCHEDULE_RETRY_ATTEMPTS,
} from '../../functions/runtime/aws/draw-scheduler';
import { scheduledDrawEvent } from '../../model/scheduled-draw';
import type { DrawTarget } from '../../model/settings';
import { EMULATOR_ACCOUNT, EMULATOR_REGION } from '../../testkit/emulator/moto';
import { useEmulator } from '../../testkit/emulator/deploy';

const emulator = useEmulator();
// Names of this file's own: the run's other stacks share the emulator.
const GROUP = 'adapter-test-draws';
const OTHER_GROUP = 'adapter-test-other';
const arn = (service: string, resource: string) => `arn:aws:${service}:${EMULATOR_REGION}:${EMULATOR_ACCOUNT}:${resource}`;
const TARGET: DrawTarget = {
  functionArn: arn('lambda', 'function:adapter-test-draw'),
  roleArn: `arn:aws:iam::${EMULATOR_ACCOUNT}:role/adapter-test-scheduled-draw-role`,
  deadLetterArn: arn('sqs', 'adapter-test-draw-dlq'),
};

let client: SchedulerClient;
beforeAll(async () => {
  client = emulator().moto.scheduler();
  await client.send(new CreateScheduleGroupCommand({ Name: GROUP }));
  await client.send(new CreateScheduleGroupCommand({ Name: OTHER_GROUP }));
});
afterAll(() => client?.destroy());

const adapter = () => schedulerDrawScheduler({ scheduleGroup: GROUP, drawTarget: TARGET }, client);
const get = (name: string, group = GROUP) => client.send(new GetScheduleCommand({ GroupName: group, Name: name }));
const names = async (group: string) =>
  ((await client.send(new ListSchedulesCommand({ GroupName: group }))).Schedules ?? []).map((s) => s.Name).sort();

test("a raffle's first schedule is made in the group, named after it, at its time in UTC, with everything a draw needs", async () => {
  await adapter().schedule('spring', '2030-12-24T18:00:00+01:00');
  const schedule = await get('spring');
  expect(schedule).toMatchObject({
    GroupName: GROUP,
    Name: 'spring',
    ScheduleExpression: 'at(2030-12-24T17:00:00)',
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Target: {
      Arn: TARGET.functionArn,
      RoleArn: TARGET.roleArn,
      RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS },
      DeadLetterConfig: { Arn: TARGET.deadLetterArn },
    },
  });
  expect(schedule.Arn).toBe(arn('scheduler', `schedule/${GROUP}/spring`));
  expect(JSON.parse(schedule.Target!.Input!)).toEqual(scheduledDrawEvent('spring', '2030-12-24T17:00:00Z'));
  expect([SCHEDULE_RETRY_ATTEMPTS, SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS]).toEqual([2, 3600]);
});

test('moving the draw updates the same schedule: its time and its event; still one per raffle', async () => {
  await adapter().schedule('spring', '2031-01-06T12:30:00Z');
  const schedule = await get('spring');
  expect(schedule.ScheduleExpression).toBe('at(2031-01-06T12:30:00)');
  expect(JSON.parse(schedule.Target!.Input!)).toEqual(scheduledDrawEvent('spring', '2031-01-06T12:30:00Z'));
  expect(await names(GROUP)).toEqual(['spring']);
});

test("another raffle's schedule is its own", async () => {
  await adapter().schedule('winter-2030', '2030-02-01T09:00:00Z');
  expect(await names(GROUP)).toEqual(['spring', 'winter-2030']);
  expect(JSON.parse((await get('winter-2030')).Target!.Input!)).toMatchObject({ raffleId: 'winter-2030' });
  expect(JSON.parse((await get('spring')).Target!.Input!)).toMatchObject({ raffleId: 'spring' });
});

test("cancelling deletes the raffle's schedule in the group only; cancelling what is gone is no error", async () => {
  // A schedule of the same name in another group is not the adapter's.
  await client.send(
    new CreateScheduleCommand({
      GroupName: OTHER_GROUP,
      Name: 'spring',
      ScheduleExpression: 'at(2030-12-24T17:00:00)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: TARGET.functionArn, RoleArn: TARGET.roleArn },
    }),
  );
  await adapter().cancel('spring');
  await expect(get('spring')).rejects.toBeInstanceOf(ResourceNotFoundException);
  await expect(adapter().cancel('spring')).resolves.toBeUndefined();
  expect(await names(GROUP)).toEqual(['winter-2030']);
  expect(await names(OTHER_GROUP)).toEqual(['spring']);
});

test('a group that does not exist is an error the caller sees: no draw is silently left unscheduled', async () => {
  const lost = schedulerDrawScheduler({ scheduleGroup: 'adapter-test-no-such-group', drawTarget: TARGET }, client);
  await expect(lost.schedule('spring', '2030-12-24T17:00:00Z')).rejects.toThrow();
});

test('settings the function was not given are named', async () => {
  await expect(schedulerDrawScheduler({ drawTarget: TARGET }, client).schedule('spring', '2030-12-24T17:00:00Z')).rejects.toThrow(
    /^SCHEDULE_GROUP is not set/,
  );
  await expect(schedulerDrawScheduler({ scheduleGroup: GROUP }, client).schedule('spring', '2030-12-24T17:00:00Z')).rejects.toThrow(
    /^DRAW_FUNCTION_ARN is not set/,
  );
  await expect(schedulerDrawScheduler({}, client).cancel('spring')).rejects.toThrow(/^SCHEDULE_GROUP is not set/);
});
