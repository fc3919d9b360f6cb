/**
 * The confirmation links in the local outbox (local/outbox.ts: one file per email, `To:`, `Subject:`, a
 * blank line, the body), found as the driver needs them: by the raffle (its title is in the subject) and
 * the identity of the address it went to. The folder is watched for new files and read again in full only
 * when a link is not found yet, at most every `rescanMs`: re-reading 20,000 files per confirmation would
 * make the driver, not the app, the bottleneck.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readOutboxMessage } from '../local/outbox';

const LINK = /https?:\/\/\S+\/confirm\.html\?token=([A-Za-z0-9_-]+)/;

export class OutboxLinks {
  private readonly seen = new Set<string>();
  /** `${raffleId}\n${identity}` → tokens, oldest first. */
  private readonly tokens = new Map<string, string[]>();
  private watcher: fs.FSWatcher | undefined;
  private rescan: Promise<void> | undefined;
  private lastScan = 0;
  /** Emails read, and those whose address the driver never sent. */
  messages = 0;
  strangers = 0;

  constructor(
    private readonly dir: string,
    /** Which raffle an email is about, from its subject; undefined for none of the load's. */
    private readonly raffleOf: (subject: string) => string | undefined,
    /** Whose address it went to, by the driver's own records. */
    private readonly identityOf: (to: string) => string | undefined,
    private readonly rescanMs = 200,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.watcher = fs.watch(dir, (_event, name) => {
      if (typeof name === 'string') this.read(name);
    });
    this.watcher.on('error', () => undefined);
    this.scan();
  }

  private read(name: string): void {
    if (!name.endsWith('.txt') || this.seen.has(name)) return;
    let message;
    try {
      message = readOutboxMessage(this.dir, name);
    } catch {
      return; // Not there (yet): the next scan reads it.
    }
    const token = LINK.exec(message.text)?.[1];
    const raffleId = this.raffleOf(message.subject);
    this.seen.add(name);
    this.messages++;
    if (!token || !raffleId) return;
    const identity = this.identityOf(message.to);
    if (identity === undefined) {
      this.strangers++;
      return;
    }
    const key = `${raffleId}\n${identity}`;
    const list = this.tokens.get(key) ?? [];
    list.push(token);
    this.tokens.set(key, list);
  }

  private scan(): void {
    this.lastScan = Date.now();
    for (const name of fs.readdirSync(this.dir).sort()) this.read(name);
  }

  /** The links' tokens sent for `identity` in `raffleId`, oldest first; read the folder again once if none yet. */
  async tokensFor(raffleId: string, identity: string): Promise<readonly string[]> {
    const key = `${raffleId}\n${identity}`;
    if (this.tokens.has(key)) return this.tokens.get(key)!;
    this.rescan ??= (async () => {
      const wait = this.lastScan + this.rescanMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.scan();
      this.rescan = undefined;
    })();
    await this.rescan;
    return this.tokens.get(key) ?? [];
  }

  /** Every file of the folder (the report's count of emails). */
  get files(): number {
    return fs.readdirSync(this.dir).filter((name) => name.endsWith('.txt')).length;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** Where the folder is (for messages). */
  get folder(): string {
    return path.resolve(this.dir);
  }
}
