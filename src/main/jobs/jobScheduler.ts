import { randomUUID } from 'node:crypto';
import schedule from 'node-schedule';
import {
  ContractError,
  type HistoryRetention,
  type JobSummary,
  type LogEntry,
  type RunDetail,
  type RunSummary,
  type RunTrigger,
  type UserResult,
} from '../../shared/contract';
import type { Logger } from '../logs/logService';
import { nextRuns, previousRun, requireValidCron } from './cronPreview';
import type { JobHistory, RunRecord } from './jobHistory';
import { ActiveRun, cancelledReason, triggerWords, userResultBatch, type AnyJob, type JobDefinition, type RunLaunch } from './jobRun';

export type JobSchedulerOptions = {
  history: JobHistory;
  /** The jobs known from the start; features add theirs with `define` before `start`. */
  jobs?: readonly AnyJob[];
  now: () => Date;
  /** The administrator's IANA time zone: schedules are read in it. */
  timeZone: string;
  logger: (source: string, runId?: string) => Logger;
  retention: () => HistoryRetention;
  onJobChanged?: (job: JobSummary) => void;
  onRunChanged?: (run: RunSummary) => void;
  /** How long shutdown waits for a run to reach a safe point before recording it interrupted. */
  shutdownGraceMs?: number;
  newRunId?: () => string;
  /**
   * A later turn of the event loop: users finishing before it are written together. By default
   * `setImmediate`; a test on a fake clock, which never lets a real turn pass, passes a microtask.
   */
  nextTurn?: () => Promise<void>;
};

const nextImmediate = () => new Promise<void>((resolve) => setImmediate(resolve));

const dayMs = 24 * 60 * 60 * 1000;
/** A scheduled time this close after the last run is that run, not a missed one. */
const catchUpToleranceMs = 5_000;

/**
 * The runtime of every long piece of work, on node-schedule: scheduled jobs and on-demand ones (a
 * contacts push). One run of a job at a time (a trigger during a run is recorded as skipped, an
 * on-demand start refused), a missed run caught up once at start-up or wake, a run cancelled at
 * its next safe point, and a shutdown that lets the running jobs reach one or records them as
 * interrupted. Every run, with its users' results and log lines, is kept in the job history.
 */
export class JobScheduler {
  private readonly definitions = new Map<string, AnyJob>();
  private readonly scheduled = new Map<string, schedule.Job>();
  private readonly running = new Map<string, ActiveRun>();
  private readonly activeRuns = new Map<string, ActiveRun>();
  private readonly log: Logger;
  private dailyPrune?: ReturnType<typeof setInterval>;
  private stopping = false;
  private started = false;
  private zone: string;

  constructor(private readonly options: JobSchedulerOptions) {
    this.zone = options.timeZone;
    for (const job of options.jobs ?? []) this.define(job);
    this.log = options.logger('jobs');
  }

  /** Adds a feature's job; the composition root calls it for every feature before `start()`. */
  define(job: AnyJob): void {
    if (this.definitions.has(job.id)) throw new Error(`A job "${job.id}" is already defined.`);
    this.definitions.set(job.id, job);
  }

  get timeZone(): string {
    return this.zone;
  }

  /** The administrator chose another zone: every schedule is read in it from now on (node-schedule's `tz`). */
  setTimeZone(zone: string): void {
    if (zone === this.zone) return;
    const before = this.zone;
    this.zone = zone;
    this.log.notice(`Schedules are now read in ${zone} (were ${before}).`);
    if (!this.started) return;
    for (const jobId of this.definitions.keys()) {
      this.schedule(jobId);
      this.changed(jobId);
    }
  }

  /** Recovers what a previous process left, prunes, schedules the active jobs and catches up. */
  start(): void {
    this.started = true;
    const now = this.options.now();
    for (const run of this.options.history.interruptLeftovers(now)) {
      this.log.warning(
        `A run of ${this.definition(run.jobId)?.name ?? run.jobId} was left unfinished by the previous start; it is recorded as interrupted.`,
        { runId: run.id },
      );
    }
    this.prune();
    for (const job of this.definitions.values()) this.schedule(job.id);
    this.dailyPrune = setInterval(() => this.prune(), dayMs);
    this.dailyPrune.unref?.();
    this.checkMissedRuns('start-up');
  }

  /** The scheduled jobs, then the on-demand ones. */
  list(): JobSummary[] {
    const jobs = [...this.definitions.values()];
    return [...jobs.filter((job) => !('onDemand' in job)), ...jobs.filter((job) => 'onDemand' in job)].map((job) => this.summary(job.id));
  }

