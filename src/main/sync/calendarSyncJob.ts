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

export type CalendarSyncJobOptions = {
  /** How many users' tasks run at once (the Scheduled jobs page's pool size), read at each run. */
  poolSize?: () => number;
};

/** The Outlook Calendar Sync job: users side by side in a bounded pool, stopping between users when asked to. */
export function createCalendarSyncJob(source: SyncSource, options: CalendarSyncJobOptions = {}): JobDefinition {
  return {
    id: calendarSyncJobId,
    name: 'Outlook Calendar Sync',
    description: 'Two-way calendar sync with Outlook and contacts pushed to Outlook, for every user who has it turned on.',
    defaultCron: calendarSyncDefaultCron,
    run: (context) => runCalendarSync(source, context, Math.max(1, Math.floor(options.poolSize?.() ?? 1))),
  };
}

async function runCalendarSync(source: SyncSource, context: JobRunContext, poolSize: number): Promise<JobOutcome> {
  const { tasks, nothingToSync, skipped = [] } = await source.plan();
  context.setTotal(tasks.length + skipped.length);
  // Only what the outcome needs is kept per user (status and counts live in the history, reported as they come).
  const tally = new RunTally();
  let skippedWritten = Promise.resolve();
  for (const user of skipped) {
    const result = skippedResult(user);
    context.log.warning(`${result.userName}: not synced: ${result.errors[0].message}`, {
      userId: result.userId,
      explanation: result.errors[0].explanation,
    });
    tally.add(result);
    // Written together in one turn: awaiting each would give every skipped user a turn of its own.
    skippedWritten = context.userFinished(result);
  }
  await skippedWritten;
  if (tasks.length === 0) {
    // Nothing ran, so nothing succeeded: the run is recorded as skipped, with the reason.
    const summary = [
      nothingToSync ?? (skipped.length > 0 ? '' : 'Nothing is configured to sync.'),
      skipped.length > 0 ? tally.describe() : '',
    ]
      .filter(Boolean)
      .join(' ');
    context.log.info(summary);
    return { status: 'skipped', summary };
  }
  const finished = await runPool(tasks, poolSize, context.signal, async (task) => {
    const result = await runTask(task, source, context);
    tally.add(result);
    await context.userFinished(result);
  });
  if (finished < tasks.length) {
    return {
      status: 'interrupted',
      summary: `Interrupted at shutdown after ${finished} of ${tasks.length} users. ${tally.describe()}`,
    };
  }
  return { status: tally.status(), summary: tally.describe() };
}

/**
 * Runs `work` over `items`, at most `size` at once, in order of start. Once `signal` is aborted no
 * new item starts; the ones running finish (a user's sync is the safe point, never cut half-way).
 * Resolves with how many items ran. Written here because it is a dozen lines bound to our abort
 * semantics (p-limit and friends neither stop on a signal nor report what was left).
 */
export async function runPool<T>(
  items: readonly T[],
  size: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  let ran = 0;
  const lane = async () => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++];
      await work(item);
      ran++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return ran;
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
    await context.userFinished(result);
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

/** A run's totals, added up as users finish, so 10,000 results need not be kept to describe the run. */
class RunTally {
  private readonly statuses = { success: 0, partial: 0, skipped: 0, failed: 0 };
  private readonly toOutlook = noChanges();
  private readonly fromOutlook = noChanges();
  private readonly waiting: string[] = [];

  add(result: UserResult): void {
    this.statuses[result.status]++;
    for (const [sum, counts] of [
      [this.toOutlook, result.toOutlook],
      [this.fromOutlook, result.fromOutlook],
    ] as const) {
      sum.created += counts.created;
      sum.updated += counts.updated;
      sum.deleted += counts.deleted;
    }
    if (result.retryAt) this.waiting.push(waitingWords(result));
  }

  status(): JobOutcome['status'] {
    const { success, partial, failed } = this.statuses;
    if (partial === 0 && failed === 0) return 'success';
    if (success === 0 && partial === 0) return 'failed';
    return 'partial';
  }

  describe(): string {
    return totalsInWords(this.statuses, this.toOutlook, this.fromOutlook, this.waiting);
  }
}

function overallStatus(results: readonly UserResult[]): JobOutcome['status'] {
  if (results.every((result) => result.status === 'success')) return 'success';
  if (results.every((result) => result.status === 'failed')) return 'failed';
  return 'partial';
}

/** e.g. "3 users: 2 synced, 1 failed. In Outlook 4 created, 1 updated, 0 deleted; from Outlook 2 created, 0 updated, 1 deleted." */
export function describeTotals(results: readonly UserResult[]): string {
  const tally = new RunTally();
  for (const result of results) tally.add(result);
  return tally.describe();
}

function waitingWords(result: UserResult): string {
  return `${result.userName} can be tried again after ${result.retryAt!.replace(/\.\d{3}Z$/, 'Z')} (Outlook asked to wait)`;
}

function totalsInWords(
  statuses: Record<UserResult['status'], number>,
  toOutlook: ItemCounts,
  fromOutlook: ItemCounts,
  waiting: readonly string[],
): string {
  const total = statuses.success + statuses.partial + statuses.skipped + statuses.failed;
  if (total === 0) return 'No user was synced.';
  const parts = [`${statuses.success} synced`];
  if (statuses.partial > 0) parts.push(`${statuses.partial} with errors`);
  if (statuses.skipped > 0) parts.push(`${statuses.skipped} skipped`);
  if (statuses.failed > 0) parts.push(`${statuses.failed} failed`);
  const words = (counts: ItemCounts) => `${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted`;
  const users = `${total} ${total === 1 ? 'user' : 'users'}`;
  return `${users}: ${parts.join(', ')}. In Outlook ${words(toOutlook)}; from Outlook ${words(fromOutlook)}.${waiting.length > 0 ? ` ${waiting.join('; ')}.` : ''}`;
}
