import { describe, expect, it, vi } from 'vitest';
import { defaultMailboxPool, type ConsoleStatus, type RunSummary } from '../../../src/shared/contract';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

const call = (core: ReturnType<typeof createTestCore>, channel: string, input?: unknown) =>
  core.registry.invoke(channel, input, { transport: 'internal' });

describe('scheduled jobs through the contract', () => {
  const tempDir = useTempDirs();

  it('lists the sync job, previews a schedule in the administrator’s zone and refuses a bad one naming the field', async () => {
    const core = createTestCore(tempDir(), { timeZone: 'Europe/Berlin' });
    try {
      expect(await call(core, 'jobs.list')).toMatchObject({
        ok: true,
        result: {
          timeZone: 'Europe/Berlin',
          retention: { days: 30, maxRuns: 5000 },
          jobs: [
            { id: 'outlookCalendarSync', cron: '*/10 * * * *', active: true },
            { id: 'checkEmailAccounts', name: 'Check email accounts', cron: '* * * * *', active: true },
            { id: 'contactsPush', name: 'Contacts push to Outlook', onDemand: true, cron: '', nextRunAt: null },
          ],
        },
      });
      // 09:00 in Berlin is 08:00 UTC in November.
      expect(await call(core, 'jobs.preview', { cron: '0 9 * * 1-5' })).toMatchObject({
        ok: true,
        result: {
          timeZone: 'Europe/Berlin',
          description: 'Cron schedule 0 9 * * 1-5',
          nextRuns: [
            '2026-11-27T08:00:00.000Z',
            '2026-11-30T08:00:00.000Z',
            '2026-12-01T08:00:00.000Z',
            '2026-12-02T08:00:00.000Z',
            '2026-12-03T08:00:00.000Z',
          ],
        },
      });
      expect(await call(core, 'jobs.preview', { cron: '*/10 * * 13 *' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ field: 'cron', message: expect.stringContaining('The month field (4th) "13"') }] },
      });
      expect(await call(core, 'jobs.update', { jobId: 'outlookCalendarSync', cron: '' })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ field: 'cron' }] },
      });
      expect(await call(core, 'jobs.update', { jobId: 'nope', active: false })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call(core, 'jobs.setRetention', { days: 0 })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ field: 'days' }] },
      });
      expect(await call(core, 'jobs.setRetention', { maxRuns: 2000 })).toMatchObject({ ok: true, result: { days: 30, maxRuns: 2000 } });
      expect(core.settings.get().jobHistory).toEqual({ days: 30, maxRuns: 2000 });
    } finally {
      await core.shutdown();
    }
  });

  it('the longest wait for Outlook: 5 minutes by default, 1 to 60 whole minutes, kept in the settings', async () => {
    const dir = tempDir();
    const core = createTestCore(dir);
    try {
      expect(await call(core, 'jobs.list')).toMatchObject({ ok: true, result: { syncLimits: { maxWaitMinutes: 5 } } });
      for (const bad of [0, 61, 2.5]) {
        expect(await call(core, 'jobs.setSyncLimits', { maxWaitMinutes: bad })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', issues: [{ field: 'maxWaitMinutes' }] },
        });
      }
      expect(await call(core, 'jobs.setSyncLimits', { maxWaitMinutes: 2, extra: true })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      });
      expect(await call(core, 'jobs.setSyncLimits', { maxWaitMinutes: 12 })).toEqual({
        ok: true,
        result: { maxWaitMinutes: 12, mailboxPool: defaultMailboxPool },
      });
    } finally {
      await core.shutdown();
    }
    const again = createTestCore(dir);
    try {
      expect(again.settings.get().syncLimits).toEqual({ maxWaitMinutes: 12, mailboxPool: defaultMailboxPool });
    } finally {
      await again.shutdown();
    }
  });

  it('the mailboxes synced at once: 1 to 256 whole mailboxes, kept in the settings; the wait is left as it was', async () => {
    const dir = tempDir();
    const core = createTestCore(dir);
    try {
      expect(await call(core, 'jobs.list')).toMatchObject({ ok: true, result: { syncLimits: { mailboxPool: defaultMailboxPool } } });
      for (const bad of [0, 257, 1.5]) {
        expect(await call(core, 'jobs.setSyncLimits', { mailboxPool: bad })).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION', issues: [{ field: 'mailboxPool', message: expect.stringMatching(/mailbox/) }] },
        });
      }
      await call(core, 'jobs.setSyncLimits', { maxWaitMinutes: 7 });
      expect(await call(core, 'jobs.setSyncLimits', { mailboxPool: 8 })).toEqual({
        ok: true,
        result: { maxWaitMinutes: 7, mailboxPool: 8 },
      });
      // The app-wide gate reads it at once: no more than 8 requests in flight from now on.
      const gate = core.mailboxGates.app;
      const held = await Promise.all(Array.from({ length: 8 }, () => gate.acquire()));
      let ninth = false;
      const waiting = gate.acquire().then((release) => {
        ninth = true;
        release();
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ninth).toBe(false);
      held[0]();
      await waiting;
      expect(ninth).toBe(true);
      for (const release of held) release();
    } finally {
      await core.shutdown();
    }
    const again = createTestCore(dir);
    try {
      expect(again.settings.get().syncLimits).toEqual({ maxWaitMinutes: 7, mailboxPool: 8 });
    } finally {
      await again.shutdown();
    }
  });

  it('runs now, streams the run, and the status bar shows the real last sync', async () => {
    const core = createTestCore(tempDir());
    const runs: RunSummary[] = [];
    const statuses: ConsoleStatus[] = [];
    core.events.subscribe((envelope) => {
      if (envelope.event === 'jobs.runChanged') runs.push(envelope.payload);
      if (envelope.event === 'status.changed') statuses.push(envelope.payload);
    });
    try {
      expect(await call(core, 'status.get')).toEqual({
        ok: true,
        result: { integrationEnabled: false, lastSync: null, secretExpiry: null, accountsNeedingReconnect: [] },
      });
      const started = await call(core, 'jobs.runNow', { jobId: 'outlookCalendarSync' });
      expect(started).toMatchObject({ ok: true, result: { run: { trigger: 'manual' } } });
      // Nobody is set up to sync: the run is recorded as skipped with the reason, and the status bar
      // does not claim a sync happened.
      await vi.waitFor(() => expect(runs.at(-1)?.status).toBe('skipped'));
      expect(runs.at(-1)?.summary).toMatch(/^Nothing is configured to sync/);
      expect(await call(core, 'status.get')).toEqual({
        ok: true,
        result: { integrationEnabled: false, lastSync: null, secretExpiry: null, accountsNeedingReconnect: [] },
      });
      expect(statuses.every((status) => status.lastSync === null)).toBe(true);
      const id = runs[0].id;
      const detail = await call(core, 'jobs.runDetail', { runId: id });
      expect(detail).toMatchObject({
        ok: true,
        result: { id, users: [], logLines: expect.arrayContaining([expect.objectContaining({ runId: id, source: 'jobs' })]) },
      });
      expect(await call(core, 'jobs.history', { jobId: 'outlookCalendarSync', statuses: ['skipped'] })).toMatchObject({
        ok: true,
        result: { total: 1 },
      });
      expect(await call(core, 'jobs.history', { jobId: 'outlookCalendarSync', statuses: ['success'] })).toMatchObject({
        ok: true,
        result: { total: 0 },
      });
      expect(await call(core, 'jobs.runDetail', { runId: 'gone' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    } finally {
      await core.shutdown();
    }
  });
});
