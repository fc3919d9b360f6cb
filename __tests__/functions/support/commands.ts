/** The names of the commands a client sends (e.g. "QueryCommand"), in order: what a handler asks of the database. */
import type { MiddlewareStack } from '@smithy/types';

export interface CommandLog {
  readonly commands: string[];
  reset(): void;
}

/** Records every command `client` sends from now on (call it once per client). */
export function recordCommands(client: { readonly middlewareStack: MiddlewareStack<any, any> }): CommandLog {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'testCommandRecorder' },
  );
  return {
    commands,
    reset: () => {
      commands.length = 0;
    },
  };
}
