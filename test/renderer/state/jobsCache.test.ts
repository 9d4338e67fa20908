import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteRun, runDetailReadDelayMs } from '../../../src/renderer/src/state/jobsCache';
import { queryKeys } from '../../../src/renderer/src/state/queryKeys';
import { calendarSyncRun } from '../support/jobFixtures';

function detailReads(cache: QueryClient, runId: string) {
  const invalidate = vi.spyOn(cache, 'invalidateQueries').mockResolvedValue(undefined);
  const key = JSON.stringify(queryKeys.jobRun(runId));
  return () => invalidate.mock.calls.filter(([filters]) => JSON.stringify(filters?.queryKey) === key).length;
}

describe('an open run read again while it goes on', () => {
  afterEach(() => vi.useRealTimers());

  it('waits longer between reads the more users the run has', () => {
    expect(runDetailReadDelayMs(1)).toBe(300);
    expect(runDetailReadDelayMs(1_000)).toBe(300);
    expect(runDetailReadDelayMs(5_000)).toBe(1_500);
    expect(runDetailReadDelayMs(10_000)).toBe(3_000);
    expect(runDetailReadDelayMs(50_000)).toBe(3_000);
  });

  it('reads a 10,000-user run once per 3 s however many progress events arrive', () => {
    vi.useFakeTimers();
    const cache = new QueryClient();
    const reads = detailReads(cache, 'big');
    const run = { ...calendarSyncRun('big', 'running'), usersTotal: 10_000 };
    for (let done = 0; done < 2_900; done += 100) {
      noteRun(cache, { ...run, usersDone: done });
      vi.advanceTimersByTime(100);
    }
    expect(reads()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(reads()).toBe(1);
    noteRun(cache, { ...run, usersDone: 3_000 });
    vi.advanceTimersByTime(2_999);
    expect(reads()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(reads()).toBe(2);
  });

  it('reads a small run within 300 ms', () => {
    vi.useFakeTimers();
    const cache = new QueryClient();
    const reads = detailReads(cache, 'small');
    noteRun(cache, { ...calendarSyncRun('small', 'running'), usersTotal: 20 });
    vi.advanceTimersByTime(299);
    expect(reads()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(reads()).toBe(1);
  });
});
