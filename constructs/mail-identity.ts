/**
 * The raffle's email sender: an SES (v2) domain identity for the raffle's domain, with Easy DKIM. SES
 * gives three DKIM tokens; publishing each as a CNAME in the hosted zone verifies the domain and signs
 * every message, so confirmation emails reach inboxes instead of spam folders.
 *
 * A new account's SES is in the sandbox (only verified recipients, about 200 a day) until production
 * access is granted: README "Email".
 */
import { Construct } from 'constructs';
import { Fn, Token } from 'cdktf';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Sesv2EmailIdentity } from '@cdktf/provider-aws/lib/sesv2-email-identity';
import type { DomainConfig } from '../config/schema';
import { REACH_ACTIONS } from '../model/functions';
import type { CiGrant, CiScope } from './ci-grant';
import type { ReachGrant } from './raffle-function';

/** SES Easy DKIM publishes this many keys. */
const DKIM_RECORDS = 3;

export interface MailIdentityProps {
  /** The domain mail is sent from, e.g. "example.com". */
  readonly domainName: string;
  /** Its Route 53 zone, where the DKIM records go. */
  readonly hostedZoneId: string;
}

export class MailIdentity extends Construct {
  readonly identity: Sesv2EmailIdentity;

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    this.identity = new Sesv2EmailIdentity(this, 'Resource', { emailIdentity: props.domainName });
    for (let i = 0; i < DKIM_RECORDS; i++) {
      // The tokens are only known after apply: refer to each by index, as Terraform does.
      const token = Token.asString(Fn.element(this.identity.dkimSigningAttributes.tokens, i));
      new Route53Record(this, `Dkim${i}`, {
        zoneId: props.hostedZoneId,
        name: `${token}._domainkey.${props.domainName}`,
        type: 'CNAME',
        ttl: 1800,
        records: [`${token}.dkim.amazonses.com`],
      });
    }
  }

  /** What a sender needs: ses:SendEmail from this identity only (its sender address reaches it through its settings). */
  sendGrant(): ReachGrant {
    return {
      statement: { sid: 'SendMail', effect: 'Allow', actions: [...REACH_ACTIONS.confirmationMail.actions], resources: [this.identity.arn] },
    };
  }

  /** What the pipeline's roles need on the identity of the raffle's domain. Its DKIM records are the hosted zone's. */
  static ciGrants(env: Pick<CiScope, 'region'>, domain: Pick<DomainConfig, 'domainName'>): CiGrant[] {
    return [
      {
        sid: 'MailIdentity',
        read: ['ses:GetEmailIdentity', 'ses:ListTagsForResource'],
        write: [
          'ses:CreateEmailIdentity',
          'ses:DeleteEmailIdentity',
          'ses:PutEmailIdentityDkimSigningAttributes',
          'ses:TagResource',
          'ses:UntagResource',
        ],
        resources: [`arn:aws:ses:${env.region}:*:identity/${domain.domainName}`],
      },
    ];
  }
}
