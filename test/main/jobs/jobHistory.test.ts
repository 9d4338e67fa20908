import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../src/shared/contract';
import type { JobRunContext } from '../../../src/main/jobs/jobRun';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { maxLogLinesPerRun } from '../../../src/main/jobs/jobRun';
import { useTempDirs } from '../../support/tempDir';
import { createHarness, minutes, useFakeClock, type Harness } from './jobsHarness';

const job = calendarSyncJobId;
const day = 24 * 60 * 60 * 1000;

function pastRun(index: number, startedAt: Date, status: RunSummary['status'] = 'success'): RunSummary {
  return {
    id: `run-${index}`,
    jobId: job,
    trigger: index % 7 === 0 ? 'manual' : 'schedule',
    status,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + 1000 * (index % 13)).toISOString(),
    durationMs: 1000 * (index % 13),
    summary: `run ${index}`,
    usersDone: 0,
    usersTotal: 0,
    errorCount: index % 5,
  };
}

describe('job history', () => {
  const tempDir = useTempDirs();
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    vi.useRealTimers();
  });

  it('prunes runs older than the retention days at start-up, and daily', async () => {
    useFakeClock('2026-11-26T12:05:00Z');
    const dir = tempDir();
    const seed = createHarness(dir, { start: false });
    const now = Date.parse('2026-11-26T12:05:00Z');
    // One run a day for the last 40 days, the newest 12 hours ago.
    seed.db.exec('BEGIN');
    for (let index = 0; index < 40; index++) seed.history.insertRun(pastRun(index, new Date(now - day / 2 - index * day)));
    seed.db.exec('COMMIT');
    seed.db.close();

    h = createHarness(dir, { retention: { days: 30, maxRuns: 5000 } });
    expect(h.history.query({ jobId: job }).total).toBe(30);
    h.scheduler.update(job, { active: false }); // only the daily prune runs from here
    await vi.advanceTimersByTimeAsync(day - 1);
    expect(h.history.query({ jobId: job }).total).toBe(30);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.history.query({ jobId: job }).total).toBe(29);
  });

  it('keeps at most the configured number of runs, dropping the oldest', () => {
    useFakeClock('2026-11-26T12:05:00Z');
    const dir = tempDir();
    const seed = createHarness(dir, { start: false });
    const now = Date.parse('2026-11-26T12:00:00Z');
    seed.db.exec('BEGIN');
    for (let index = 0; index < 150; index++) seed.history.insertRun(pastRun(index, new Date(now - minutes(10) * index)));
    seed.db.exec('COMMIT');
    seed.db.close();

    h = createHarness(dir, { retention: { days: 30, maxRuns: 100 } });
    const kept = h.history.query({ jobId: job, pageSize: 500 }).runs;
    expect(kept).toHaveLength(100);
    expect(kept[0].id).toBe('run-0');
    expect(kept.at(-1)!.id).toBe('run-99');
    expect(h.history.detail('run-120')).toBeUndefined();
  });

  it('counts the runs to keep per job: a job running every minute does not push another one’s history out', () => {
    useFakeClock('2026-11-26T12:05:00Z');
    const dir = tempDir();
    const seed = createHarness(dir, { start: false });
    const now = Date.parse('2026-11-26T12:00:00Z');
    seed.db.exec('BEGIN');
    for (let index = 0; index < 20; index++) seed.history.insertRun(pastRun(index, new Date(now - minutes(10) * index - minutes(5))));
    for (let index = 0; index < 150; index++)
      seed.history.insertRun({ ...pastRun(1000 + index, new Date(now - minutes(1) * index)), jobId: 'checkEmailAccounts' });
    seed.db.exec('COMMIT');
    seed.history.prune({ days: 30, maxRuns: 100 }, new Date(now));
    expect(seed.history.query({ jobId: job }).total).toBe(20);
    expect(seed.history.query({ jobId: 'checkEmailAccounts' }).total).toBe(100);
    seed.db.close();
  });

  it('pages, sorts and filters thousands of runs', () => {
    useFakeClock('2026-11-26T12:05:00Z');
    h = createHarness(tempDir(), { start: false });
    const now = Date.parse('2026-11-26T12:00:00Z');
    const statuses = ['success', 'partial', 'failed', 'skipped', 'interrupted'] as const;
    h.db.exec('BEGIN');
    for (let index = 0; index < 3000; index++)
      h.history.insertRun(pastRun(index, new Date(now - minutes(10) * index), statuses[index % 5]));
    h.db.exec('COMMIT');

    const started = performance.now();
    const page = h.history.query({ jobId: job, page: 2, pageSize: 50 });
    const elapsed = performance.now() - started;
    expect(page.total).toBe(3000);
    expect(page.runs.map((run) => run.id).slice(0, 2)).toEqual(['run-100', 'run-101']);
    expect(elapsed).toBeLessThan(100);

    const failed = h.history.query({ jobId: job, statuses: ['failed', 'partial'], sort: 'startedAt', descending: false, pageSize: 10 });
    expect(failed.total).toBe(1200);
    expect(failed.runs.every((run) => run.status === 'failed' || run.status === 'partial')).toBe(true);
    expect(failed.runs[0].id).toBe('run-2997');

    const longest = h.history.query({ jobId: job, sort: 'durationMs', descending: true, pageSize: 5 }).runs;
    expect(longest.every((run) => run.durationMs === 12_000)).toBe(true);
    const mostErrors = h.history.query({ jobId: job, sort: 'errorCount', pageSize: 3 }).runs;
    expect(mostErrors.map((run) => run.errorCount)).toEqual([4, 4, 4]);
  });

  it('keeps a bounded number of log lines per run, counting the rest, and shows them while the run is in progress', async () => {
    useFakeClock('2026-11-26T12:05:00Z');
    let release!: () => void;
    const chatty = {
      id: job,
      name: 'Chatty',
      description: '',
      defaultCron: '*/10 * * * *',
      async run(context: JobRunContext) {
        for (let index = 0; index < maxLogLinesPerRun + 5; index++) context.log.info(`line ${index}`);
        await new Promise<void>((resolve) => (release = resolve));
        return { status: 'success' as const, summary: 'done' };
      },
    };
    h = createHarness(tempDir(), { jobs: [chatty] });
    const run = h.scheduler.runNow(job);
    expect(h.scheduler.detail(run.id)).toMatchObject({ status: 'running', logLinesDropped: 6 });
    release();
    await vi.advanceTimersByTimeAsync(0);
    const detail = h.scheduler.detail(run.id)!;
    expect(detail.status).toBe('success');
    expect(detail.logLines).toHaveLength(maxLogLinesPerRun);
    expect(detail.logLines[1].message).toBe('line 0');
    expect(detail.logLinesDropped).toBe(7);
  });
});
