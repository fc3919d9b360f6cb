/**
 * POST /raffle/draw (admin only) — draws winners: optional {"winners": k}, default DEFAULT_WINNERS.
 * 201 with the new draw; 200 when an Idempotency-Key replays (or finishes) an earlier one.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ENV } from '../shared/catalog';
import { drawView } from '../shared/draw-record';
import { handleRequest, json, parseJsonObject } from '../shared/http';
import { notifyDraw } from './notify';
import { defaultWinners, drawIdFor, drawnBy, requestedWinners } from './request';
import { runDraw } from './run-draw';

export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return handleRequest('POST /raffle/draw', event, async () => {
    const requested = requestedWinners(parseJsonObject(event, { optional: true }), defaultWinners(process.env[ENV.defaultWinners]));
    const { drawId, keyed } = drawIdFor(event);
    const { record, replayed, completedHere } = await runDraw({ drawId, keyed, requested, drawnBy: drawnBy(event), now: new Date() });
    const topicArn = process.env[ENV.notificationTopicArn];
    const notification = topicArn && completedHere ? await notifyDraw(topicArn, record) : 'none';
    return {
      result: json(replayed ? 200 : 201, drawView(record)),
      log: { drawId, replayed, winnerCount: record.winnerCount, method: record.method, attempts: record.attempts, notification },
    };
  });
}
