// On-demand jobs (the contacts push) in the job runtime: no schedule, a run started with its input
// and kept with it, one run at a time, cancel at the body's safe point, and a crash or shutdown
// recorded as interrupted with the input kept for a resume.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelledReason, type JobRunContext, type OnDemandJob } from '../../../src/main/jobs/jobRun';
import { createCalendarSyncJob } from '../../../src/main/sync/calendarSyncJob';
import { useTempDirs } from '../../support/tempDir';
import { createHarness, minutes, sourceOf, useFakeClock, type Harness } from './jobsHarness';

const onDemand: OnDemandJob = { id: 'push', name: 'Push', description: 'Started on its page.', onDemand: true };
const input = { selection: { ids: [1, 2] }, userIds: [7] };

/** A body over `users` users that waits for `next()` before each, stopping between users once aborted. */
function steppedBody(users: number) {
  const waiting: Array<() => void> = [];
  const seen: { reason?: unknown } = {};
  const body = async (context: JobRunContext) => {
    context.setTotal(users);
    for (let user = 1; user <= users; user++) {
      if (context.signal.aborted) {
        seen.reason = context.signal.reason;
        return { status: 'interrupted' as const, summary: `Stopped after ${user - 1} users.` };
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
      await context.userFinished({
        userId: String(user),
        userName: `User ${user}`,
        status: 'success',
        toOutlook: { created: 1, updated: 0, deleted: 0 },
        fromOutlook: { created: 0, updated: 0, deleted: 0 },
        errors: [],
        notes: [],
        retryAt: null,
      });
    }
    return { status: 'success' as const, summary: `${users} users.` };
  };
  /** Resolves once the body waits on a user: the one before it is written and it has begun. */
  const reached = () => vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
  /** Lets the user under way finish, once the body has reached it. */
  const next = async () => {
    await reached();
    waiting.shift()!();
  };
  return { body, next, reached, seen };
}

describe('on-demand jobs', () => {
  const tempDir = useTempDirs();
  const open: Harness[] = [];
  const harness = (dir = tempDir()) => {
    const created = createHarness(dir, { jobs: [createCalendarSyncJob(sourceOf([])), onDemand] });
    open.push(created);
    return created;
  };
  afterEach(async () => {
    for (const created of open.splice(0)) await created.close();
    vi.useRealTimers();
  });

  it('is listed without a schedule, never runs by itself, and refuses a schedule, a pause and Run now', async () => {
    useFakeClock('2026-11-26T12:03:00Z');
    const { scheduler, history } = harness();
    expect(scheduler.summary('push')).toMatchObject({
      onDemand: true,
      cron: '',
      defaultCron: '',
      active: true,
      nextRunAt: null,
      nextRuns: [],
    });
    expect(scheduler.summary('outlookCalendarSync')).toMatchObject({ onDemand: false, cron: '*/10 * * * *' });
    await vi.advanceTimersByTimeAsync(minutes(24 * 60));
    scheduler.checkMissedRuns('wake');
    expect(history.query({ jobId: 'push' }).total).toBe(0);
    expect(() => scheduler.update('push', { active: false })).toThrow(/runs only when it is started on its page: it has no schedule/);
    expect(() => scheduler.update('push', { cron: '0 * * * *' })).toThrow(/no schedule to change or pause/);
    expect(() => scheduler.runNow('push')).toThrow(/runs only when it is started on its page/);
    expect(history.query({ jobId: 'push' }).total).toBe(0);
  });

  it('keeps the input and the run it resumes with the run; a second start while it runs is refused, not recorded', async () => {
    const { scheduler, history, runEvents } = harness();
    const first = steppedBody(1);
    const { run, finished } = scheduler.startWith('push', { input, resumeOf: null, body: first.body });
    expect(run).toMatchObject({ jobId: 'push', trigger: 'manual', status: 'running' });
    expect(history.record(run.id)).toMatchObject({ input, resumeOf: null, cancelled: false });
    expect(() => scheduler.startWith('push', { input, resumeOf: null, body: steppedBody(1).body })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: expect.stringMatching(/^Push is already running \(since .+\): wait for it/) }),
    );
    await first.next();
    expect(await finished).toMatchObject({ id: run.id, status: 'success', usersDone: 1, usersTotal: 1 });
    expect(history.query({ jobId: 'push' }).total).toBe(1);
    // Started, its total set, its one user written before the body went on, then the outcome.
    expect(runEvents.filter((event) => event.id === run.id).map((event) => event.status)).toEqual([
      'running',
      'running',
      'running',
      'success',
    ]);

    const again = steppedBody(1);
    const resumed = scheduler.startWith('push', { input, resumeOf: run.id, body: again.body });
    await again.next();
    await resumed.finished;
    expect(history.record(resumed.run.id)).toMatchObject({ status: 'success', input, resumeOf: run.id });
    expect(history.records('push', 10).map((record) => record.id)).toEqual([resumed.run.id, run.id]);
  });

  it('cancel aborts the signal with the reason "cancelled": the run stops at its safe point and is recorded interrupted and cancelled', async () => {
    const { scheduler, history } = harness();
    const stepped = steppedBody(4);
    const { run, finished } = scheduler.startWith('push', { input, resumeOf: null, body: stepped.body });
    await stepped.next();
    await vi.waitFor(() => expect(scheduler.detail(run.id)?.usersDone).toBe(1));
    await stepped.reached();
    expect(scheduler.cancel(run.id)).toBe(true);
    // The user under way finishes; nothing new starts.
    await stepped.next();
    const summary = await finished;
    expect(stepped.seen.reason).toBe(cancelledReason);
    expect(summary).toMatchObject({ status: 'interrupted', summary: 'Stopped after 2 users.', usersDone: 2, usersTotal: 4 });
    expect(history.record(run.id)).toMatchObject({ status: 'interrupted', cancelled: true, input });
    expect(history.detail(run.id)!.logLines.map((line) => line.message)).toContain(
      'Push: cancelled; the work under way finishes first, nothing new starts.',
    );
    expect(scheduler.cancel(run.id)).toBe(false);
  });

  it('a shutdown stops a run without calling it cancelled; a run a crash left running is interrupted at the next start, its input kept', async () => {
    const dir = tempDir();
    const first = harness(dir);
    const stepped = steppedBody(3);
    const stopped = first.scheduler.startWith('push', { input, resumeOf: null, body: stepped.body });
    await stepped.next();
    await vi.waitFor(() => expect(first.scheduler.detail(stopped.run.id)?.usersDone).toBe(1));
    await stepped.reached();
    const closing = first.close();
    await stepped.next();
    await closing;
    open.splice(0);
    expect(stepped.seen.reason).toBe('shutdown');

    // A crash: the process died with a run in progress, which stays "running" in the database.
    const second = harness(dir);
    second.history.insertRun(
      {
        id: 'crashed',
        jobId: 'push',
        trigger: 'manual',
        status: 'running',
        startedAt: '2026-11-26T12:00:00.000Z',
        finishedAt: null,
        durationMs: null,
        summary: 'Running…',
        usersDone: 0,
        usersTotal: 1,
        errorCount: 0,
      },
      { input, resumeOf: stopped.run.id },
    );
    await second.close();
    open.splice(0);
    const third = harness(dir);
    expect(third.history.record(stopped.run.id)).toMatchObject({ status: 'interrupted', cancelled: false, input, usersDone: 2 });
    expect(third.history.record('crashed')).toMatchObject({
      status: 'interrupted',
      cancelled: false,
      input,
      resumeOf: stopped.run.id,
      summary: expect.stringMatching(/^Interrupted: the console stopped during this run/),
    });
  });
});
