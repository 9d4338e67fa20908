import type { FinishedRunStatus, LogEntry, RunDetail, RunSummary, RunTrigger, UserResult } from '../../shared/contract';
import type { Logger } from '../logs/logService';

/** What a job's body gets for one run. */
export type JobRunContext = {
  runId: string;
  trigger: RunTrigger;
  /** Every line written here is kept with the run in the job history. */
  log: Logger;
  /**
   * Aborted when the console shuts down or an administrator cancels the run (its reason is then
   * `cancelledReason`): stop at the next safe point (between users, between batches).
   */
  signal: AbortSignal;
  /** How many users this run will go through, for the progress bar. */
  setTotal(usersTotal: number): void;
  /**
   * One user is done. Users finishing in the same turn of the event loop are written to the
   * history together; the promise settles once this one is written (or kept in memory after a
   * failed write). A pool waits for it before it starts its next user, so a run killed with
   * SIGKILL lists everyone whose lane had moved on.
   */
  userFinished(result: UserResult): Promise<void>;
};

/** How the run ended, in the job's words; the user results were reported as they came. */
/** `skipped`: the run had nothing it could do (nobody to sync), said in `summary`. */
export type JobOutcome = { status: FinishedRunStatus; summary: string };

/** A scheduled job: its whole run, for its schedule, a missed run and Run now. */
export type JobDefinition = {
  id: string;
  name: string;
  description: string;
  defaultCron: string;
  run(context: JobRunContext): Promise<JobOutcome>;
};

/**
 * An on-demand job (the contacts push): it never runs on a schedule and has nothing to pause. A
 * feature starts each run with its input and body (`JobScheduler.startWith`); the run is kept,
 * cancelled and resumed like any other.
 */
export type OnDemandJob = { id: string; name: string; description: string; onDemand: true };

export type AnyJob = JobDefinition | OnDemandJob;

/** What an on-demand run is started with: the input is kept with the run, so a stopped one can be resumed with it. */
export type RunLaunch = {
  input: unknown;
  /** The run this one resumes, or null. */
  resumeOf: string | null;
  body: JobDefinition['run'];
};

/** `signal.reason` when an administrator cancelled the run (rather than the console shutting down). */
export const cancelledReason = 'cancelled';

export const triggerWords: Record<RunTrigger, string> = {
  schedule: 'on schedule',
  manual: 'run now',
  catchUp: 'catching up a missed run',
};

/** How many log lines one run keeps: enough to troubleshoot, bounded so one noisy run cannot fill the disk. */
export const maxLogLinesPerRun = 2000;

/**
 * How many finished users' results are held before they are written: they are otherwise written
 * once per event-loop turn, so a pool finishing many users at once costs one transaction, and a
 * run over 10,000 mailboxes never holds more than a batch of results in memory.
 */
export const userResultBatch = 200;

/** The state of one run in progress, owned by the scheduler. */
export class ActiveRun {
  readonly abort = new AbortController();
  /** Users finished but not yet written to the job history (at most one batch; see `userResultBatch`). */
  readonly unwritten: UserResult[] = [];
  /** Users finished so far, written or not: the results themselves are in the job history. */
  usersDone = 0;
  /** Added up as users finish: a progress update must not add up 10,000 results each time. */
  private errorsSoFar = 0;
  /** Kept in memory and written with the outcome: one transaction per run, not one per line. */
  readonly logLines: LogEntry[] = [];
  logLinesDropped = 0;
  usersTotal = 0;
  /** Set once the run is recorded as finished, so a late body cannot record it twice. */
  settled = false;
  /** An administrator asked it to stop: an interrupted outcome is recorded as cancelled. */
  cancelled = false;
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly jobId: string,
    readonly trigger: RunTrigger,
    readonly startedAt: Date,
    readonly log: Logger,
  ) {}

  summary(status: RunSummary['status'], text: string, finishedAt: Date | null): RunSummary {
    return {
      id: this.id,
      jobId: this.jobId,
      trigger: this.trigger,
      status,
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt ? finishedAt.toISOString() : null,
      durationMs: finishedAt ? Math.max(0, finishedAt.getTime() - this.startedAt.getTime()) : null,
      summary: text,
      usersDone: this.usersDone,
      usersTotal: Math.max(this.usersTotal, this.usersDone),
      errorCount: this.errorsSoFar,
    };
  }

  addUser(result: UserResult): void {
    this.unwritten.push(result);
    this.usersDone++;
    this.errorsSoFar += result.errors.length;
  }

  /** The results not yet written, handed over once: the caller writes them. */
  takeUnwritten(): UserResult[] {
    return this.unwritten.splice(0);
  }

  keepLog(entry: LogEntry): void {
    if (this.logLines.length < maxLogLinesPerRun) this.logLines.push(entry);
    else this.logLinesDropped++;
  }

  /** What the run detail shows while the run is still going: the users' results come from the job history. */
  detail(usersWritten: UserResult[]): RunDetail {
    return {
      ...this.summary('running', this.progressText(), null),
      users: usersWritten,
      logLines: [...this.logLines],
      logLinesDropped: this.logLinesDropped,
    };
  }

  progressText(): string {
    return this.usersTotal > 0 ? `Running: ${this.usersDone} of ${this.usersTotal} users done.` : 'Running…';
  }
}
