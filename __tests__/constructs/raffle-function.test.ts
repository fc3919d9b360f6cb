import * as fs from 'fs';
import * as path from 'path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import type { DataArchiveFile } from '@cdktf/provider-archive/lib/data-archive-file';
import type { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { FUNCTIONS, FUNCTION_NAMES } from '../../model/functions';
import { SETTINGS_ENV } from '../../model/settings';
import { PROJECT_ROOT } from '../../model/project';
import { ROUTE_NAMES, ROUTES } from '../../model/routes';
import { attrs, child, ref, resources, type Synthesised } from '../support/synth';
import { synthShipped } from './fixtures';

describe.each(['dev', 'prod'] as const)('RaffleFunction (%s)', (env) => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped()[env];
  });

  test('one Lambda per catalogue entry, nodejs22.x, zipped by archive_file (relative paths) with source_code_hash', () => {
    expect(Object.keys(resources(s, 'aws_lambda_function'))).toHaveLength(FUNCTION_NAMES.length);
    for (const name of FUNCTION_NAMES) {
      const construct = s.stack.functions[name];
      const archive = child<DataArchiveFile>(construct, 'Archive');
      expect(attrs(s, archive)).toMatchObject({
        type: 'zip',
        source_dir: `../../../dist/functions/${name}`,
        output_path: `../../../dist/zip/raffle-${env}/${name}.zip`,
      });
      const fn = attrs(s, construct.fn);
      expect(fn).toMatchObject({
        function_name: `raffle-${env}-${name}`,
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        architectures: ['arm64'],
        filename: ref(archive, 'output_path'),
        source_code_hash: ref(archive, 'output_base64sha256'),
        role: ref(construct.role, 'arn'),
      });
      expect(fn.reserved_concurrent_executions).toBeGreaterThan(0);
      expect(fn.memory_size).toBeGreaterThanOrEqual(128);
      // API Gateway waits 29 s at most for a function behind a route; the stream's notify may take longer, and
      // so may the draw, which also runs off the request path (the scheduled draw, a large pool's freeze).
      const onlyBehindRoutes = ROUTE_NAMES.some((route) => ROUTES[route].functionName === name) && name !== 'draw';
      expect(fn.timeout).toBeLessThanOrEqual(onlyBehindRoutes ? 29 : 900);
      expect(fn.environment.variables[SETTINGS_ENV.tableName]).toBe(ref(s.stack.table.table, 'name'));
    }
    expect(s.json).toHaveResourceWithProperties(LambdaFunction, { runtime: 'nodejs22.x' });
  });

  test('each function has its own log group, /aws/lambda/<name>, with a retention, created first', () => {
    for (const name of FUNCTION_NAMES) {
      const construct = s.stack.functions[name];
      const group = attrs(s, construct.logGroup);
      expect(group.name).toBe(`/aws/lambda/raffle-${env}-${name}`);
      expect(group.retention_in_days).toBeGreaterThan(0);
      expect(attrs(s, construct.fn).logging_config).toEqual({ log_format: 'Text', log_group: ref(construct.logGroup, 'name') });
      expect(attrs(s, construct.fn).depends_on).toEqual([
        `aws_iam_role_policy.${child<IamRolePolicy>(construct, 'RolePolicy').friendlyUniqueId}`,
      ]);
    }
  });

  test('no managed policies and no attachments anywhere', () => {
    for (const role of Object.values(resources(s, 'aws_iam_role')) as any[]) expect(role.managed_policy_arns).toBeUndefined();
    expect(resources(s, 'aws_iam_role_policy_attachment')).toEqual({});
    expect(resources(s, 'aws_iam_policy')).toEqual({});
  });

  test.each(FUNCTION_NAMES)('%s: role trusted by Lambda only; exactly its catalogue actions on table, index and own log group', (name) => {
    const def = FUNCTIONS[name];
    const construct = s.stack.functions[name];
    const tableArn = ref(s.stack.table.table, 'arn');

    const trust = child<DataAwsIamPolicyDocument>(construct, 'TrustPolicy');
    expect(attrs(s, construct.role).assume_role_policy).toBe(ref(trust, 'json'));
    expect(attrs(s, trust).statement).toEqual([
      { effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] },
    ]);

    const doc = child<DataAwsIamPolicyDocument>(construct, 'Policy');
    const rolePolicy = attrs(s, child<IamRolePolicy>(construct, 'RolePolicy'));
    expect(rolePolicy.policy).toBe(ref(doc, 'json'));
    expect(rolePolicy.role).toBe(ref(construct.role, 'id'));

    const statements: any[] = attrs(s, doc).statement;
    for (const st of statements) {
      expect(st.effect).toBe('Allow');
      for (const a of st.actions) expect(a).not.toContain('*');
      for (const r of st.resources) expect(r).not.toBe('*');
    }

    const table = statements.filter((st) => st.resources.includes(tableArn));
    if (def.tableActions.length === 0) expect(table).toEqual([]);
    else expect(table).toEqual([{ sid: 'Table', effect: 'Allow', actions: [...def.tableActions], resources: [tableArn] }]);

    const indexStatements = statements.filter((st) => st.resources.some((r: string) => r.startsWith(`${tableArn}/index/`)));
    expect(indexStatements.map((st) => ({ resources: st.resources, actions: [...st.actions].sort() }))).toEqual(
      Object.entries(def.indexActions).map(([index, actions]) => ({
        resources: [`${tableArn}/index/${index}`],
        actions: [...actions].sort(),
      })),
    );

    const groupArn = ref(construct.logGroup, 'arn');
    const logs = statements.filter((st) => st.actions.some((a: string) => a.startsWith('logs:')));
    expect(logs).toEqual([
      { sid: 'OwnLogs', effect: 'Allow', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [groupArn, `${groupArn}:*`] },
    ]);

    // Only notify tells the organiser (the draw publishes nothing itself), only with a notificationEmail (prod).
    const sns = statements.filter((st) => st.actions.some((a: string) => a.startsWith('sns:')));
    if (name === 'notify' && env === 'prod') {
      const topic = s.stack.node.findChild('Notifications').node.findChild('Resource') as any;
      expect(sns).toEqual([{ sid: 'PublishNotifications', effect: 'Allow', actions: ['sns:Publish'], resources: [ref(topic, 'arn')] }]);
      expect(attrs(s, construct.fn).environment.variables[SETTINGS_ENV.notificationTopicArn]).toBe(ref(topic, 'arn'));
    } else {
      expect(sns).toEqual([]);
    }
    // On-failure destinations: the scheduled draws' and the stream's, each only its own queue.
    const sqs = statements.filter((st) => st.actions.some((a: string) => a.startsWith('sqs:')));
    const queueOf: Partial<Record<string, string>> = { notify: 'NotifyFailureQueue', draw: 'DrawDeadLetterQueue' };
    if (queueOf[name]) {
      const queue = s.stack.node.findChild(queueOf[name] as string).node.findChild('Resource') as any;
      expect(sqs).toEqual([{ sid: 'DeadLetter', effect: 'Allow', actions: ['sqs:SendMessage'], resources: [ref(queue, 'arn')] }]);
    } else {
      expect(sqs).toEqual([]);
    }
    // The table's stream: only notify, read by its event-source mapping.
    const stream = statements.filter((st) => st.sid === 'ReadTableStream');
    if (name === 'notify') {
      expect(stream).toEqual([
        {
          sid: 'ReadTableStream',
          effect: 'Allow',
          actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
          resources: [ref(s.stack.table.table, 'stream_arn')],
        },
      ]);
    } else {
      expect(stream).toEqual([]);
    }
    // Mail: apply (confirmation emails, confirmEntries) and notify (winners' emails, notifyWinners), both on in prod; from the raffle's identity only.
    const ses = statements.filter((st) => st.actions.some((a: string) => a.startsWith('ses:')));
    if ((name === 'apply' || name === 'notify') && env === 'prod') {
      const identity = s.stack.node.findChild('MailIdentity').node.findChild('Resource') as any;
      expect(ses).toEqual([{ sid: 'SendMail', effect: 'Allow', actions: ['ses:SendEmail'], resources: [ref(identity, 'arn')] }]);
      expect(attrs(s, construct.fn).environment.variables[SETTINGS_ENV.mailFrom]).toBe('raffle@example.com');
    } else {
      expect(ses).toEqual([]);
    }
    // Publishing verifiable draws: only the draw, only with verifiableDraws (prod), only the site bucket's draws/ folder.
    const s3 = statements.filter((st) => st.actions.some((a: string) => a.startsWith('s3:')));
    if (name === 'draw' && env === 'prod') {
      const bucket = s.stack.site.bucket.bucket;
      expect(s3).toEqual([
        { sid: 'PublishDraws', effect: 'Allow', actions: ['s3:PutObject', 's3:GetObject'], resources: [`${ref(bucket, 'arn')}/draws/*`] },
      ]);
      expect(attrs(s, construct.fn).environment.variables).toMatchObject({
        [SETTINGS_ENV.siteBucket]: ref(bucket, 'bucket'),
        [SETTINGS_ENV.verifiableDraws]: 'true',
        [SETTINGS_ENV.beaconMarginSeconds]: '30',
      });
    } else {
      expect(s3).toEqual([]);
      expect(attrs(s, construct.fn).environment.variables[SETTINGS_ENV.siteBucket]).toBeUndefined();
    }
    // Invoking a function: only the draw, only itself (a large pool's freeze), only with verifiableDraws (prod).
    const lambda = statements.filter((st) => st.actions.some((a: string) => a.startsWith('lambda:')));
    if (name === 'draw' && env === 'prod') {
      const account = `\${element(split(":", ${ref(s.stack.table.table, 'arn').slice(2, -1)}), 4)}`;
      expect(lambda).toEqual([
        {
          sid: 'InvokeItself',
          effect: 'Allow',
          actions: ['lambda:InvokeFunction'],
          resources: [`arn:aws:lambda:eu-west-1:${account}:function:raffle-prod-draw`],
        },
      ]);
    } else {
      expect(lambda).toEqual([]);
    }
    // Schedules: organise makes them (and hands Scheduler their role), the draw only deletes them; in the
    // stack's group only (raffle-stack.test.ts checks each statement).
    const scheduling = statements.filter((st) => st.actions.some((a: string) => a.startsWith('scheduler:') || a.startsWith('iam:')));
    const group = `schedule/raffle-${env}-draws/*`;
    if (name === 'organise') {
      expect(scheduling.map((st) => st.sid)).toEqual(['DrawSchedules', 'PassSchedulerRole']);
      expect(scheduling[0].resources).toEqual([
        expect.stringMatching(new RegExp(`^arn:aws:scheduler:eu-west-1:.*:${group.replace(/[*/]/g, '\\$&')}$`)),
      ]);
      expect(scheduling[1].resources).toEqual([ref((s.stack.node.findChild('DrawSchedule') as any).role, 'arn')]);
    } else if (name === 'draw') {
      expect(scheduling.map((st) => [st.sid, st.actions])).toEqual([['DeleteDrawSchedules', ['scheduler:DeleteSchedule']]]);
    } else {
      expect(scheduling).toEqual([]);
    }
    // Nothing beyond the statements checked above.
    expect(statements).toHaveLength(
      table.length +
        indexStatements.length +
        logs.length +
        sns.length +
        sqs.length +
        stream.length +
        ses.length +
        s3.length +
        lambda.length +
        scheduling.length,
    );
  });
});

test("README's account quota adds up what the catalogue reserves", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const reserved = FUNCTION_NAMES.reduce((sum, name) => sum + FUNCTIONS[name].sizing.reservedConcurrency, 0);
  const each = [...FUNCTION_NAMES]
    .sort((a, b) => FUNCTIONS[b].sizing.reservedConcurrency - FUNCTIONS[a].sizing.reservedConcurrency)
    .map((name) => `${name} ${FUNCTIONS[name].sizing.reservedConcurrency}`);
  // AWS keeps 100 unreserved in every account.
  expect(readme).toContain(
    `reserve ${reserved} concurrent executions per stack (${each.join(', ')}, as a cost guard) and AWS keeps 100 unreserved, so an account needs a Lambda concurrency quota of at least ${reserved + 100} for one stack and ${2 * reserved + 100} for both.`,
  );
});
