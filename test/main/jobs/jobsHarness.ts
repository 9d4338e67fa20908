import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { vi } from 'vitest';
import type { HistoryRetention, JobSummary, RunSummary } from '../../../src/shared/contract';
import { createCalendarSyncJob, type SyncSource, type SyncTask, type UserSyncOutcome } from '../../../src/main/sync/calendarSyncJob';
import { JobHistory } from '../../../src/main/jobs/jobHistory';
import type { AnyJob } from '../../../src/main/jobs/jobRun';
import { JobScheduler } from '../../../src/main/jobs/jobScheduler';
import { LogService } from '../../../src/main/logs/logService';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';

/** A source with nobody set up to sync: every run says so rather than pretending to have synced. */
const nothingConfiguredSource: SyncSource = {
  plan: async () => ({
    tasks: [],
    nothingToSync: 'Nothing is configured to sync: no user has an Outlook account connected with calendar sync or contacts push turned on.',
  }),
  explain: (error) => (error instanceof Error ? error.message : String(error)),
};

/**
 * The clock: vitest's fake timers replace Date and setTimeout, which is what node-schedule (and
 * its long-timeout) and the scheduler's `now` port read, so a test moves time and the very
 * node-schedule timers the app uses fire.
 */
export function useFakeClock(at: string): void {
  vi.useFakeTimers({ now: new Date(at), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
}

export type Harness = {
  scheduler: JobScheduler;
  history: JobHistory;
  db: DatabaseSync;
  logs: LogService;
  runEvents: RunSummary[];
  jobEvents: JobSummary[];
  close(): Promise<void>;
};

export function createHarness(
  dir: string,
  options: {
    jobs?: AnyJob[];
    source?: SyncSource;
    retention?: HistoryRetention;
    graceMs?: number;
    timeZone?: string;
    start?: boolean;
  } = {},
): Harness {
  const db = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now: () => new Date(), notify: () => {} });
  const history = new JobHistory(db);
  const runEvents: RunSummary[] = [];
  const jobEvents: JobSummary[] = [];
  const logListener: { scheduler?: JobScheduler } = {};
  const logs = new LogService({
    directory: join(dir, 'logs'),
    now: () => new Date(),
    level: 'info',
    onEntry: (entry) => logListener.scheduler?.captureLog(entry),
  });
  const scheduler = new JobScheduler({
    history,
    jobs: options.jobs ?? [createCalendarSyncJob(options.source ?? nothingConfiguredSource)],
    now: () => new Date(),
    timeZone: options.timeZone ?? 'UTC',
    logger: (source, runId) => logs.logger(source, runId),
    retention: () => options.retention ?? { days: 30, maxRuns: 5000 },
    onRunChanged: (run) => runEvents.push(run),
    onJobChanged: (job) => jobEvents.push(job),
    shutdownGraceMs: options.graceMs ?? 10_000,
    // A fake clock never lets a real turn of the loop pass while it advances: the users finishing
    // in one microtask checkpoint are written together instead.
    nextTurn: () => Promise.resolve(),
  });
  logListener.scheduler = scheduler;
  if (options.start !== false) scheduler.start();
  return {
    scheduler,
    history,
    db,
    logs,
    runEvents,
    jobEvents,
    async close() {
      await scheduler.shutdown();
      db.close();
    },
  };
}

export const counts = (created = 0, updated = 0, deleted = 0) => ({ created, updated, deleted });

/** A user's sync that takes `ms` of (fake) time and then answers, or throws. */
export function fakeTask(userName: string, ms: number, answer: UserSyncOutcome | Error): SyncTask {
  return {
    userId: userName.toLowerCase(),
    userName,
    async run({ log }) {
      log.info(`Syncing ${userName}'s calendar.`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

export function sourceOf(tasks: SyncTask[]): SyncSource {
  return { plan: async () => ({ tasks }), explain: (error) => `Plain words: ${(error as Error).message}` };
}

export const minutes = (count: number) => count * 60_000;
