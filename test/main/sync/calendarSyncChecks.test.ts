import { afterEach, describe, expect, it, vi } from 'vitest';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { calendarSyncChecks } from '../../../src/main/sync/calendarSyncChecks';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';
import { counts, createHarness, fakeTask, sourceOf, useFakeClock } from '../jobs/jobsHarness';

describe('scheduled job diagnostics', () => {
  const tempDir = useTempDirs();

  it('say when the job is paused, has not run, and when its last run had nothing to sync', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const core = createTestCore(tempDir(), { clock: { now: () => now } });
    const [check] = calendarSyncChecks(core.jobs, () => now);
    try {
      expect(await check.run()).toMatchObject({ status: 'warn', summary: expect.stringContaining('has not run yet') });
      core.jobs.update(calendarSyncJobId, { active: false });
      expect(await check.run()).toMatchObject({ status: 'fail', fix: expect.stringContaining('Active') });
      core.jobs.update(calendarSyncJobId, { active: true });
      core.jobs.runNow(calendarSyncJobId);
      for (let tries = 0; tries < 100 && !core.jobs.summary(calendarSyncJobId).lastRun?.finishedAt; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      // A run with nobody to sync did nothing: Diagnostics says so, with the fix, rather than "worked".
      expect(await check.run()).toMatchObject({
        status: 'warn',
        summary: expect.stringContaining('had nothing to sync: Nothing is configured to sync'),
        fix: expect.stringContaining('Accounts page'),
      });
    } finally {
      await core.shutdown();
    }
  });
});

describe('scheduled job diagnostics after a run that synced', () => {
  const tempDir = useTempDirs();
  afterEach(() => vi.useRealTimers());

  it('pass after a run that worked, and warn when it is long ago', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const h = createHarness(tempDir(), {
      source: sourceOf([fakeTask('Ann', 1_000, { toOutlook: counts(1), fromOutlook: counts(), errors: [] })]),
    });
    const [check] = calendarSyncChecks(h.scheduler, () => new Date());
    try {
      h.scheduler.runNow(calendarSyncJobId);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await check.run()).toMatchObject({ status: 'pass', summary: expect.stringContaining('1 synced') });
      vi.setSystemTime(new Date('2026-11-26T14:00:00Z'));
      expect(await check.run()).toMatchObject({ status: 'warn', summary: expect.stringContaining('120 minutes ago') });
    } finally {
      await h.close();
    }
  });
});
