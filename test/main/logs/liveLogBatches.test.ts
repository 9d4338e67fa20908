import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../../../src/shared/contract';
import { LiveLogBatches } from '../../../src/main/logs/liveLogBatches';

const entry = (seq: number): LogEntry => ({
  seq,
  time: '2026-12-02T12:00:00.000Z',
  level: 'info',
  source: 'core',
  message: `entry ${seq}`,
  fields: {},
  runId: null,
});
const seqs = (batches: LogEntry[][]) => batches.map((batch) => batch.map((each) => each.seq));

describe('LiveLogBatches', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the entries of one window together, in order, when the window ends', () => {
    const sent: LogEntry[][] = [];
    const batches = new LiveLogBatches({ windowMs: 50, maxEntries: 100 }, (entries) => sent.push(entries));
    for (let seq = 0; seq < 3; seq += 1) batches.add(entry(seq));
    vi.advanceTimersByTime(49);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seqs(sent)).toEqual([[0, 1, 2]]);
    // The next entry opens a new window: it does not wait for one that already ended.
    batches.add(entry(3));
    vi.advanceTimersByTime(50);
    expect(seqs(sent)).toEqual([[0, 1, 2], [3]]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('sends a full batch at once, and the rest with the window', () => {
    const sent: LogEntry[][] = [];
    const batches = new LiveLogBatches({ windowMs: 50, maxEntries: 2 }, (entries) => sent.push(entries));
    for (let seq = 0; seq < 5; seq += 1) batches.add(entry(seq));
    expect(seqs(sent)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    vi.advanceTimersByTime(50);
    expect(seqs(sent)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('sends what is pending on flush, and nothing when nothing is', () => {
    const sent: LogEntry[][] = [];
    const batches = new LiveLogBatches({ windowMs: 50, maxEntries: 100 }, (entries) => sent.push(entries));
    batches.flush();
    expect(sent).toEqual([]);
    batches.add(entry(0));
    batches.flush();
    expect(seqs(sent)).toEqual([[0]]);
    vi.advanceTimersByTime(50);
    expect(sent).toHaveLength(1);
  });

  it('does not throw from its timer when a receiver fails, and goes on with the next batch', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sent: LogEntry[][] = [];
    let fail = true;
    const batches = new LiveLogBatches({ windowMs: 50, maxEntries: 100 }, (entries) => {
      if (fail) throw new Error('receiver gone');
      sent.push(entries);
    });
    batches.add(entry(0));
    expect(() => vi.advanceTimersByTime(50)).not.toThrow();
    expect(stderr).toHaveBeenCalledWith(expect.stringContaining('1 log entries could not be sent to the live view'));
    fail = false;
    batches.add(entry(1));
    vi.advanceTimersByTime(50);
    expect(seqs(sent)).toEqual([[1]]);
    stderr.mockRestore();
  });
});
