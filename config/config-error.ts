/** A configuration file that is wrong: every problem found, each naming the field and the fix, prefixed with the file. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${source}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}
