/**
 * Asynchronous invocation of a function (Lambda's "Event" type): Lambda queues the event and answers
 * at once, then runs it, retrying twice if it throws. Locally, LAMBDA_ENDPOINT points at the local
 * runtime's stand-in for the Invoke API (local/lambda-api.ts), which accepts any credentials.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ENV } from '../../model/functions';

let client: LambdaClient | undefined;

export function lambdaClient(): LambdaClient {
  const endpoint = process.env[ENV.lambdaEndpoint];
  client ??= endpoint
    ? new LambdaClient({
        endpoint,
        region: process.env.AWS_REGION ?? 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      })
    : new LambdaClient({});
  return client;
}

export async function invokeAsync(functionName: string, event: unknown): Promise<void> {
  const out = await lambdaClient().send(
    new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );
  // 202: queued. Anything else means Lambda did not take the event.
  if (out.StatusCode !== 202) throw new Error(`Lambda did not queue the event for ${functionName} (status ${out.StatusCode})`);
}
