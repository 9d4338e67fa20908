import { create } from 'zustand';
import type { LogEntry, LogLevel } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';

/** Enough for a long debugging session; the oldest entries drop off first. */
export const maxEntriesInView = 100_000;

type LogViewState = {
  entries: LogEntry[];
  /** Entries that arrived while paused, shown when resumed. */
  held: LogEntry[];
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
  let queue: LogEntry[] = [];
  let flushScheduled = false;
  let lastFlush = 0;
  // Entries can stream in by the thousand per second: they join the view in batches, at most ten
  // times a second, because each batch copies the (up to 100,000-entry) list; a lone entry shows at
  // the next frame.
  const flushInterval = 100;
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    const wait = lastFlush + flushInterval - performance.now();
    if (wait <= 0) requestAnimationFrame(flush);
    else setTimeout(() => requestAnimationFrame(flush), wait);
  };
  const flush = () => {
    flushScheduled = false;
    lastFlush = performance.now();
    const incoming = queue;
    queue = [];
    indexForSearch(incoming);
    const state = get();
    if (state.day !== undefined) return;
    if (state.paused) set({ held: capped([...state.held, ...incoming]) });
    else set({ entries: capped([...state.entries, ...incoming]) });
  };
  return {
    entries: [],
    held: [],
    paused: false,
    loading: false,
    start(client) {
      set({ loading: true });
      const stop = client.on('log.entry', (entry) => {
        queue.push(entry);
        scheduleFlush();
      });
      client
        .call('log.recent', {})
        .then(({ entries }) => {
          indexForSearch(entries);
          const newest = entries.at(-1)?.seq ?? -1;
          // Entries streamed while the recent ones loaded are kept, without duplicates.
          set((state) => ({ entries: capped([...entries, ...state.entries.filter((entry) => entry.seq > newest)]), loading: false }));
        })
        .catch((error: Error) => set({ error: `The log could not be loaded: ${error.message}`, loading: false }));
      return stop;
    },
    setPaused(paused) {
      if (paused) set({ paused });
      else set((state) => ({ paused, entries: capped([...state.entries, ...state.held]), held: [] }));
    },
    async showDay(client, day) {
      if (day === undefined) {
        set({ day: undefined, entries: [], held: [], loading: true, error: undefined });
        const { entries } = await client.call('log.recent', {});
        indexForSearch(entries);
        set({ entries, loading: false });
        return;
      }
      set({ day, loading: true, error: undefined });
      try {
        const { entries } = await client.call('log.readDay', { day });
        indexForSearch(entries);
        set({ entries, held: [], loading: false });
      } catch (error) {
        set({ error: `The log of ${day} could not be read: ${(error as Error).message}`, loading: false });
      }
    },
    clear: () => set({ entries: [], held: [] }),
  };
});

function capped(entries: LogEntry[]): LogEntry[] {
  return entries.length > maxEntriesInView ? entries.slice(entries.length - maxEntriesInView) : entries;
}

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