  summary(jobId: string): JobSummary {
    const job = this.require(jobId);
    const config = this.config(jobId);
    const upcoming = config.active && config.cron ? nextRuns(config.cron, { after: this.options.now(), timeZone: this.zone }) : [];
    const active = this.running.get(jobId);
    return {
      id: job.id,
      name: job.name,
      description: job.description,
      onDemand: 'onDemand' in job,
      cron: config.cron,
      defaultCron: 'onDemand' in job ? '' : job.defaultCron,
      active: config.active,
      timeZone: this.zone,
      nextRunAt: upcoming[0]?.toISOString() ?? null,
      nextRuns: upcoming.map((date) => date.toISOString()),
      running: active ? active.summary('running', active.progressText(), null) : null,
      lastRun: this.lastRun(jobId),
    };
  }

  /** Changes the schedule and/or pauses or resumes; a bad schedule changes nothing. */
  update(jobId: string, change: { cron?: string; active?: boolean }): JobSummary {
    const job = this.require(jobId);
    if ('onDemand' in job)
      throw new ContractError('CONFLICT', `${job.name} runs only when it is started on its page: it has no schedule to change or pause.`);
    const config = this.config(jobId);
    const cron = change.cron === undefined ? config.cron : requireValidCron(change.cron);
    const active = change.active ?? config.active;
    const now = this.options.now();
    this.options.history.saveConfig({ jobId, cron, active, activeSince: active && !config.active ? now : config.activeSince }, now);
    if (cron !== config.cron) this.log.notice(`${job.name}: schedule changed from "${config.cron}" to "${cron}".`);
    if (active !== config.active) this.log.notice(`${job.name} ${active ? 'resumed' : 'paused'}.`);
    this.schedule(jobId);
    return this.changed(jobId);
  }

  runNow(jobId: string): RunSummary {
    return this.trigger(jobId, 'manual');
  }

  /**
   * A manual run of one part of a job (Sync now for one user): kept in the job's history like any
   * run and under the same rule — while the job runs it is recorded as skipped. Resolves with the
   * run as it ended.
   */
  async runPartNow(jobId: string, body: RunLaunch['body']): Promise<RunSummary> {
    const started = this.trigger(jobId, 'manual', body);
    if (started.status !== 'running') return started;
    await this.activeRuns.get(started.id)?.done;
    return this.options.history.run(started.id) ?? started;
  }

  /**
   * Starts a run of `launch.body`, keeping its input (and the run it resumes) with the run, so a
   * stopped run can be resumed with the same input. Refused while the job runs: whoever started
   * it is told at once, rather than a skipped run recorded. `finished` resolves once the run's
   * outcome is recorded.
   */
  startWith(jobId: string, launch: RunLaunch): { run: RunSummary; finished: Promise<RunRecord | undefined> } {
    const job = this.require(jobId);
    const current = this.running.get(jobId);
    if (current)
      throw new ContractError(
        'CONFLICT',
        `${job.name} is already running (since ${current.startedAt.toISOString()}): wait for it to finish or cancel it, then start it again.`,
      );
    if (this.stopping) throw new ContractError('CONFLICT', 'The console is shutting down; no new run starts.');
    const run = this.startRun(job, 'manual', this.options.now(), launch.body, launch);
    const finished = this.activeRuns
      .get(run.id)!
      .done.then(() => this.options.history.record(run.id))
      // A body that outlived the shutdown's grace ends after the database closed: the run was recorded interrupted then.
      .catch(() => undefined);
    return { run, finished };
  }

  /** Asks a run in progress to stop at its next safe point; false when it is not running (any more). */
  cancel(runId: string): boolean {
    const run = this.activeRuns.get(runId);
    if (!run || run.settled) return false;
    if (!run.cancelled) {
      run.cancelled = true;
      run.log.notice(`${this.require(run.jobId).name}: cancelled; the work under way finishes first, nothing new starts.`);
      run.abort.abort(cancelledReason);
    }
    return true;
  }

  /**
   * The newest run that ran: one that had nothing to do (skipped, with its reason) counts, one
   * skipped because another run was still going does not.
   */
  private lastRun(jobId: string): RunSummary | null {
    const ran = this.options.history.latest(jobId, ['success', 'partial', 'failed', 'interrupted']);
    const skipped = this.options.history.latest(jobId, ['skipped']);
    const nothingToDo = skipped && !isOverlapSkip(skipped) ? skipped : undefined;
    if (!ran || !nothingToDo) return ran ?? nothingToDo ?? null;
    return nothingToDo.startedAt > ran.startedAt ? nothingToDo : ran;
  }

