import type { ItemCounts, RunError, UserResult } from '../../shared/contract';
import type { Logger } from '../logs/logService';
import type { JobDefinition, JobOutcome, JobRunContext } from '../jobs/jobRun';

export const calendarSyncJobId = 'outlookCalendarSync';
export const calendarSyncDefaultCron = '*/10 * * * *';

/** What one user's sync did; errors it could work around are listed, the rest are thrown. */
export type UserSyncOutcome = {
  toOutlook: ItemCounts;
  fromOutlook: ItemCounts;
  errors: RunError[];
  /** Worth knowing but no error (a lost answer settled without a duplicate), in words. */
  notes?: string[];
};

export type SyncTaskContext = { log: Logger; signal: AbortSignal };

/** One user's calendar sync and contacts push, as the sync feature provides it. */
export type SyncTask = {
  userId: string;
  userName: string;
  run(context: SyncTaskContext): Promise<UserSyncOutcome>;
};

/** A user the run should have synced but could not start for (no connected account …), with why and the fix. */
export type SkippedUser = { userId: string; userName: string; reason: string; explanation: string };

/** What there is to sync: the sync feature's port into the job. */
export type SyncSource = {
  /** The tasks of this run; `skipped` the users left out and why; `nothingToSync` says in words why there are no tasks. */
  plan(): Promise<{ tasks: SyncTask[]; skipped?: SkippedUser[]; nothingToSync?: string }>;
  /** A failure in plain words with the fix (AADSTS codes, 429, 410 …). */
  explain(error: unknown): string;
};

const noChanges = (): ItemCounts => ({ created: 0, updated: 0, deleted: 0 });

/** The Outlook Calendar Sync job: each user in turn, stopping between users when asked to. */
export function createCalendarSyncJob(source: SyncSource): JobDefinition {
  return {
    id: calendarSyncJobId,
    name: 'Outlook Calendar Sync',
    description: 'Two-way calendar sync with Outlook and contacts pushed to Outlook, for every user who has it turned on.',
    defaultCron: calendarSyncDefaultCron,
    run: (context) => runCalendarSync(source, context),
  };
}

async function runCalendarSync(source: SyncSource, context: JobRunContext): Promise<JobOutcome> {
  const { tasks, nothingToSync, skipped = [] } = await source.plan();
  context.setTotal(tasks.length + skipped.length);
  const results: UserResult[] = skipped.map(skippedResult);
  for (const result of results) {
    context.log.warning(`${result.userName}: not synced: ${result.errors[0].message}`, {
      userId: result.userId,
      explanation: result.errors[0].explanation,
    });
    context.userFinished(result);
  }
  if (tasks.length === 0) {
    // Nothing ran, so nothing succeeded: the run is recorded as skipped, with the reason.
    const summary = [
      nothingToSync ?? (skipped.length > 0 ? '' : 'Nothing is configured to sync.'),
      skipped.length > 0 ? describeTotals(results) : '',
    ]
      .filter(Boolean)
      .join(' ');
    context.log.info(summary);
    return { status: 'skipped', summary };
  }
  for (const task of tasks) {
    // Between users is the safe point: a user's sync is never cut off half-way by a shutdown.
    if (context.signal.aborted) {
      return {
        status: 'interrupted',
        summary: `Interrupted at shutdown after ${results.length - skipped.length} of ${tasks.length} users. ${describeTotals(results)}`,
      };
    }
    const result = await runTask(task, source, context);
    results.push(result);
    context.userFinished(result);
  }
  return { status: overallStatus(results.filter((result) => result.status !== 'skipped')), summary: describeTotals(results) };
}

function skippedResult(user: SkippedUser): UserResult {
  return {
    userId: user.userId,
    userName: user.userName,
    status: 'skipped',
    toOutlook: noChanges(),
    fromOutlook: noChanges(),
    errors: [{ message: user.reason, explanation: user.explanation }],
    notes: [],
    retryAt: null,
  };
}

/** Sync now for one user: a run of the job with that user's task alone. */
export function syncOneUser(task: SyncTask, source: Pick<SyncSource, 'explain'>): JobDefinition['run'] {
  return async (context) => {
    context.setTotal(1);
    context.log.info(`Sync now for ${task.userName}.`);
    const result = await runTask(task, source, context);
    context.userFinished(result);
    return { status: overallStatus([result]), summary: `Sync now for ${task.userName}: ${describeTotals([result])}` };
  };
}

async function runTask(task: SyncTask, source: Pick<SyncSource, 'explain'>, context: JobRunContext): Promise<UserResult> {
  const log = context.log.child({ source: 'sync' });
  try {
    const outcome = await task.run({ log, signal: context.signal });
    for (const error of outcome.errors)
      log.warning(`${task.userName}: ${error.message}`, { userId: task.userId, explanation: error.explanation });
    const { notes = [], ...counts } = outcome;
    return {
      userId: task.userId,
      userName: task.userName,
      status: outcome.errors.length > 0 ? 'partial' : 'success',
      ...counts,
      notes,
      retryAt: null,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const explanation = source.explain(error);
    const retryAt = retryAtOf(error);
    log.error(`${task.userName}: sync failed: ${message}`, { userId: task.userId, explanation });
    return {
      userId: task.userId,
      userName: task.userName,
      status: 'failed',
      toOutlook: noChanges(),
      fromOutlook: noChanges(),
      errors: [{ message, explanation }],
      notes: [],
      retryAt,
    };
  }
}

/**
 * When the failure says when to try again (Outlook asked a mailbox to wait longer than the console
 * waits): any error with a `retryAt` date, so the job needs no Graph types.
 */
function retryAtOf(error: unknown): string | null {
  const retryAt = (error as { retryAt?: unknown } | null)?.retryAt;
  return retryAt instanceof Date ? retryAt.toISOString() : null;
}

function overallStatus(results: readonly UserResult[]): JobOutcome['status'] {
  if (results.every((result) => result.status === 'success')) return 'success';
  if (results.every((result) => result.status === 'failed')) return 'failed';
  return 'partial';
}

/** e.g. "3 users: 2 synced, 1 failed. In Outlook 4 created, 1 updated, 0 deleted; from Outlook 2 created, 0 updated, 1 deleted." */
export function describeTotals(results: readonly UserResult[]): string {
  if (results.length === 0) return 'No user was synced.';
  const count = (status: UserResult['status']) => results.filter((result) => result.status === status).length;
  const parts = [`${count('success')} synced`];
  if (count('partial') > 0) parts.push(`${count('partial')} with errors`);
  if (count('skipped') > 0) parts.push(`${count('skipped')} skipped`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  const sum = (way: 'toOutlook' | 'fromOutlook') =>
    results.reduce(
      (total, result) => ({
        created: total.created + result[way].created,
        updated: total.updated + result[way].updated,
        deleted: total.deleted + result[way].deleted,
      }),
      noChanges(),
    );
  const words = (counts: ItemCounts) => `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted`;
  const users = `${results.length} ${results.length === 1 ? 'user' : 'users'}`;
  const waiting = results
    .filter((result) => result.retryAt)
    .map((result) => `${result.userName} can be tried again after ${result.retryAt!.replace(/\.\d{3}Z$/, 'Z')} (Outlook asked to wait)`);
  return `${users}: ${parts.join(', ')}. In Outlook ${words(sum('toOutlook'))}; from Outlook ${words(sum('fromOutlook'))}.${waiting.length > 0 ? ` ${waiting.join('; ')}.` : ''}`;
}
