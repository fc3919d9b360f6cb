/**
 * Where the tests find what npm does not bring, in one place: the prerequisites check, the Terraform
 * harness and the browser tests read these. Each can be moved with an environment variable.
 */
export const TOOLCHAIN = {
  /** Terraform 1.10+ (S3 lock files). */
  terraform: process.env.TERRAFORM ?? '/usr/local/bin/terraform',
  /** A filesystem mirror holding registry.terraform.io/hashicorp/aws (the tests never reach a registry). */
  providerMirror: process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins',
  /** The AWS provider version @cdktf/provider-aws 20.1.0 pins. */
  awsProviderVersion: '5.100.0',
  /** Chromium or a compatible browser (Google Chrome on GitHub's runners). */
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  /** Python with moto's server, for the apply tests. */
  python: process.env.PYTHON ?? 'python3',
} as const;
