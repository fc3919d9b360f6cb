/**
 * A private S3 bucket with the settings every bucket here needs: public access blocked, ACLs disabled
 * (BucketOwnerEnforced), default encryption, and a policy that denies any request not made over TLS.
 * Callers add statements (e.g. CloudFront's read access) through `extraStatements`.
 */
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';

export interface PrivateBucketProps {
  /** Prefix of the bucket's name; S3 appends a unique suffix, so names never clash across accounts. */
  readonly bucketPrefix: string;
  /** Statements added to the bucket policy after the TLS-only deny. @default none */
  readonly extraStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
  /** Let `terraform destroy` empty the bucket (its content is generated from the repository). @default true */
  readonly forceDestroy?: boolean;
}

export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'Resource', {
      bucketPrefix: props.bucketPrefix,
      forceDestroy: props.forceDestroy ?? true,
    });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'Ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    // SSE-S3: CloudFront (OAC) and API Gateway (truststore) read it without a KMS key policy.
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });

    const arn = this.bucket.arn;
    const policy = new DataAwsIamPolicyDocument(this, 'PolicyDocument', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          actions: ['s3:*'],
          resources: [arn, `${arn}/*`],
          principals: [{ type: '*', identifiers: ['*'] }],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
        ...(props.extraStatements?.(arn) ?? []),
      ],
    });
    new S3BucketPolicy(this, 'Policy', {
      // Through the public access block: S3 rejects a bucket policy while that block is still being applied.
      bucket: this.publicAccessBlock.bucket,
      policy: policy.json,
    });
  }
}
