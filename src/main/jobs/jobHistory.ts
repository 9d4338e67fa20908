import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { cachedStatements, type StatementCache } from '../store/statementCache';
import {
  historyQuerySchema,
  type FinishedRunStatus,
  type HistoryQuery,
  type HistoryRetention,
  type LogEntry,
  type RunDetail,
  type RunSummary,
  type RunTrigger,
  type UserResult,
} from '../../shared/contract';

export type JobConfig = { jobId: string; cron: string; active: boolean; activeSince: Date };

/** A run with what only the main side reads: what it was started with, the run it resumes, whether it was cancelled. */
export type RunRecord = RunSummary & { input: unknown; resumeOf: string | null; cancelled: boolean };

type RunRow = {
  id: string;
  job_id: string;
  trigger: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  summary: string;
  users_done: number;
  users_total: number;
  error_count: number;
  log_lines_dropped: number;
  input: string | null;
  resume_of: string | null;
  cancelled: number;
};

type UserRow = {
  user_id: string;
  user_name: string;
  status: string;
  to_outlook_created: number;
  to_outlook_updated: number;
  to_outlook_deleted: number;
  from_outlook_created: number;
  from_outlook_updated: number;
  from_outlook_deleted: number;
  errors: string;
  notes: string;
  retry_at: string | null;
};

const sortColumns = {
  startedAt: 'started_at',
  durationMs: 'duration_ms',
  status: 'status',
  trigger: 'trigger',
  errorCount: 'error_count',
} as const;

/** A run's figures as named parameters: what its first row and its outcome both write, in this order. */
function runFigures(run: RunSummary): Record<string, SQLInputValue> {
  return {
    status: run.status,
    finished_at: run.finishedAt,
    duration_ms: run.durationMs,
    summary: run.summary,
    users_done: run.usersDone,
    users_total: run.usersTotal,
    error_count: run.errorCount,
  };
}
const runFigureParameters = ':status, :finished_at, :duration_ms, :summary, :users_done, :users_total, :error_count';

/** Job settings and every run, in the workspace database (migration 4). */
export class JobHistory {
  // A run over 10,000 mailboxes records their results in thousands of small batches: each
  // statement prepared once, not per batch (issue 17's scale profile).
  private readonly statement: StatementCache;

  constructor(private readonly db: DatabaseSync) {
    this.statement = cachedStatements(db);
  }

  /** For readers of the same tables that aggregate rather than page (runTrends.ts). */
  get database(): DatabaseSync {
    return this.db;
  }

  config(jobId: string): JobConfig | undefined {
    const row = this.statement('SELECT cron, active, active_since FROM job_config WHERE job_id = ?').get(jobId) as
      { cron: string; active: number; active_since: string } | undefined;
    return row && { jobId, cron: row.cron, active: row.active === 1, activeSince: new Date(row.active_since) };
  }

  saveConfig(config: JobConfig, now: Date): void {
    this.statement(
      `INSERT INTO job_config (job_id, cron, active, active_since, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id) DO UPDATE SET cron = excluded.cron, active = excluded.active,
           active_since = excluded.active_since, updated_at = excluded.updated_at`,
    ).run(config.jobId, config.cron, config.active ? 1 : 0, config.activeSince.toISOString(), now.toISOString());
  }

  /** `launch`: an on-demand run's input and the run it resumes (migration 12). */
  insertRun(run: RunSummary, launch?: { input: unknown; resumeOf: string | null }): void {
    this.statement(
      `INSERT INTO job_runs (id, job_id, trigger, started_at, status, finished_at, duration_ms, summary, users_done, users_total, error_count, input, resume_of)
         VALUES (:id, :job_id, :trigger, :started_at, ${runFigureParameters}, :input, :resume_of)`,
    ).run({
      id: run.id,
      job_id: run.jobId,
      trigger: run.trigger,
      started_at: run.startedAt,
      ...runFigures(run),
      input: launch ? JSON.stringify(launch.input ?? null) : null,
      resume_of: launch?.resumeOf ?? null,
    });
  }

  updateProgress(runId: string, usersDone: number, usersTotal: number, summary: string): void {
    this.statement('UPDATE job_runs SET users_done = ?, users_total = ?, summary = ? WHERE id = ?').run(
      usersDone,
      usersTotal,
      summary,
      runId,
    );
  }

