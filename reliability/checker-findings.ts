/**
 * What the checker found: violations by kind (each with its count and the first few examples), and
 * notes that are reported without failing the verdict (the writes a SIGKILLed DynamoDB Local lost after
 * acknowledging them: README, "What the local engine does not promise").
 */

export interface CheckMode {
  /**
   * The engine was SIGKILLed during the load: an acknowledged write may be missing. Such a loss is
   * counted and noted, not failed on; every consistency rule still holds.
   */
  readonly lostWritesTolerated: boolean;
}

const EXAMPLES = 5;

export class Findings {
  private readonly byKind = new Map<string, { count: number; examples: string[] }>();
  readonly notes: string[] = [];
  /** Acknowledged writes not in the table (entries, confirmations, winners, erasures), with the mode's tolerance. */
  missingAcknowledged = 0;

  constructor(readonly mode: CheckMode) {}

  violation(kind: string, example: string): void {
    const found = this.byKind.get(kind) ?? { count: 0, examples: [] };
    found.count++;
    if (found.examples.length < EXAMPLES) found.examples.push(example);
    this.byKind.set(kind, found);
  }

  /** An acknowledged write that is not there: a violation, or in the kill scenario a counted note. */
  lost(kind: string, example: string): void {
    if (this.mode.lostWritesTolerated) this.missingAcknowledged++;
    else this.violation(kind, example);
  }

  get ok(): boolean {
    return this.byKind.size === 0;
  }

  kinds(): string[] {
    return [...this.byKind.keys()].sort();
  }

  count(kind: string): number {
    return this.byKind.get(kind)?.count ?? 0;
  }

  /** One line per kind: "kind ×n: example; example". */
  lines(): string[] {
    return [...this.byKind.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, { count, examples }]) => `${kind} ×${count}: ${examples.join('; ')}`);
  }
}
