import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { makeCerts, readPemCertificates } from '../../certs/make-certs';
import { changedPaths } from '../../testkit/emulator/adaptations';
import type { Json } from '../../testkit/terraform';
import { attrs, child, ref, shippedConfig, synthStack, type Synthesised } from '../support/synth';
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

/**
 * GIVEN the runbook's rotation of the admin CA: RootCA.pem holding the old CA, then the old and a new one
 *       (`npm run certs -- --append`), then the new one alone
 * WHEN the prod stack is synthesised from each
 * THEN only the truststore object's content differs between them: the domain's truststore_version names
 *      that object's version_id in each (a changed content makes the provider plan a new version, which the
 *      domain then pins: the deploy tier's plan review shows it on a real plan), and nothing else moves.
 */
describe('Truststore rotation', () => {
  let tmp: string;
  const stages: { name: string; pem: string; s: Synthesised }[] = [];
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'truststore-rotation-'));
    const rootCaPath = path.join(tmp, 'RootCA.pem');
    const certs = (out: string, append: boolean) =>
      makeCerts({ outDir: path.join(tmp, out), rootCaPath, append, p12Password: 'test-pass' });
    const old = certs('ca-2026', false);
    const stage = (name: string) => {
      const pem = fs.readFileSync(rootCaPath, 'utf8');
      stages.push({ name, pem, s: synthStack(shippedConfig('prod', pem)) });
    };
    stage('old CA');
    certs('ca-2027', true);
    stage('old and new CA');
    // The runbook's last step: the old CA's block removed from the file.
    const oldPem = fs.readFileSync(old.ca.certPath, 'utf8').trim();
    fs.writeFileSync(
      rootCaPath,
      readPemCertificates(rootCaPath)
        .filter((block) => block.trim() !== oldPem)
        .join(''),
    );
    stage('new CA');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  test('each stage uploads exactly its RootCA.pem, and each is a different object content', () => {
    expect(stages.map(({ pem }) => readPemCertificates(pemFile(pem)).length)).toEqual([1, 2, 1]);
    for (const { s, pem } of stages) expect(attrs(s, s.stack.truststore.object).content).toBe(pem);
    expect(new Set(stages.map(({ s }) => sha256(attrs(s, s.stack.truststore.object).content))).size).toBe(3);
  });

  test("the admin domain's truststore_version is the truststore object's version_id at every stage", () => {
    for (const { s } of stages) {
      const domain = attrs(s, s.stack.adminApi.domainName!);
      expect(domain.mutual_tls_authentication).toEqual({
        truststore_uri: `s3://${ref(s.stack.truststore.bucket, 'bucket')}/RootCA.pem`,
        truststore_version: ref(s.stack.truststore.object, 'version_id'),
      });
    }
  });

  test('nothing but the truststore object changes from one stage to the next', () => {
    const objectContent = (s: Synthesised) => `resource.aws_s3_object.${s.stack.truststore.object.friendlyUniqueId}.content`;
    for (let i = 1; i < stages.length; i++) {
      const [before, after] = [stages[i - 1], stages[i]];
      expect({ from: before.name, to: after.name, changed: changedPaths(before.s.tf as Json, after.s.tf as Json, undefined) }).toEqual({
        from: before.name,
        to: after.name,
        changed: [objectContent(after.s)],
      });
    }
  });

  /** A PEM text in a file of its own, for readPemCertificates. */
  function pemFile(pem: string): string {
    const file = path.join(tmp, `${sha256(pem)}.pem`);
    fs.writeFileSync(file, pem);
    return file;
  }
});
