import { getHeapSpaceStatistics } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRelease, fullCollection, type MemoryRelease } from '../../../src/main/jobs/memoryRelease';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

const mb = 1024 * 1024;

/** A heap whose reserved size the test sets; a collection brings it back to `afterCollection`. */
function release(heap: { total: number; afterCollection: number }) {
  const collect = vi.fn(() => (heap.total = heap.afterCollection));
  return { collect, release: createMemoryRelease({ collect, heap: () => heap, quietMs: 10_000, growthBytes: 16 * mb }) };
}

describe('memory release after work', () => {
  afterEach(() => vi.useRealTimers());

  it('collects once the console has stayed quiet after work', () => {
    vi.useFakeTimers();
    const { collect, release: memory } = release({ total: 67 * mb, afterCollection: 31 * mb });
    memory.quiet();
    vi.advanceTimersByTime(9_999);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('collects again only once the heap has grown since it was last settled', () => {
    vi.useFakeTimers();
    const heap = { total: 67 * mb, afterCollection: 31 * mb };
    const { collect, release: memory } = release(heap);
    memory.quiet();
    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(1);

    heap.total = 31 * mb + 15 * mb; // an email check: a little growth
    memory.quiet();
    vi.advanceTimersByTime(60_000);
    expect(collect).toHaveBeenCalledTimes(1);

    heap.total = 31 * mb + 16 * mb; // a sync run
    memory.quiet();
    vi.advanceTimersByTime(10_000);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('has features let go of what they hold once quiet, before the collection, even when nothing is collected', () => {
    vi.useFakeTimers();
    const heap = { total: 67 * mb, afterCollection: 31 * mb };
    const order: string[] = [];
    const memory = createMemoryRelease({
      collect: () => {
        order.push('collect');
        heap.total = heap.afterCollection;
      },
      heap: () => heap,
      quietMs: 10_000,
      growthBytes: 16 * mb,
    });
    memory.whenQuiet(() => order.push('accounts'));
    memory.quiet();
    vi.advanceTimersByTime(5_000);
    memory.busy();
    vi.advanceTimersByTime(60_000);
    expect(order).toEqual([]);
    memory.quiet();
    vi.advanceTimersByTime(10_000);
    expect(order).toEqual(['accounts', 'collect']);
    memory.quiet();
    vi.advanceTimersByTime(10_000);
    expect(order).toEqual(['accounts', 'collect', 'accounts']);
  });

  it('collects nothing while work runs or after it stopped', () => {
    vi.useFakeTimers();
    const grown = release({ total: 200 * mb, afterCollection: 40 * mb });
    grown.release.quiet();
    vi.advanceTimersByTime(5_000);
    grown.release.busy();
    vi.advanceTimersByTime(60_000);
    expect(grown.collect).not.toHaveBeenCalled();
    grown.release.quiet();
    grown.release.stop();
    vi.advanceTimersByTime(60_000);
    expect(grown.collect).not.toHaveBeenCalled();
  });

  it('shrinks a young generation that work grew, without leaving a global gc behind', async () => {
    const youngGeneration = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_size;
    const survivors: unknown[][] = [];
    // Objects that live through a few scavenges make V8 grow the young generation.
    for (let round = 0; round < 400 && youngGeneration() < 16 * mb; round += 1) {
      survivors.push(Array.from({ length: 5_000 }, (_, i) => ({ i, text: `entry ${i}` })));
      if (survivors.length > 8) survivors.shift();
    }
    const grown = youngGeneration();
    expect(grown).toBeGreaterThanOrEqual(16 * mb);
    survivors.length = 0;
    // V8 shrinks the young generation only once allocation has slowed down, as after 10 s quiet.
    const collect = fullCollection();
    for (let tries = 0; tries < 20 && youngGeneration() >= grown / 2; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      collect();
    }
    expect(youngGeneration()).toBeLessThan(grown / 2);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });

  describe('in the core', () => {
    const tempDir = useTempDirs();

    it('is told when a run starts and when the last run has ended', async () => {
      const calls: string[] = [];
      const memoryRelease: MemoryRelease = {
        busy: () => calls.push('busy'),
        quiet: () => calls.push('quiet'),
        whenQuiet: () => calls.push('whenQuiet'),
        stop: () => calls.push('stop'),
      };
      const core = createTestCore(tempDir(), { memoryRelease });
      try {
        core.jobs.runNow(calendarSyncJobId);
        for (let tries = 0; tries < 200 && !core.jobs.summary(calendarSyncJobId).lastRun?.finishedAt; tries += 1)
          await new Promise((resolve) => setTimeout(resolve, 10));
        expect(core.jobs.summary(calendarSyncJobId).lastRun?.finishedAt).toBeTruthy();
        expect(calls.at(-1)).toBe('quiet');
      } finally {
        await core.shutdown();
      }
      expect(calls.at(-1)).toBe('stop');
    });
  });
});
