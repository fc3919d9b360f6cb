/**
 * A raffle's scheduled draw as an EventBridge Scheduler one-time schedule, in the stack's schedule group
 * (settings.scheduleGroup), named after the raffle, sending the draw function model/scheduled-draw.ts's
 * event with the stack's role, retries and dead-letter queue, and deleted by Scheduler once it has run.
 */
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { drawScheduleName, scheduledDrawEvent } from '../../../model/scheduled-draw';
import { SettingsError, SETTINGS_ENV, type Settings } from '../../../model/settings';
import type { DrawScheduler } from '../ports';

/** Retries of Scheduler's hand-over to Lambda; the event names the draws, so retries are safe. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;
/** Give up after an hour: a draw much later than announced is better made by hand, on purpose. */
export const SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS = 3600;

/** "2026-12-24T18:00:00.000Z" -> "at(2026-12-24T18:00:00)" (Scheduler wants local time plus a zone, here UTC). */
export function atExpression(isoInstant: string): string {
  return `at(${new Date(isoInstant).toISOString().slice(0, 19)})`;
}

export function schedulerDrawScheduler(
  settings: Pick<Settings, 'scheduleGroup' | 'drawTarget'>,
  client: SchedulerClient = new SchedulerClient({}),
): DrawScheduler {
  const group = (): string => {
    if (!settings.scheduleGroup) throw new SettingsError(SETTINGS_ENV.scheduleGroup, 'is not set');
    return settings.scheduleGroup;
  };
  return {
    async schedule(raffleId, at) {
      const target = settings.drawTarget;
      if (!target) throw new SettingsError(SETTINGS_ENV.drawFunctionArn, 'is not set');
      const input: CreateScheduleCommandInput = {
        GroupName: group(),
        Name: drawScheduleName(raffleId),
        Description: `Draws raffle ${raffleId} at ${at}`,
        ScheduleExpression: atExpression(at),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: target.functionArn,
          RoleArn: target.roleArn,
          Input: JSON.stringify(scheduledDrawEvent(raffleId, at)),
          RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS, MaximumEventAgeInSeconds: SCHEDULE_MAXIMUM_EVENT_AGE_SECONDS },
          DeadLetterConfig: { Arn: target.deadLetterArn },
        },
      };
      try {
        await client.send(new UpdateScheduleCommand(input));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
        await client.send(new CreateScheduleCommand(input));
      }
    },
    async cancel(raffleId) {
      try {
        await client.send(new DeleteScheduleCommand({ GroupName: group(), Name: drawScheduleName(raffleId) }));
      } catch (err) {
        if (!(err instanceof ResourceNotFoundException)) throw err;
      }
    },
  };
}
