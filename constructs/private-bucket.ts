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
import type { CiGrant, CiScope } from './ci-grant';

export interface PrivateBucketProps {
  /**
   * The bucket's name: `{ prefix }` lets S3 append a unique suffix, so names never clash across accounts;
   * `{ exact }` is for a bucket others must find by name (the Terraform state).
   */
  readonly name: { readonly prefix: string } | { readonly exact: string };
  /** Statements added to the bucket policy after the TLS-only deny. @default none */
  readonly extraStatements?: (bucketArn: string) => DataAwsIamPolicyDocumentStatement[];
  /**
   * Content that cannot be rebuilt (the Terraform state): `terraform destroy` is refused and a
   * non-empty bucket is never emptied. Otherwise the content is generated from the repository and
   * destroy empties the bucket. @default false
   */
  readonly protect?: boolean;
}

export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    const protect = props.protect ?? false;
    this.bucket = new S3Bucket(this, 'Resource', {
      ...('prefix' in props.name ? { bucketPrefix: props.name.prefix } : { bucket: props.name.exact }),
      forceDestroy: !protect,
      lifecycle: protect ? { preventDestroy: true } : undefined,
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

  /**
   * What the pipeline's roles need on an environment's buckets (the site's and the truststore's, named
   * under its prefix) and on what their owners put in them: the site's pages, the truststore's
   * versioning and CA bundle.
   */
  static ciGrants(env: Pick<CiScope, 'namePrefix'>): CiGrant[] {
    const p = env.namePrefix;
    return [
      {
        sid: 'SiteBuckets',
        read: [
          's3:ListBucket',
          's3:ListBucketVersions',
          's3:GetBucketAcl',
          's3:GetBucketCORS',
          's3:GetBucketWebsite',
          's3:GetBucketVersioning',
          's3:GetAccelerateConfiguration',
          's3:GetBucketRequestPayment',
          's3:GetBucketLogging',
          's3:GetLifecycleConfiguration',
          's3:GetReplicationConfiguration',
          's3:GetEncryptionConfiguration',
          's3:GetBucketObjectLockConfiguration',
          's3:GetBucketPolicy',
          's3:GetBucketTagging',
          's3:GetBucketOwnershipControls',
          's3:GetBucketPublicAccessBlock',
          's3:GetObject',
          's3:GetObjectTagging',
          's3:GetObjectVersion',
        ],
        write: [
          's3:CreateBucket',
          's3:DeleteBucket',
          's3:PutBucketTagging',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPublicAccessBlock',
          's3:PutObject',
          's3:PutObjectTagging',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
        ],
        resources: [`arn:aws:s3:::${p}-*`, `arn:aws:s3:::${p}-*/*`],
      },
    ];
  }
}
