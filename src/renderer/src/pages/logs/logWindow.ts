import type { LogEntry } from '../../../../shared/contract';

/** What the list reads rows from: a filtered array, or the live window itself. */
export type LogRows = { readonly length: number; at(index: number): LogEntry | undefined };

/**
 * The newest `capacity` entries in a ring buffer: one array allocated once, entries written over
 * the oldest when full. Streaming 2,000 entries a second into a full view then costs the new
 * entries only; copying a 100,000-entry list per batch (and the garbage it left) is what made
 * frames late. Mutated in place: readers follow `version`, which each change increases.
 */
export class LogWindow implements LogRows {
  private readonly items: (LogEntry | undefined)[];
  private start = 0;
  private count = 0;
  version = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<LogEntry | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  at(index: number): LogEntry | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.start + index) % this.capacity];
  }

  push(entries: readonly LogEntry[]): void {
    // More than fit: only the newest can stay.
    const from = Math.max(0, entries.length - this.capacity);
    for (let index = from; index < entries.length; index += 1) {
      if (this.count < this.capacity) {
        this.items[(this.start + this.count) % this.capacity] = entries[index];
        this.count += 1;
      } else {
        this.items[this.start] = entries[index];
        this.start = (this.start + 1) % this.capacity;
      }
    }
    if (entries.length > 0) this.version += 1;
  }

  replace(entries: readonly LogEntry[]): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.push(entries);
    this.version += 1;
  }

  toArray(): LogEntry[] {
    return collect(this, () => true);
  }
}

/** The rows that pass `keep`, oldest first, as a new array (the filtered view). */
export function collect(rows: LogRows, keep: (entry: LogEntry) => boolean): LogEntry[] {
  const kept: LogEntry[] = [];
  for (let index = 0; index < rows.length; index += 1) {
    const entry = rows.at(index)!;
    if (keep(entry)) kept.push(entry);
  }
  return kept;
}
