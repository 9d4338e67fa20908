import type { DatabaseSync } from 'node:sqlite';
import { maxRunPoints, type RunDay, type RunPoint, type RunStatus } from '../../shared/contract';

type TrendRow = {
  id: string;
  started_at: string;
  status: string;
  duration_ms: number;
  error_count: number;
  to_outlook: number;
  from_outlook: number;
  throttle_wait_ms: number;
};

export type RunTrends = { since: string; points: RunPoint[]; pointsLeftOut: number; days: RunDay[] };

// Skipped runs did nothing (another run was going, nobody to sync): they would only draw zeros.
// The throttling waits are the `waitMs` fields the Graph transport's retry callback writes to the run's log.
const trendSql = `
  SELECT r.id, r.started_at, r.status, r.duration_ms, r.error_count,
    COALESCE((SELECT SUM(u.to_outlook_created + u.to_outlook_updated + u.to_outlook_deleted)
              FROM job_run_users u WHERE u.run_id = r.id), 0) AS to_outlook,
    COALESCE((SELECT SUM(u.from_outlook_created + u.from_outlook_updated + u.from_outlook_deleted)
              FROM job_run_users u WHERE u.run_id = r.id), 0) AS from_outlook,
    COALESCE((SELECT SUM(CAST(json_extract(l.entry, '$.fields.waitMs') AS INTEGER))
              FROM job_run_log l WHERE l.run_id = r.id AND l.entry LIKE '%"waitMs"%'), 0) AS throttle_wait_ms
  FROM job_runs r
  WHERE r.job_id = ? AND r.started_at >= ? AND r.status NOT IN ('running', 'skipped') AND r.duration_ms IS NOT NULL
  ORDER BY r.started_at ASC`;

/** A job's finished runs of the last `days` days: each run (the newest maxRunPoints) and a total per day. */
export function readRunTrends(db: DatabaseSync, query: { jobId: string; days: number; timeZone: string; now: Date }): RunTrends {
  const firstDay = dayKey(new Date(query.now.getTime() - (query.days - 1) * 86_400_000), query.timeZone);
  // A day earlier than needed, then filtered by the zone's day: the SQL knows no time zones.
  const since = new Date(query.now.getTime() - (query.days + 1) * 86_400_000).toISOString();
  const rows = (db.prepare(trendSql).all(query.jobId, since) as TrendRow[])
    .map(toPoint)
    .filter((point) => dayKey(new Date(point.startedAt), query.timeZone) >= firstDay);
  const points = rows.slice(-maxRunPoints);
  return {
    since: rows[0]?.startedAt ?? query.now.toISOString(),
    points,
    pointsLeftOut: rows.length - points.length,
    days: perDay(rows, daysBetween(firstDay, query.days), query.timeZone),
  };
}

function toPoint(row: TrendRow): RunPoint {
  return {
    runId: row.id,
    startedAt: row.started_at,
    status: row.status as RunStatus,
    durationMs: row.duration_ms,
    toOutlook: row.to_outlook,
    fromOutlook: row.from_outlook,
    errors: row.error_count,
    throttleWaitMs: row.throttle_wait_ms,
  };
}

function perDay(points: RunPoint[], days: string[], timeZone: string): RunDay[] {
  const totals = new Map(
    days.map((day) => [day, { day, runs: 0, failedRuns: 0, durationMs: 0, toOutlook: 0, fromOutlook: 0, errors: 0, throttleWaitMs: 0 }]),
  );
  for (const point of points) {
    const total = totals.get(dayKey(new Date(point.startedAt), timeZone));
    if (!total) continue;
    total.runs += 1;
    if (point.status === 'failed') total.failedRuns += 1;
    total.durationMs += point.durationMs;
    total.toOutlook += point.toOutlook;
    total.fromOutlook += point.fromOutlook;
    total.errors += point.errors;
    total.throttleWaitMs += point.throttleWaitMs;
  }
  return [...totals.values()].map(({ durationMs, ...total }) => ({
    ...total,
    averageDurationMs: total.runs > 0 ? Math.round(durationMs / total.runs) : null,
  }));
}

/** YYYY-MM-DD of an instant in a zone (en-CA writes dates that way). */
export function dayKey(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** `count` consecutive calendar days from `first` (noon UTC steps cannot skip or repeat a day). */
function daysBetween(first: string, count: number): string[] {
  const start = Date.parse(`${first}T12:00:00Z`);
  return Array.from({ length: count }, (_, index) => new Date(start + index * 86_400_000).toISOString().slice(0, 10));
}
