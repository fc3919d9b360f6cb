/**
 * The mutual-TLS truststore: a private, versioned S3 bucket holding the CA bundle (RootCA.pem) that the
 * admin API's custom domain trusts. The domain pins `truststore_version`, so uploading a rotated CA
 * creates a new object version and Terraform moves the domain to it in the same apply.
 */
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3Object } from '@cdktf/provider-aws/lib/s3-object';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { PrivateBucket } from './private-bucket';

export interface TruststoreProps {
  /** Prefix of the bucket's name (S3 adds a unique suffix). */
  readonly bucketPrefix: string;
  /** The CA bundle, PEM, already validated by the config loader (public material: no key ever goes here). */
  readonly pem: string;
}

/** Object key of the bundle in the bucket. */
export const TRUSTSTORE_KEY = 'RootCA.pem';

export class Truststore extends Construct {
  readonly bucket: S3Bucket;
  readonly object: S3Object;
  /** s3://bucket/key, what `truststore_uri` wants. */
  readonly uri: string;
  /** The object's version id, what `truststore_version` wants. */
  readonly version: string;

  constructor(scope: Construct, id: string, props: TruststoreProps) {
    super(scope, id);
    const key = TRUSTSTORE_KEY;
    const bucket = new PrivateBucket(this, 'Bucket', { name: { prefix: props.bucketPrefix } });
    this.bucket = bucket.bucket;

    // truststore_version needs versioning; the old versions are also the audit trail of CA rotations.
    const versioning = new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    this.object = new S3Object(this, 'Resource', {
      // Through the versioning resource: the upload waits until versioning is on, so it gets a version id.
      bucket: versioning.bucket,
      key,
      // The PEM inline (it is public): no path of this machine in the output, and a rotation shows in the plan.
      content: props.pem,
      contentType: 'application/x-pem-file',
    });
    this.uri = `s3://${this.bucket.bucket}/${key}`;
    this.version = this.object.versionId;
  }
}
