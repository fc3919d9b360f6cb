/**
 * A DNS-validated ACM certificate for one host name: the certificate, its Route 53 validation record,
 * and the validation that waits until ACM has issued it. Used for the site (in us-east-1, through a
 * provider alias, because CloudFront only reads certificates there) and the admin API (in the stack's region).
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import type { CiGrant, CiScope } from './ci-grant';
import { CLOUDFRONT_REGION } from './cloudfront-region';

export interface CertificateProps {
  /** Host name the certificate is for, e.g. "raffle.example.com". */
  readonly domainName: string;
  /** Route 53 hosted zone that holds the validation record (from config: no lookup at plan time). */
  readonly hostedZoneId: string;
  /** Provider to create the certificate with (e.g. the us-east-1 alias for CloudFront). @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class Certificate extends Construct {
  readonly certificate: AcmCertificate;
  /** Use this ARN, not `certificate.arn`: it only resolves once the certificate is issued. */
  readonly validatedArn: string;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    this.certificate = new AcmCertificate(this, 'Resource', {
      provider: props.provider,
      domainName: props.domainName,
      validationMethod: 'DNS',
      keyAlgorithm: 'RSA_2048',
      // A replaced certificate is issued before the old one is detached, so the domain never goes dark.
      lifecycle: { createBeforeDestroy: true },
    });

    // One host name gives exactly one validation option.
    const option = this.certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, 'ValidationRecord', {
      zoneId: props.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      // ACM reuses the same record for every certificate of this name; a re-created certificate must not fail on it.
      allowOverwrite: true,
    });

    const validation = new AcmCertificateValidation(this, 'Validation', {
      provider: props.provider,
      certificateArn: this.certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    this.validatedArn = validation.certificateArn;
  }

  /**
   * What the pipeline's roles need on the certificates: their ids are random, so every certificate of
   * the stack's region (the admin API's) and of CloudFront's (the site's). Their validation records are
   * the hosted zone's (constructs/ci-permissions.ts).
   */
  static ciGrants(env: Pick<CiScope, 'region'>): CiGrant[] {
    return [
      {
        sid: 'Certificates',
        read: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
        write: ['acm:RequestCertificate', 'acm:DeleteCertificate', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
        resources: [...new Set([env.region, CLOUDFRONT_REGION])].map((region) => `arn:aws:acm:${region}:*:certificate/*`),
      },
    ];
  }
}
