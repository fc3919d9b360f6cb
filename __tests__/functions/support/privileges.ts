/**
 * Least privilege, proved from behaviour: every AWS command a handler really sends is mapped to the IAM
 * action and resource it needs, and checked against what that function's role is given (the catalogue,
 * model/functions.ts, from which the stack writes the role). A handler that starts sending something its
 * role would not allow fails its own test at once; least-privilege.test.ts also checks the other way,
 * that every allowed action is used.
 */
import { AsyncLocalStorage } from 'async_hooks';
import type { MiddlewareStack } from '@smithy/types';
import { FUNCTIONS, REACH_ACTIONS, type FunctionName, type Reach } from '../../../model/functions';

/** An action on a resource: the table, one of its indexes ("index/<name>"), or a reached resource. */
export interface Use {
  readonly action: string;
  readonly resource: string;
}

const key = (u: Use): string => `${u.action} on ${u.resource}`;

/** Reaches that name the one SES identity (what SES is sent to, whichever mail it is). */
const MAIL_REACHES: readonly Reach[] = ['confirmationMail', 'winnerMail'];
/** Reaches that name the one schedule group (the schedules in it, and the role they carry). */
const SCHEDULE_REACHES: readonly Reach[] = ['drawSchedules', 'drawScheduleCleanup'];

function resourceOf(reach: Reach): string {
  if (MAIL_REACHES.includes(reach)) return 'mail';
  if (SCHEDULE_REACHES.includes(reach)) return 'schedules';
  return reach;
}

/** What one function's role allows, as uses. Reaches that Lambda itself exercises are marked. */
export function allowedUses(name: FunctionName): { readonly byHandler: Use[]; readonly byLambda: Use[] } {
  const def = FUNCTIONS[name];
  const byHandler: Use[] = [
    ...def.tableActions.map((action) => ({ action, resource: 'table' })),
    ...Object.entries(def.indexActions).flatMap(([index, actions]) => actions.map((action) => ({ action, resource: `index/${index}` }))),
  ];
  const byLambda: Use[] = [];
  for (const reach of def.reaches) {
    const uses = REACH_ACTIONS[reach].actions.map((action) => ({ action, resource: resourceOf(reach) }));
    (REACH_ACTIONS[reach].sentBy === 'handler' ? byHandler : byLambda).push(...uses);
  }
  return { byHandler, byLambda };
}

type Input = Record<string, any>;

export type Service = 'dynamodb' | 'sns' | 'ses' | 's3' | 'lambda' | 'scheduler';

/** The IAM uses one command needs. A transaction is authorised by the actions inside it. */
export function usesOf(service: Service, commandName: string, input: Input): Use[] {
  const action = `${service}:${commandName.replace(/Command$/, '')}`;
  // Lambda's Invoke API is authorised as InvokeFunction; the draw only ever invokes itself.
  if (service === 'lambda') return [{ action: 'lambda:InvokeFunction', resource: 'itself' }];
  if (service === 'sns') return [{ action, resource: 'notifications' }];
  if (service === 'ses') return [{ action, resource: 'mail' }];
  if (service === 's3') return [{ action, resource: 'publishedDraws' }];
  // A schedule that names a role passes it to Scheduler: iam:PassRole on that role.
  if (service === 'scheduler') {
    const passes = input.Target?.RoleArn ? [{ action: 'iam:PassRole', resource: 'schedules' }] : [];
    return [{ action, resource: 'schedules' }, ...passes];
  }
  if (commandName === 'TransactWriteItemsCommand') {
    const inner: Record<string, string> = {
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    };
    return (input.TransactItems as Input[]).flatMap((item) =>
      Object.keys(item).map((op) => ({ action: `dynamodb:${inner[op]}`, resource: 'table' })),
    );
  }
  return [{ action, resource: input.IndexName ? `index/${input.IndexName}` : 'table' }];
}

const current = new AsyncLocalStorage<FunctionName>();
/** Every use seen, by function. */
export const observed = new Map<FunctionName, Map<string, Use>>();
const violations: string[] = [];

/** Records (and checks) every command the client sends, attributing it to the handler that runs. */
export function watchClient(client: { readonly middlewareStack: MiddlewareStack<any, any> }, service: Service): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const fn = current.getStore();
      if (fn) {
        const allowed = new Set(allowedUses(fn).byHandler.map(key));
        for (const use of usesOf(service, String(context.commandName), args.input as Input)) {
          const uses = observed.get(fn) ?? new Map<string, Use>();
          uses.set(key(use), use);
          observed.set(fn, uses);
          if (!allowed.has(key(use)))
            violations.push(`the ${fn} function sent ${key(use)}, which its role does not allow (model/functions.ts)`);
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'leastPrivilegeRecorder' },
  );
}

/** Runs `handler` as function `name`, and fails if it sent anything its role does not allow. */
export function asFunction<A extends unknown[], R>(name: FunctionName, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const result = await current.run(name, () => handler(...args));
    const found = violations.splice(0);
    if (found.length > 0) throw new Error(found.join('\n'));
    return result;
  };
}
