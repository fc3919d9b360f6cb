/**
 * The local stand-in for Lambda's Invoke API, asynchronous invocations only (InvocationType "Event"):
 * what a function sends itself through @aws-sdk/client-lambda (functions/runtime/invoke.ts), such as a
 * large verifiable draw's freeze. As Lambda does, it answers 202 once the event is queued, then runs it
 * with Lambda's retries (./async-invocation.ts). It listens on localhost, like DynamoDB Local; stop()
 * ends the retries and waits for the invocations under way, so nothing runs on after the runtime.
 */
import * as http from 'http';
import type * as net from 'net';
import { FUNCTION_NAMES, type FunctionName } from '../model/functions';
import { runAsyncInvocation } from './async-invocation';

export interface LocalLambdaApi {
  /** The endpoint the functions' Lambda client is pointed at (LAMBDA_ENDPOINT). */
  readonly url: string;
  stop(): Promise<void>;
}

export interface LocalLambdaApiOptions {
  /** The local name of each function, as its context says (e.g. "raffle-local-draw"). */
  readonly functionName: (name: FunctionName) => string;
  readonly invoke: (name: FunctionName, event: unknown) => Promise<unknown>;
  readonly log: (line: string) => void;
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export async function startLocalLambdaApi(options: LocalLambdaApiOptions): Promise<LocalLambdaApi> {
  const byLocalName = new Map(FUNCTION_NAMES.map((name) => [options.functionName(name), name]));
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const match = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
      const name = match ? byLocalName.get(decodeURIComponent(match[1])) : undefined;
      if (req.method !== 'POST' || !name) return answer(404, { Type: 'User', message: `Function not found: ${req.url}` });
      if (req.headers['x-amz-invocation-type'] !== 'Event')
        return answer(400, { Type: 'User', message: 'Only asynchronous invocations (InvocationType Event) are run locally' });
      let event: unknown;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return answer(400, { Type: 'User', message: 'The payload is not JSON' });
      }
      const invocation = runAsyncInvocation(() => options.invoke(name, event), `asynchronous ${name}`, options.log, stopping.signal);
      running.add(invocation);
      void invocation.finally(() => running.delete(invocation));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, 'localhost', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://localhost:${port}`,
    async stop() {
      stopping.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.allSettled([...running]);
    },
  };
}
