import { create } from 'zustand';
import type { LogEntry, LogLevel } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { LogWindow } from './logWindow';

/** Enough for a long debugging session; the oldest entries drop off first. */
export const maxEntriesInView = 100_000;

type LogViewState = {
  /** The live view's entries, or a day's: a ring buffer changed in place (see `version`). */
  entries: LogWindow;
  /** Increases whenever `entries` changes: what components re-render on. */
  version: number;
  /** Every source seen, sorted (for the Source filter): changes only when a new one appears. */
  sources: string[];
  /** Entries that arrived while paused, shown when resumed. */
  held: LogEntry[];
  /** How many are held (the array itself is appended to in place). */
  heldCount: number;
  paused: boolean;
  /** Which day's file is shown, or undefined for the live log. */
  day?: string;
  loading: boolean;
  error?: string;
  start(client: ContractClient): () => void;
  setPaused(paused: boolean): void;
  showDay(client: ContractClient, day: string | undefined): Promise<void>;
  clear(): void;
};

export const useLogView = create<LogViewState>((set, get) => {
  const entries = new LogWindow(maxEntriesInView);
  const knownSources = new Set<string>();
  let queue: LogEntry[] = [];
  let flushScheduled = false;
  // Entries can stream in by the thousand per second: they join the view once per animation
  // frame, in one batch. A batch costs only its own entries (the window is a ring buffer, not a
  // list copied per batch), so the view keeps up frame by frame.
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    requestAnimationFrame(flush);
  };
  /** The window changed: tell readers, with the sources list renewed only when a new source appeared. */
  const changed = (added: readonly LogEntry[], extra: Partial<LogViewState> = {}) => {
    let newSource = false;
    for (const entry of added) {
      if (knownSources.has(entry.source)) continue;
      knownSources.add(entry.source);
      newSource = true;
    }
    set({ ...extra, version: entries.version, ...(newSource ? { sources: [...knownSources].sort() } : {}) });
  };
  const flush = () => {
    flushScheduled = false;
    const incoming = queue;
    queue = [];
    indexForSearch(incoming);
    const state = get();
    if (state.day !== undefined) return;
    if (state.paused) {
      const held = state.held;
      held.push(...incoming);
      // Trimmed in steps: one splice per thousand entries past the cap, not one copy per batch.
      if (held.length > maxEntriesInView + 1000) held.splice(0, held.length - maxEntriesInView);
      set({ heldCount: Math.min(held.length, maxEntriesInView) });
      return;
    }
    entries.push(incoming);
    changed(incoming);
  };
  const replaceWith = (next: readonly LogEntry[], extra: Partial<LogViewState>) => {
    indexForSearch(next);
    entries.replace(next);
    knownSources.clear();
    changed(next, { ...extra, sources: [] });
  };
  return {
    entries,
    version: 0,
    sources: [],
    held: [],
    heldCount: 0,
    paused: false,
    loading: false,
    start(client) {
      set({ loading: true });
      const stop = client.on('log.entries', ({ entries: batch }) => {
        for (const entry of batch) queue.push(entry);
        scheduleFlush();
      });
      client
        .call('log.recent', {})
        .then(({ entries: recent }) => {
          const newest = recent.at(-1)?.seq ?? -1;
          // Entries streamed while the recent ones loaded are kept, without duplicates.
          const streamed = entries.toArray().filter((entry) => entry.seq > newest);
          replaceWith([...recent, ...streamed], { loading: false });
        })
        .catch((error: Error) => set({ error: `The log could not be loaded: ${error.message}`, loading: false }));
      return stop;
    },
    setPaused(paused) {
      if (paused) {
        set({ paused });
        return;
      }
      const held = get().held;
      entries.push(held);
      changed(held, { paused, held: [], heldCount: 0 });
    },
    async showDay(client, day) {
      if (day === undefined) {
        set({ day: undefined, held: [], heldCount: 0, loading: true, error: undefined });
        replaceWith([], {});
        const { entries: recent } = await client.call('log.recent', {});
        replaceWith(recent, { loading: false });
        return;
      }
      set({ day, loading: true, error: undefined });
      try {
        const { entries: ofDay } = await client.call('log.readDay', { day });
        replaceWith(ofDay, { held: [], heldCount: 0, loading: false });
      } catch (error) {
        set({ error: `The log of ${day} could not be read: ${(error as Error).message}`, loading: false });
      }
    },
    clear: () => replaceWith([], { held: [], heldCount: 0 }),
  };
});

export type LogFilter = { levels: ReadonlySet<LogLevel>; source: string; text: string };

/**
 * Each entry's searchable text (message and fields, lower-cased), made once when it arrives: a
 * filter over 100,000 entries is then only substring tests, not 100,000 stringifications per key.
 * It rides on the entry under a symbol (invisible to JSON, so "copy as JSON" is unchanged): a
 * property read is about three times faster than a WeakMap lookup at this size (~10 vs ~30 ms).
 */
const searchTextKey = Symbol('searchText');
type Searchable = LogEntry & { [searchTextKey]?: string };

function searchTextOf(entry: Searchable): string {
  let text = entry[searchTextKey];
  if (text === undefined) {
    const fields = Object.keys(entry.fields).length > 0 ? `\n${JSON.stringify(entry.fields)}` : '';
    text = `${entry.message}${fields}`.toLowerCase();
    entry[searchTextKey] = text;
  }
  return text;
}

function indexForSearch(entries: readonly LogEntry[]): void {
  for (const entry of entries) searchTextOf(entry);
}

export function matchesFilter(entry: LogEntry, filter: LogFilter, lowerText: string): boolean {
  if (!filter.levels.has(entry.level)) return false;
  if (filter.source && entry.source !== filter.source) return false;
  if (!lowerText) return true;
  return searchTextOf(entry).includes(lowerText);
}