  /**
   * Users who finished during a run, written as they come with the run's progress, in one
   * transaction: a run killed mid-way still shows who was synced, and the results are not held
   * in memory until the run ends.
   */
  recordUsers(run: RunSummary, users: readonly UserResult[]): void {
    this.transaction(() => {
      this.updateProgress(run.id, run.usersDone, run.usersTotal, run.summary);
      this.insertUsers(run.id, users);
    });
  }

  /**
   * Records the outcome, the users' results not written yet and the run's log lines in one
   * transaction; `cancelled`: by an administrator.
   */
  finishRun(run: RunSummary, users: readonly UserResult[], log: { lines: readonly LogEntry[]; dropped: number }, cancelled = false): void {
    this.transaction(() => {
      this.statement(
        `UPDATE job_runs SET (status, finished_at, duration_ms, summary, users_done, users_total, error_count, log_lines_dropped, cancelled)
           = (${runFigureParameters}, :log_lines_dropped, :cancelled) WHERE id = :id`,
      ).run({ ...runFigures(run), log_lines_dropped: log.dropped, cancelled: cancelled ? 1 : 0, id: run.id });
      const insertLine = this.statement('INSERT INTO job_run_log (run_id, position, entry) VALUES (?, ?, ?)');
      log.lines.forEach((entry, position) => insertLine.run(run.id, position, JSON.stringify(entry)));
      this.insertUsers(run.id, users);
    });
  }

  /** The users' results of a run, in the order they finished. */
  users(runId: string): UserResult[] {
    return (this.statement('SELECT * FROM job_run_users WHERE run_id = ? ORDER BY position').all(runId) as UserRow[]).map(toUserResult);
  }

