import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../../src/shared/contract';
import type { ContractClient } from '../../../../src/renderer/src/client/contractClient';
import { maxEntriesInView, useLogView } from '../../../../src/renderer/src/pages/logs/logStore';
import { collect, concatRows, FilteredWindow, LogWindow } from '../../../../src/renderer/src/pages/logs/logWindow';

function entry(seq: number, source = 'sync'): LogEntry {
  return { seq, time: '2026-11-27T00:00:00.000Z', level: 'info', source, message: `entry ${seq}`, fields: {}, runId: null };
}
const range = (from: number, to: number, source?: string) => Array.from({ length: to - from }, (_, i) => entry(from + i, source));
const seqs = (rows: { length: number; at(i: number): LogEntry | undefined }) =>
  Array.from({ length: rows.length }, (_, i) => rows.at(i)!.seq);

describe('the Logs view’s ring buffer', () => {
  it('keeps the newest entries in order, overwriting the oldest when full', () => {
    const window = new LogWindow(5);
    window.push(range(0, 3));
    expect(seqs(window)).toEqual([0, 1, 2]);
    window.push(range(3, 8));
    expect(seqs(window)).toEqual([3, 4, 5, 6, 7]);
    expect(window.at(5)).toBeUndefined();
    // A batch larger than the window leaves only its newest entries.
    window.push(range(8, 20));
    expect(seqs(window)).toEqual([15, 16, 17, 18, 19]);
    expect(window.toArray().map((e) => e.seq)).toEqual([15, 16, 17, 18, 19]);
  });

  it('visits the entries from a position to the newest, across the wrap of the ring', () => {
    const window = new LogWindow(5);
    window.push(range(0, 8));
    expect([window.first, window.end]).toEqual([3, 8]);
    const visited: Array<[number, number]> = [];
    window.scan(0, (entry, position) => visited.push([entry.seq, position]));
    expect(visited).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
      [7, 7],
    ]);
    visited.length = 0;
    window.scan(6, (entry, position) => visited.push([entry.seq, position]));
    expect(visited).toEqual([
      [6, 6],
      [7, 7],
    ]);
  });

  it('changes its version on every change and not otherwise, and filters in order', () => {
    const window = new LogWindow(4);
    const before = window.version;
    window.push([]);
    expect(window.version).toBe(before);
    window.push(range(0, 6));
    expect(window.version).toBeGreaterThan(before);
    expect(collect(window, (e) => e.seq % 2 === 0).map((e) => e.seq)).toEqual([2, 4]);
    window.replace(range(10, 11));
    expect(seqs(window)).toEqual([10]);
  });
});

describe('a filter over the live window', () => {
  it('matches a full pass after every batch, looking only at the new entries', () => {
    const window = new LogWindow(10);
    let looked = 0;
    const even = (entry: LogEntry) => {
      looked += 1;
      return entry.seq % 2 === 0;
    };
    const filtered = new FilteredWindow(even);
    window.push(range(0, 4));
    expect(seqs(filtered.follow(window))).toEqual([0, 2]);
    expect(looked).toBe(4);
    // Following again without a change looks at nothing.
    filtered.follow(window);
    expect(looked).toBe(4);
    // The window fills and lets the oldest go: kept entries that left are gone from the filter too.
    window.push(range(4, 13));
    expect(seqs(filtered.follow(window))).toEqual([4, 6, 8, 10, 12]);
    expect(looked).toBe(13);
    // A batch larger than the window: only what stays is looked at.
    window.push(range(13, 40));
    expect(seqs(filtered.follow(window))).toEqual([30, 32, 34, 36, 38]);
    expect(looked).toBe(23);
    // A replaced window (another day's file) is filtered from scratch.
    window.replace(range(100, 103));
    expect(seqs(filtered.follow(window))).toEqual([100, 102]);
    expect(filtered.at(2)).toBeUndefined();
  });

  it('stays equal to a full pass through thousands of batches in a full window', () => {
    const window = new LogWindow(1000);
    const keep = (entry: LogEntry) => entry.seq % 7 === 0;
    const filtered = new FilteredWindow(keep);
    for (let from = 0; from < 20_000; from += 37) {
      window.push(range(from, from + 37));
      filtered.follow(window);
    }
    expect(seqs(filtered)).toEqual(collect(window, keep).map((entry) => entry.seq));
  });

  it('reads two lists one after the other', () => {
    const rows = concatRows(range(0, 2), range(5, 6));
    expect(seqs(rows)).toEqual([0, 1, 5]);
    expect(rows.at(3)).toBeUndefined();
  });
});

describe('the Logs view store', () => {
  let frames: FrameRequestCallback[] = [];
  const runFrame = () => {
    const pending = frames;
    frames = [];
    for (const callback of pending) callback(0);
  };
  let streamed: ((batch: { entries: LogEntry[] }) => void) | undefined;
  let subscribedTo: string | undefined;
  const client = {
    on: (event: string, listener: (batch: { entries: LogEntry[] }) => void) => {
      subscribedTo = event;
      streamed = listener;
      return () => (streamed = undefined);
    },
    call: async () => ({ entries: range(0, 2, 'core') }),
  } as unknown as ContractClient;

  beforeEach(() => {
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    useLogView.getState().clear();
    useLogView.getState().setPaused(false);
  });

  it('adds streamed entries once per animation frame, holds them while paused and keeps the sources', async () => {
    const stop = useLogView.getState().start(client);
    await vi.waitFor(() => expect(useLogView.getState().loading).toBe(false));
    const { entries } = useLogView.getState();
    expect(seqs(entries)).toEqual([0, 1]);
    expect(subscribedTo).toBe('log.entries');
    // Two batches from the console within one frame.
    streamed!({ entries: range(2, 30, 'jobs') });
    streamed!({ entries: range(30, 50, 'jobs') });
    const version = useLogView.getState().version;
    // Nothing joins the view until the frame: a thousand entries a second make one update per frame.
    expect(entries.length).toBe(2);
    expect(frames).toHaveLength(1);
    runFrame();
    expect(useLogView.getState().version).toBe(version + 1);
    expect(seqs(entries)).toEqual(range(0, 50).map((entry) => entry.seq));
    expect(useLogView.getState().entries).toBe(entries);
    expect(useLogView.getState().sources).toEqual(['core', 'jobs']);

    useLogView.getState().setPaused(true);
    streamed!({ entries: range(50, 60) });
    runFrame();
    expect(entries.length).toBe(50);
    expect(useLogView.getState().heldCount).toBe(10);
    useLogView.getState().setPaused(false);
    expect(seqs(entries).slice(-3)).toEqual([57, 58, 59]);
    expect(useLogView.getState().sources).toEqual(['core', 'jobs', 'sync']);
    stop();
  });

  it('never holds more than the view’s cap', () => {
    expect(maxEntriesInView).toBe(100_000);
    const window = new LogWindow(maxEntriesInView);
    window.push(range(0, maxEntriesInView + 2_000));
    expect(window.length).toBe(maxEntriesInView);
    expect(window.at(0)!.seq).toBe(2_000);
  });
});
