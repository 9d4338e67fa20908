import type { JobSummary, RunSummary } from '../../../src/shared/contract';

/** The calendar sync as `jobs.list` describes it: active, not run yet. */
export const calendarSyncJob: JobSummary = {
  id: 'calendar-sync',
  name: 'Outlook Calendar Sync',
  description: 'Syncs every user’s calendar with Outlook.',
  onDemand: false,
  cron: '*/10 * * * *',
  defaultCron: '*/10 * * * *',
  active: true,
  timeZone: 'Europe/Berlin',
  nextRunAt: null,
  nextRuns: [],
  running: null,
  lastRun: null,
};

/** A run of the calendar sync, its summary "Run <id>"; a finished one took 5 s. */
export function calendarSyncRun(id: string, status: RunSummary['status']): RunSummary {
  const finished = status !== 'running';
  return {
    id,
    jobId: calendarSyncJob.id,
    trigger: 'manual',
    status,
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: finished ? '2026-11-26T10:00:05.000Z' : null,
    durationMs: finished ? 5000 : null,
    summary: `Run ${id}`,
    usersDone: 0,
    usersTotal: 1,
    errorCount: 0,
  };
}
