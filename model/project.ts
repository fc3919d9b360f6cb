/** The project's root folder, for the build, the stack, the local runtime and the tests (never a bundle). */
import * as path from 'path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
