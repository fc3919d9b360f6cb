import { Testing } from 'cdktf';

// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...). They take Testing.synth() JSON.
Testing.setupJest();
