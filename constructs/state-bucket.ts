/**
 * The Terraform state bucket: private, TLS-only, encrypted, versioned (a bad apply can be rolled back to
 * the previous state object) and protected from `terraform destroy`. Terraform >= 1.10 locks with an
 * S3 lock file next to the state, so no DynamoDB lock table is needed.
 */
import { Construct } from 'constructs';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { PrivateBucket } from './private-bucket';

export interface StateBucketProps {
  /** The bucket's exact name (the environments' stateBackend.bucket). */
  readonly name: string;
}

export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = new PrivateBucket(this, 'Bucket', { name: { exact: props.name }, protect: true }).bucket;
    new S3BucketVersioningA(this, 'Versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
  }
}