  /** Starts a run (of the whole job, or of `body`), or records a skipped one while the job is already running. */
  trigger(jobId: string, trigger: RunTrigger, body?: RunLaunch['body']): RunSummary {
    const job = this.require(jobId);
    const run = body ?? ('onDemand' in job ? undefined : job.run.bind(job));
    if (!run) throw new ContractError('CONFLICT', `${job.name} runs only when it is started on its page, with what it is to do.`);
    if (this.stopping) throw new ContractError('CONFLICT', 'The console is shutting down; no new run starts.');
    const now = this.options.now();
    const current = this.running.get(jobId);
    if (current) {
      const skipped = new ActiveRun(this.newRunId(), jobId, trigger, now, this.log).summary(
        'skipped',
        `${overlapSkipPrefix}${triggerWords[trigger]}): the run started at ${current.startedAt.toISOString()} was still in progress.`,
        now,
      );
      this.options.history.insertRun(skipped);
      this.log.info(`${job.name}: ${skipped.summary}`, { runId: skipped.id });
      this.options.onRunChanged?.(skipped);
      return skipped;
    }
    return this.startRun(job, trigger, now, run);
  }

  /** Runs once now if a scheduled time passed with no run since (sleep, or the console was off). */
  checkMissedRuns(reason: 'start-up' | 'wake'): RunSummary[] {
    if (this.stopping) return [];
    const started: RunSummary[] = [];
    const now = this.options.now();
    for (const [jobId, job] of this.definitions) {
      if ('onDemand' in job) continue;
      const config = this.config(jobId);
      if (reason === 'wake') this.schedule(jobId); // timers that slept through their time are replaced
      if (!config.active || this.running.has(jobId)) continue;
      const lastStart = this.options.history.latest(jobId)?.startedAt;
      const since = Math.max(config.activeSince.getTime(), lastStart ? Date.parse(lastStart) : 0);
      const due = previousRun(config.cron, { at: now, timeZone: this.zone });
      if (due.getTime() - since <= catchUpToleranceMs) continue;
      this.log.notice(
        `${this.require(jobId).name}: the run due at ${due.toISOString()} was missed (${reason === 'wake' ? 'the computer was asleep' : 'the console was not running'}); running it once now.`,
      );
      started.push(this.trigger(jobId, 'catchUp'));
    }
    return started;
  }

  /** Keeps a log entry with its run while the run is in progress. */
  captureLog(entry: LogEntry): void {
    if (entry.runId) this.activeRuns.get(entry.runId)?.keepLog(entry);
  }

  /**
   * A run's detail from the history; a run in progress with its progress and log lines from
   * memory, its users' results as written so far (the ones waiting for this turn's write first).
   */
  detail(runId: string): RunDetail | undefined {
    const active = this.activeRuns.get(runId);
    if (!active) return this.options.history.detail(runId);
    this.writeFinishedUsers(active);
    return active.detail(this.options.history.users(runId));
  }

  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Whether any run, of any job, is in progress. */
  get busy(): boolean {
    return this.activeRuns.size > 0;
  }

  prune(): number {
    const removed = this.options.history.prune(this.options.retention(), this.options.now());
    if (removed > 0) this.log.info(`Job history pruned: ${removed} old runs removed.`);
    return removed;
  }

