import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobHistory } from '../../../src/main/jobs/jobHistory';
import { readRunTrends } from '../../../src/main/jobs/runTrends';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import type { LogEntry, RunSummary, UserResult } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';

const jobId = 'outlookCalendarSync';
const now = new Date('2026-12-02T10:00:00Z');

function run(id: string, startedAt: string, status: RunSummary['status'], durationMs: number, errorCount = 0): RunSummary {
  const start = new Date(startedAt);
  return {
    id,
    jobId,
    trigger: 'schedule',
    status,
    startedAt: start.toISOString(),
    finishedAt: new Date(start.getTime() + durationMs).toISOString(),
    durationMs,
    summary: id,
    usersDone: 1,
    usersTotal: 1,
    errorCount,
  };
}

function user(toOutlook: number, fromOutlook: number): UserResult {
  return {
    userId: '1',
    userName: 'Ada',
    status: 'success',
    toOutlook: { created: toOutlook, updated: 0, deleted: 0 },
    fromOutlook: { created: 0, updated: fromOutlook, deleted: 0 },
    errors: [],
    notes: [],
    retryAt: null,
  };
}

function line(runId: string, seq: number, fields: Record<string, unknown>): LogEntry {
  return { seq, time: now.toISOString(), level: 'info', source: 'sync', message: 'Outlook asked to wait', fields, runId };
}

describe('run trends for the overview', () => {
  const tempDir = useTempDirs();

  function history() {
    const db = openWorkspaceDatabase({ path: join(tempDir(), 'workspace.db'), now: () => now, notify: () => {} });
    return new JobHistory(db);
  }

  it('adds up each run’s changes each way and its throttling waits, oldest first, and totals them per day', () => {
    const jobs = history();
    const finish = (summary: RunSummary, users: UserResult[], lines: LogEntry[] = []) => {
      jobs.insertRun({ ...summary, status: 'running', finishedAt: null, durationMs: null });
      jobs.finishRun(summary, users, { lines, dropped: 0 });
    };
    finish(
      run('b', '2026-12-02T09:00:00Z', 'partial', 4000, 2),
      [user(3, 1), user(2, 0)],
      [line('b', 1, { userId: 1, waitMs: 1500 }), line('b', 2, { userId: 1 }), line('b', 3, { waitMs: 2500 })],
    );
    finish(run('a', '2026-12-01T09:00:00Z', 'success', 1000), [user(0, 4)]);
    finish(run('skipped', '2026-12-02T09:30:00Z', 'skipped', 0), []);
    finish(run('old', '2026-11-20T09:00:00Z', 'failed', 9000, 1), [user(9, 9)]);
    finish({ ...run('other-job', '2026-12-02T08:00:00Z', 'success', 500), jobId: 'checkEmailAccounts' }, [user(7, 7)]);

    const trends = readRunTrends(jobs.database, { jobId, days: 7, timeZone: 'UTC', now });

    expect(trends.points.map((point) => point.runId)).toEqual(['a', 'b']);
    expect(trends.points[1]).toMatchObject({ toOutlook: 5, fromOutlook: 1, errors: 2, durationMs: 4000, throttleWaitMs: 4000 });
    expect(trends.points[0]).toMatchObject({ toOutlook: 0, fromOutlook: 4, throttleWaitMs: 0 });
    expect(trends.days.map((day) => day.day)).toEqual([
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(trends.days.at(-1)).toMatchObject({ runs: 1, averageDurationMs: 4000, toOutlook: 5, throttleWaitMs: 4000 });
    expect(trends.days[0]).toMatchObject({ runs: 0, averageDurationMs: null });
  });

  it('counts days in the administrator’s time zone', () => {
    const jobs = history();
    const late = run('late', '2026-12-01T23:30:00Z', 'success', 1000);
    jobs.insertRun({ ...late, status: 'running', finishedAt: null, durationMs: null });
    jobs.finishRun(late, [], { lines: [], dropped: 0 });
    const inTokyo = readRunTrends(jobs.database, { jobId, days: 2, timeZone: 'Asia/Tokyo', now });
    expect(inTokyo.days.find((day) => day.runs === 1)?.day).toBe('2026-12-02');
    const inNewYork = readRunTrends(jobs.database, { jobId, days: 2, timeZone: 'America/New_York', now });
    expect(inNewYork.days.find((day) => day.runs === 1)?.day).toBe('2026-12-01');
  });
});
