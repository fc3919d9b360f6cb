/** The AWS adapters only a verifiable draw uses, in one file of the bundle so that their SDK clients share its core (lazy-adapters.ts). */
export { s3Publisher } from '../runtime/aws/s3-publisher';
export { lambdaSelfInvoker } from '../runtime/aws/lambda-invoker';
