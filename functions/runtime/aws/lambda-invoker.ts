/**
 * The function invoking itself asynchronously (Lambda's "Event" type): Lambda queues the event and
 * answers 202 at once, then runs it, retrying twice if it throws.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SelfInvoker } from '../ports';

export function lambdaSelfInvoker(functionName: string, client: LambdaClient = new LambdaClient({})): SelfInvoker {
  return {
    async invoke(event) {
      const out = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(JSON.stringify(event)),
        }),
      );
      // 202: queued. Anything else means Lambda did not take the event.
      if (out.StatusCode !== 202) throw new Error(`Lambda did not queue the event for ${functionName} (status ${out.StatusCode})`);
    },
  };
}