  /** Stops scheduling; waits up to the grace period for running jobs, else records them interrupted. */
  async shutdown(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.dailyPrune);
    for (const job of this.scheduled.values()) job.cancel();
    this.scheduled.clear();
    const grace = this.options.shutdownGraceMs ?? 10_000;
    await Promise.all(
      [...this.running.values()].map(async (run) => {
        run.log.notice(`Shutting down: asking the run to stop at its next safe point (waiting up to ${Math.round(grace / 1000)} s).`);
        run.abort.abort('shutdown');
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = await Promise.race([
          run.done.then(() => false),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), grace))),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          this.finish(
            run,
            'interrupted',
            `Interrupted: the console shut down before the run reached a safe point (${run.usersDone} of ${run.usersTotal} users done).`,
          );
        }
      }),
    );
  }

  private startRun(job: AnyJob, trigger: RunTrigger, now: Date, body: JobDefinition['run'], launch?: Omit<RunLaunch, 'body'>): RunSummary {
    const id = this.newRunId();
    const run = new ActiveRun(id, job.id, trigger, now, this.options.logger('jobs', id));
    this.running.set(job.id, run);
    this.activeRuns.set(id, run);
    this.options.history.insertRun(run.summary('running', run.progressText(), null), launch);
    run.log.info(`${job.name} started (${triggerWords[trigger]}).`);
    const progress = () => {
      const summary = run.summary('running', run.progressText(), null);
      this.options.history.updateProgress(id, summary.usersDone, summary.usersTotal, summary.summary);
      this.options.onRunChanged?.(summary);
    };
    // Users finishing in the same event-loop turn (a pool of mailboxes) are written together.
    let queuedWrite: Promise<void> | undefined;
    const context = {
      runId: id,
      trigger,
      log: run.log,
      signal: run.abort.signal,
      setTotal: (usersTotal: number) => {
        if (usersTotal === run.usersTotal) return;
        run.usersTotal = usersTotal;
        if (!run.settled) progress();
      },
      userFinished: (result: UserResult): Promise<void> => {
        if (run.settled) return Promise.resolve();
        run.addUser(result);
        if (run.unwritten.length >= userResultBatch) {
          this.writeFinishedUsers(run);
          return Promise.resolve();
        }
        queuedWrite ??= (this.options.nextTurn ?? nextImmediate)().then(() => {
          queuedWrite = undefined;
          this.writeFinishedUsers(run);
        });
        return queuedWrite;
      },
    };
    this.options.onRunChanged?.(run.summary('running', run.progressText(), null));
    this.changed(job.id);
    run.done = (async () => {
      try {
        const outcome = await body(context);
        this.finish(run, outcome.status, outcome.summary);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run.log.error(`${job.name} failed: ${message}`, { error });
        this.finish(run, 'failed', `Failed: ${message}`);
      }
    })();
    return this.options.history.run(id)!;
  }

  private finish(run: ActiveRun, status: Exclude<RunSummary['status'], 'running'>, text: string): void {
    if (run.settled) return;
    run.settled = true;
    const summary = run.summary(status, text, this.options.now());
    // Skipped means there was nothing to do (no account, nothing configured): the email check
    // would otherwise write a warning every minute on a console without email accounts.
    const level = status === 'success' || status === 'skipped' ? 'info' : status === 'failed' ? 'error' : 'warning';
    run.log[level](`${this.require(run.jobId).name} finished: ${status}. ${text}`, { durationMs: summary.durationMs });
    this.activeRuns.delete(run.id);
    const cancelled = run.cancelled && status === 'interrupted';
    this.options.history.finishRun(summary, run.takeUnwritten(), { lines: run.logLines, dropped: run.logLinesDropped }, cancelled);
    this.running.delete(run.jobId);
    this.options.onRunChanged?.(summary);
    if (!this.stopping) this.changed(run.jobId);
  }

  /** Writes the users who finished since the last write, with the run's progress, and tells the pages. */
  private writeFinishedUsers(run: ActiveRun): void {
    if (run.settled || run.unwritten.length === 0) return;
    const summary = run.summary('running', run.progressText(), null);
    try {
      this.options.history.recordUsers(summary, run.unwritten);
    } catch (error) {
      // Kept in memory: the next write, or the run's outcome, tries them again.
      run.log.error(`The run's progress could not be saved yet: ${(error as Error).message}`, { error });
      return;
    }
    run.takeUnwritten();
    this.options.onRunChanged?.(summary);
  }

  private schedule(jobId: string): void {
    this.scheduled.get(jobId)?.cancel();
    this.scheduled.delete(jobId);
    const config = this.config(jobId);
    if (!config.active || !config.cron || this.stopping) return;
    const job = schedule.scheduleJob({ rule: config.cron, tz: this.zone }, () => {
      try {
        this.trigger(jobId, 'schedule');
      } catch (error) {
        this.log.error(`${this.require(jobId).name} could not start on schedule: ${(error as Error).message}`);
      }
    });
    // node-schedule's own parser is older than the one that validated the schedule: say so if it disagrees.
    if (!job)
      this.log.error(
        `${this.require(jobId).name}: the schedule "${config.cron}" could not be set; the job will not run until it is changed.`,
      );
    else this.scheduled.set(jobId, job);
  }

  private config(jobId: string) {
    const job = this.require(jobId);
    // An on-demand job has no schedule: nothing to store, always ready to be started.
    if ('onDemand' in job) return { jobId, cron: '', active: true, activeSince: new Date(0) };
    const stored = this.options.history.config(jobId);
    if (stored) return stored;
    const now = this.options.now();
    const fresh = { jobId, cron: job.defaultCron, active: true, activeSince: now };
    this.options.history.saveConfig(fresh, now);
    return fresh;
  }

  private changed(jobId: string): JobSummary {
    const summary = this.summary(jobId);
    this.options.onJobChanged?.(summary);
    return summary;
  }

  private definition(jobId: string): AnyJob | undefined {
    return this.definitions.get(jobId);
  }

  private require(jobId: string): AnyJob {
    const job = this.definitions.get(jobId);
    if (!job)
      throw new ContractError('NOT_FOUND', `There is no scheduled job "${jobId}".`, [{ field: 'jobId', message: 'No job has this id.' }]);
    return job;
  }

  private newRunId(): string {
    return (this.options.newRunId ?? randomUUID)();
  }
}

const overlapSkipPrefix = 'Skipped (';

/** A run recorded as skipped because another run of the job was still going (not one that had nothing to do). */
export function isOverlapSkip(run: Pick<RunSummary, 'status' | 'summary'>): boolean {
  return run.status === 'skipped' && run.summary.startsWith(overlapSkipPrefix);
}
