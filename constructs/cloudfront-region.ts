/**
 * CloudFront reads certificates and web ACLs from us-east-1 only, whatever the stack's region: the stack
 * keeps a provider there, and the CI roles may manage those resources there.
 */
export const CLOUDFRONT_REGION = 'us-east-1';
