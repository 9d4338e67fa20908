import { describe, expect, it } from 'vitest';
import { calendarSyncJobId } from '../../../src/main/jobs/calendarSyncJob';
import { jobChecks } from '../../../src/main/jobs/jobChecks';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

describe('scheduled job diagnostics', () => {
  const tempDir = useTempDirs();

  it('say when the job is paused, has not run, and when its last run worked', async () => {
    let now = new Date('2026-11-26T12:00:00Z');
    const core = createTestCore(tempDir(), { clock: { now: () => now } });
    const [check] = jobChecks(core.jobs, () => now);
    try {
      expect(await check.run()).toMatchObject({ status: 'warn', summary: expect.stringContaining('has not run yet') });
      core.jobs.update(calendarSyncJobId, { active: false });
      expect(await check.run()).toMatchObject({ status: 'fail', fix: expect.stringContaining('Active') });
      core.jobs.update(calendarSyncJobId, { active: true });
      core.jobs.runNow(calendarSyncJobId);
      for (let tries = 0; tries < 100 && !core.jobs.summary(calendarSyncJobId).lastRun?.finishedAt; tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await check.run()).toMatchObject({ status: 'pass', summary: expect.stringContaining('Nothing is configured to sync') });
      now = new Date('2026-11-26T14:00:00Z');
      expect(await check.run()).toMatchObject({ status: 'warn', summary: expect.stringContaining('120 minutes ago') });
    } finally {
      await core.shutdown();
    }
  });
});
