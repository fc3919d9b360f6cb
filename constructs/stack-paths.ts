/**
 * Terraform runs each stack in cdktf.out/stacks/<stack>; every path the stacks write is relative to that
 * folder, so the synthesised output never carries the build machine's absolute paths.
 */
export const STACK_DIR_TO_PROJECT_ROOT = '../../..';

/** A project-relative path ("site/apply.html") as seen from the stack folder. */
export function fromStackDir(projectRelativePath: string): string {
  return `${STACK_DIR_TO_PROJECT_ROOT}/${projectRelativePath}`;
}
