/**
 * The secret CloudFront adds to every request it forwards to the public API (header
 * ORIGIN_SECRET_HEADER), which the public functions require: a request that goes around the distribution
 * (and its WAF) to the execute-api endpoint is refused.
 *
 * Made by Terraform itself, once: a `terraform_data` whose input is a random UUID on creation and never
 * changes after (ignore_changes), so no secret is ever in git, in the config or in the pipeline's
 * variables. It is in the Terraform state (as are the distribution's headers and the functions'
 * environment, which carry it): README "What is in the Terraform state". To rotate it:
 * `terraform apply -replace=<this resource's address>`.
 */
import { Construct } from 'constructs';
import { DataResource, Fn, Token } from 'cdktf';

export class OriginSecret extends Construct {
  /** The secret, as a Terraform reference. */
  readonly value: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const resource = new DataResource(this, 'Resource', {
      input: { secret: Fn.uuid() },
      lifecycle: { ignoreChanges: ['input'] },
    });
    this.value = Token.asString(resource.output.lookup('secret'));
  }
}
