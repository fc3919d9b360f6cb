import { attrs, child, ref, type Synthesised } from '../support/synth';
import { synthShipped, testCaPem } from './fixtures';

describe('Truststore', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synthShipped().prod;
  });

  test('RootCA.pem goes into a private, versioned, encrypted bucket; TLS-only policy', () => {
    const t = s.stack.truststore;
    const bucket = t.bucket.node.scope!; // the PrivateBucket around it
    expect(attrs(s, t.bucket).bucket_prefix).toBe('raffle-prod-truststore-');
    expect(attrs(s, child<any>(t, 'Versioning')).versioning_configuration).toEqual({ status: 'Enabled' });
    expect(attrs(s, child<any>(bucket, 'PublicAccessBlock'))).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(attrs(s, child<any>(bucket, 'Ownership')).rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const statements = attrs(s, child<any>(bucket, 'PolicyDocument')).statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      effect: 'Deny',
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  test('the object holds exactly the validated PEM (no path of this machine) and waits for versioning', () => {
    const o = attrs(s, s.stack.truststore.object);
    expect(o).toMatchObject({
      key: 'RootCA.pem',
      content: testCaPem(),
      bucket: ref(child<any>(s.stack.truststore, 'Versioning'), 'bucket'),
    });
    expect(o.source).toBeUndefined();
  });
});