  /** Appended after the run's results written so far. */
  private insertUsers(runId: string, users: readonly UserResult[]): void {
    if (users.length === 0) return;
    const { next } = this.statement('SELECT coalesce(max(position) + 1, 0) AS next FROM job_run_users WHERE run_id = ?').get(runId) as {
      next: number;
    };
    const insert = this.statement(
      `INSERT INTO job_run_users (run_id, position, user_id, user_name, status, to_outlook_created, to_outlook_updated, to_outlook_deleted,
         from_outlook_created, from_outlook_updated, from_outlook_deleted, errors, notes, retry_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    users.forEach((user, index) =>
      insert.run(
        runId,
        next + index,
        user.userId,
        user.userName,
        user.status,
        user.toOutlook.created,
        user.toOutlook.updated,
        user.toOutlook.deleted,
        user.fromOutlook.created,
        user.fromOutlook.updated,
        user.fromOutlook.deleted,
        JSON.stringify(user.errors),
        JSON.stringify(user.notes ?? []),
        user.retryAt ?? null,
      ),
    );
  }

  run(runId: string): RunSummary | undefined {
    const row = this.statement('SELECT * FROM job_runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row && toSummary(row);
  }

  record(runId: string): RunRecord | undefined {
    const row = this.statement('SELECT * FROM job_runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row && toRecord(row);
  }

  /** A job's newest runs, newest first. */
  records(jobId: string, limit: number): RunRecord[] {
    const rows = this.statement('SELECT * FROM job_runs WHERE job_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?').all(
      jobId,
      limit,
    ) as RunRow[];
    return rows.map(toRecord);
  }

  detail(runId: string): RunDetail | undefined {
    const row = this.statement('SELECT * FROM job_runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!row) return undefined;
    const users = this.users(runId);
    const logLines = (
      this.statement('SELECT entry FROM job_run_log WHERE run_id = ? ORDER BY position').all(runId) as { entry: string }[]
    ).map((line) => JSON.parse(line.entry) as LogEntry);
    return { ...toSummary(row), users, logLines, logLinesDropped: row.log_lines_dropped };
  }

  /** Every run that started in [fromIso, toIso), with its per-user results and log lines, oldest first. */
  runsStartedBetween(fromIso: string, toIso: string): RunDetail[] {
    const rows = this.statement('SELECT id FROM job_runs WHERE started_at >= ? AND started_at < ? ORDER BY started_at, rowid').all(
      fromIso,
      toIso,
    ) as { id: string }[];
    return rows.flatMap(({ id }) => this.detail(id) ?? []);
  }

  /** The newest run, optionally only among some statuses. */
  latest(jobId: string, statuses?: readonly FinishedRunStatus[]): RunSummary | undefined {
    const filter = statuses ? `AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const row = this.statement(`SELECT * FROM job_runs WHERE job_id = ? ${filter} ORDER BY started_at DESC, rowid DESC LIMIT 1`).get(
      jobId,
      ...(statuses ?? []),
    ) as RunRow | undefined;
    return row && toSummary(row);
  }

  query(input: HistoryQuery): { runs: RunSummary[]; total: number } {
    const query = historyQuerySchema.parse(input);
    const where = ['job_id = ?'];
    const params: SQLInputValue[] = [query.jobId];
    if (query.statuses && query.statuses.length > 0) {
      where.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
      params.push(...query.statuses);
    }
    const clause = where.join(' AND ');
    const { total } = this.statement(`SELECT count(*) AS total FROM job_runs WHERE ${clause}`).get(...params) as { total: number };
    const direction = query.descending ? 'DESC' : 'ASC';
    // The column name comes from a fixed map, never from the caller's text.
    const column = sortColumns[query.sort];
    const rows = this.statement(
      `SELECT * FROM job_runs WHERE ${clause} ORDER BY ${column} IS NULL, ${column} ${direction}, started_at ${direction}, rowid ${direction} LIMIT ? OFFSET ?`,
    ).all(...params, query.pageSize, query.page * query.pageSize) as RunRow[];
    return { runs: rows.map(toSummary), total };
  }

  /** Runs a previous process left `running` (it crashed or was killed) are recorded as interrupted. */
  interruptLeftovers(now: Date): RunSummary[] {
    const rows = this.statement(`SELECT * FROM job_runs WHERE status = 'running'`).all() as RunRow[];
    for (const row of rows) {
      this.statement(`UPDATE job_runs SET status = 'interrupted', finished_at = ?, duration_ms = ?, summary = ? WHERE id = ?`).run(
        now.toISOString(),
        Math.max(0, now.getTime() - Date.parse(row.started_at)),
        `Interrupted: the console stopped during this run (${row.users_done} of ${row.users_total} users done). Its changes up to then were kept.`,
        row.id,
      );
    }
    return rows.map((row) => this.run(row.id)!);
  }

  /** Drops runs older than the retention period, then the oldest beyond the maximum count. */
  prune(retention: HistoryRetention, now: Date): number {
    const cutoff = new Date(now.getTime() - retention.days * 24 * 60 * 60 * 1000).toISOString();
    return this.transaction(() => {
      const byAge = this.statement(`DELETE FROM job_runs WHERE status != 'running' AND started_at < ?`).run(cutoff).changes;
      // The count is per job: a job running every minute (Check email accounts) must not push the
      // ten-minute calendar sync's history out.
      const byCount = this.statement(
        `DELETE FROM job_runs WHERE status != 'running' AND id IN (
             SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY job_id ORDER BY started_at DESC, rowid DESC) AS position FROM job_runs)
             WHERE position > ?)`,
      ).run(retention.maxRuns).changes;
      return Number(byAge) + Number(byCount);
    });
  }

  private transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger as RunTrigger,
    status: row.status as RunSummary['status'],
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    summary: row.summary,
    usersDone: row.users_done,
    usersTotal: row.users_total,
    errorCount: row.error_count,
  };
}

function toRecord(row: RunRow): RunRecord {
  return {
    ...toSummary(row),
    input: row.input === null ? null : (JSON.parse(row.input) as unknown),
    resumeOf: row.resume_of,
    cancelled: row.cancelled === 1,
  };
}

function toUserResult(row: UserRow): UserResult {
  return {
    userId: row.user_id,
    userName: row.user_name,
    status: row.status as UserResult['status'],
    toOutlook: { created: row.to_outlook_created, updated: row.to_outlook_updated, deleted: row.to_outlook_deleted },
    fromOutlook: { created: row.from_outlook_created, updated: row.from_outlook_updated, deleted: row.from_outlook_deleted },
    errors: JSON.parse(row.errors) as UserResult['errors'],
    notes: JSON.parse(row.notes) as string[],
    retryAt: row.retry_at,
  };
}
