/**
 * The entrants table, built from the one schema in model/schema.ts (the local runtime and the
 * tests create exactly the same keys and indexes from it).
 */
import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { REACH_ACTIONS } from '../model/functions';
import { TABLE_SCHEMA, keyAttributes } from '../model/schema';
import type { CiGrant, CiScope } from './ci-grant';
import type { ReachGrant } from './raffle-function';

export interface EntrantsTableProps {
  /** Table name. */
  readonly tableName: string;
}

export class EntrantsTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, props: EntrantsTableProps) {
    super(scope, id);
    const schema = TABLE_SCHEMA;

    this.table = new DynamodbTable(this, 'Resource', {
      name: props.tableName,
      // On-demand: a raffle is idle for weeks and spikes when it goes viral; no capacity to guess.
      billingMode: 'PAY_PER_REQUEST',
      hashKey: schema.partitionKey.name,
      attribute: keyAttributes(schema).map((a) => ({ name: a.name, type: a.type })),
      globalSecondaryIndex: schema.indexes.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey.name,
        rangeKey: index.sortKey?.name,
        projectionType: index.projection.type,
        nonKeyAttributes: index.projection.type === 'INCLUDE' ? [...index.projection.nonKeyAttributes] : undefined,
      })),
      pointInTimeRecovery: { enabled: true },
      // AWS-owned keys are always on; `enabled: true` moves to the AWS-managed KMS key, whose use shows in CloudTrail.
      serverSideEncryption: { enabled: true },
      // Entrants are the one thing that cannot be rebuilt: refuse API deletes and `terraform destroy`
      // (docs/runbook.md says how to remove an environment on purpose).
      deletionProtectionEnabled: true,
      // The notify function reads it (constructs/stream-trigger.ts): NEW_AND_OLD_IMAGES lets its filter
      // see a draw turn from pending to complete, and gives it the record without another read.
      streamEnabled: true,
      streamViewType: schema.streamViewType,
      // Pending entries and their tokens expire by themselves when nobody confirms them.
      ttl: { attributeName: schema.ttlAttribute, enabled: true },
      lifecycle: { preventDestroy: true },
    });
  }

  /** What Lambda needs to read the stream for a function (its event-source mapping uses the function's role). */
  streamReadGrant(): ReachGrant {
    return {
      statement: {
        sid: 'ReadTableStream',
        effect: 'Allow',
        actions: [...REACH_ACTIONS.tableStream.actions],
        resources: [this.table.streamArn],
      },
    };
  }

  /**
   * What the pipeline's roles need on the table. Never dynamodb:DeleteTable: entrants cannot be rebuilt
   * (deletion protection and prevent_destroy refuse it too).
   */
  static ciGrants(env: CiScope): CiGrant[] {
    return [
      {
        sid: 'Table',
        read: [
          'dynamodb:DescribeTable',
          'dynamodb:DescribeContinuousBackups',
          'dynamodb:DescribeTimeToLive',
          'dynamodb:ListTagsOfResource',
        ],
        write: [
          'dynamodb:CreateTable',
          'dynamodb:UpdateTable',
          'dynamodb:UpdateContinuousBackups',
          'dynamodb:UpdateTimeToLive',
          'dynamodb:TagResource',
          'dynamodb:UntagResource',
        ],
        resources: [`arn:aws:dynamodb:${env.region}:*:table/${env.namePrefix}-*`],
      },
    ];
  }
}
