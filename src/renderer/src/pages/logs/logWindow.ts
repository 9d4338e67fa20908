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
  /** Changes when the window is replaced: positions from before mean nothing after. */
  generation = 0;
  /** How many entries were pushed since the last replace: the position after the newest. */
  end = 0;

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

  /** The position of the oldest entry still here (positions count every entry pushed since the last replace). */
  get first(): number {
    return this.end - this.count;
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
    this.end += entries.length;
    if (entries.length > 0) this.version += 1;
  }

  replace(entries: readonly LogEntry[]): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.end = 0;
    this.generation += 1;
    this.push(entries);
    this.version += 1;
  }

  /** Visits the entries from `position` (see `first`) to the newest, in order: the ring read in its two runs, without a modulo per entry. */
  scan(position: number, visit: (entry: LogEntry, position: number) => void): void {
    const skip = Math.max(0, position - this.first);
    for (let index = skip; index < this.count;) {
      const slot = (this.start + index) % this.capacity;
      const run = Math.min(this.count - index, this.capacity - slot);
      for (let offset = 0; offset < run; offset += 1) visit(this.items[slot + offset]!, this.first + index + offset);
      index += run;
    }
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

/**
 * The window's entries that pass `keep`, oldest first, kept up to date batch by batch: `follow`
 * looks only at the entries pushed since it last ran and drops those the window let go, so while
 * a filter is on, a batch costs its own entries rather than a pass over all 100,000.
 */
export class FilteredWindow implements LogRows {
  private kept: LogEntry[] = [];
  /** Each kept entry's position in the window (see LogWindow.first). */
  private positions: number[] = [];
  /** Kept entries before this index have left the window (dropped in steps, not one shift each). */
  private head = 0;
  private scannedTo = 0;
  private generation = -1;

  constructor(private readonly keep: (entry: LogEntry) => boolean) {}

  get length(): number {
    return this.kept.length - this.head;
  }

  at(index: number): LogEntry | undefined {
    if (index < 0 || index >= this.length) return undefined;
    return this.kept[this.head + index];
  }

  /** Catches up with the window's changes since the last call; returns itself. */
  follow(window: LogWindow): this {
    if (window.generation !== this.generation) {
      this.kept = [];
      this.positions = [];
      this.head = 0;
      this.scannedTo = window.first;
      this.generation = window.generation;
    }
    const { keep, kept, positions } = this;
    window.scan(this.scannedTo, (entry, position) => {
      if (!keep(entry)) return;
      kept.push(entry);
      positions.push(position);
    });
    this.scannedTo = window.end;
    const first = window.first;
    while (this.head < this.positions.length && this.positions[this.head] < first) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.positions = this.positions.slice(this.head);
      this.head = 0;
    }
    return this;
  }
}

/** Two row lists one after the other, read through (both may change in place). */
export function concatRows(before: LogRows, after: LogRows): LogRows {
  return {
    get length() {
      return before.length + after.length;
    },
    at: (index) => (index < before.length ? before.at(index) : after.at(index - before.length)),
  };
}
