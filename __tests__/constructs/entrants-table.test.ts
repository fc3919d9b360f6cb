import { Testing, TerraformStack } from 'cdktf';
import { EntrantsTable } from '../../constructs/entrants-table';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { TABLE_SCHEMA, keyAttributes } from '../../model/schema';
import { attrs, type Synthesised } from '../support/synth';
import { synthShipped } from './fixtures';

describe('EntrantsTable', () => {
  let prod: Synthesised;
  let table: any;
  beforeAll(() => {
    ({ prod } = synthShipped());
    table = attrs(prod, prod.stack.table.table);
  });

  test('is on-demand, encrypted, recoverable and protected from deletion', () => {
    expect(prod.json).toHaveResourceWithProperties(DynamodbTable, {
      name: 'raffle-prod-entrants',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'email',
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
    });
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('has exactly the keys and indexes of the shared schema', () => {
    expect(table.attribute).toEqual(keyAttributes().map((a) => ({ name: a.name, type: a.type })));
    expect(table.global_secondary_index.map((i: any) => i.name).sort()).toEqual(TABLE_SCHEMA.indexes.map((i) => i.name).sort());
    for (const index of TABLE_SCHEMA.indexes) {
      const gsi = table.global_secondary_index.find((i: any) => i.name === index.name);
      expect(gsi.hash_key).toBe(index.partitionKey.name);
      expect(gsi.range_key).toBe(index.sortKey?.name);
      expect(gsi.projection_type).toBe(index.projection.type);
      if (index.projection.type === 'INCLUDE') expect(gsi.non_key_attributes).toEqual(index.projection.nonKeyAttributes);
    }
  });

  test('both protections are always on: turning them off is an edit of the construct, reviewed as such', () => {
    const stack = new TerraformStack(Testing.app(), 'scratch');
    new EntrantsTable(stack, 'T', { tableName: 't' });
    const synth = JSON.parse(Testing.synth(stack));
    const t: any = Object.values(synth.resource.aws_dynamodb_table)[0];
    expect(t.deletion_protection_enabled).toBe(true);
    expect(t.lifecycle).toEqual({ prevent_destroy: true });
  });
});
