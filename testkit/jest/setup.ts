import { Testing } from 'cdktf';
import { quietSdkNodeVersionWarning } from '../../local/sdk-warning';

// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...). They take Testing.synth() JSON.
Testing.setupJest();

// The AWS SDK's Node version warning, and only it, in this test file's own environment too (its
// process.env is a copy made for it): local/sdk-warning.ts.
quietSdkNodeVersionWarning();
