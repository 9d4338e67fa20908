/**
 * Numbered migrations of the workspace database. Append only: a released migration never
 * changes, a new one gets the next number. Features add their tables here as they land.
 */
export type Migration = { version: number; name: string; sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'app metadata',
    sql: `
      CREATE TABLE app_meta (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    name: 'scheduled jobs and their run history',
    sql: `
      CREATE TABLE job_config (
        job_id TEXT PRIMARY KEY NOT NULL,
        cron TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        -- Since when the job has been active: runs missed before that are not caught up.
        active_since TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE job_runs (
        id TEXT PRIMARY KEY NOT NULL,
        job_id TEXT NOT NULL,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catchUp')),
        status TEXT NOT NULL CHECK (status IN ('running', 'success', 'partial', 'failed', 'skipped', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        duration_ms INTEGER,
        summary TEXT NOT NULL,
        users_done INTEGER NOT NULL DEFAULT 0,
        users_total INTEGER NOT NULL DEFAULT 0,
        error_count INTEGER NOT NULL DEFAULT 0,
        log_lines_dropped INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX job_runs_by_start ON job_runs (job_id, started_at);
      CREATE INDEX job_runs_by_status ON job_runs (job_id, status, started_at);

      CREATE TABLE job_run_users (
        run_id TEXT NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('success', 'partial', 'failed')),
        to_outlook_created INTEGER NOT NULL,
        to_outlook_updated INTEGER NOT NULL,
        to_outlook_deleted INTEGER NOT NULL,
        from_outlook_created INTEGER NOT NULL,
        from_outlook_updated INTEGER NOT NULL,
        from_outlook_deleted INTEGER NOT NULL,
        -- JSON array of { message, explanation }.
        errors TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      ) STRICT;

      CREATE TABLE job_run_log (
        run_id TEXT NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        -- The log entry as the Logs page shows it (already redacted), as JSON.
        entry TEXT NOT NULL,
        PRIMARY KEY (run_id, position)
      ) STRICT;
    `,
  },
];
