import type { LogEntry } from '../../shared/contract';

export type LiveBatchLimits = {
  /** How long the first entry of a batch waits for others: the live view's added latency. */
  windowMs: number;
  /** A batch this big goes at once, so one message (and one replay slot) stays small. */
  maxEntries: number;
};

/**
 * Gathers the entries for the live stream into batches, in order. A busy DEBUG log writes
 * thousands of entries a second; one event each meant one validation, one SSE frame or IPC
 * message, one parse and one dispatch in the page each, and that per-message work is what made
 * the Logs page's frames late. A batch costs one of each for up to `maxEntries` entries.
 */
export class LiveLogBatches {
  private pending: LogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly limits: LiveBatchLimits,
    private readonly deliver: (entries: LogEntry[]) => void,
  ) {}

  add(entry: LogEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= this.limits.maxEntries) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.limits.windowMs);
    // The window never keeps a process alive: close() delivers what is left.
    this.timer.unref?.();
  }

  /** Delivers what is pending now (on close, and when a caller needs the stream up to date). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.deliver(batch);
    } catch {
      // From a timer a throw would end the process: the entries are in the file and the buffer
      // already, so the live view only misses this batch (and reads them with the next load).
      process.stderr.write(`Outlook Integration Console: ${batch.length} log entries could not be sent to the live view.\n`);
    }
  }
}
