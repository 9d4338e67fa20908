import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContractError } from '../../../src/shared/contract';
import { calendarSyncJobId, syncOneUser } from '../../../src/main/sync/calendarSyncJob';
import { useTempDirs } from '../../support/tempDir';
import { counts, createHarness, fakeTask, minutes, sourceOf, useFakeClock, type Harness } from './jobsHarness';

const job = calendarSyncJobId;
const statuses = (harness: Harness) =>
  harness.history.query({ jobId: job, descending: false }).runs.map((run) => `${run.trigger}:${run.status}`);

describe('JobScheduler', () => {
  const tempDir = useTempDirs();
  const open: Harness[] = [];
  const harness = (...args: Parameters<typeof createHarness>) => {
    const created = createHarness(...args);
    open.push(created);
    return created;
  };
  afterEach(async () => {
    for (const created of open.splice(0)) await created.close();
    vi.useRealTimers();
  });

  // With nobody set up to sync, a run does nothing: it is recorded as skipped, with the reason, never as a success.
  it('runs Outlook Calendar Sync every 10 minutes by default and says nothing is configured to sync', async () => {
    useFakeClock('2026-11-26T12:03:00Z');
    const { scheduler, history, runEvents } = harness(tempDir());
    const summary = scheduler.summary(job);
    expect(summary).toMatchObject({
      name: 'Outlook Calendar Sync',
      cron: '*/10 * * * *',
      active: true,
      nextRunAt: '2026-11-26T12:10:00.000Z',
    });
    expect(summary.nextRuns).toEqual(['12:10', '12:20', '12:30', '12:40', '12:50'].map((time) => `2026-11-26T${time}:00.000Z`));

    await vi.advanceTimersByTimeAsync(minutes(7) - 1);
    expect(statuses({ history } as Harness)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(minutes(10));
    expect(statuses({ history } as Harness)).toEqual(['schedule:skipped', 'schedule:skipped']);
    const [first] = history.query({ jobId: job, descending: false }).runs;
    expect(first).toMatchObject({
      startedAt: '2026-11-26T12:10:00.000Z',
      usersTotal: 0,
      summary: expect.stringMatching(/^Nothing is configured to sync/),
    });
    expect(runEvents.map((run) => run.status)).toEqual(['running', 'skipped', 'running', 'skipped']);
    const detail = history.detail(first.id)!;
    expect(detail.logLines.map((line) => line.message)).toEqual([
      'Outlook Calendar Sync started (on schedule).',
      expect.stringMatching(/^Nothing is configured to sync/),
      expect.stringMatching(/^Outlook Calendar Sync finished: skipped/),
    ]);
    expect(detail.logLines.every((line) => line.runId === first.id)).toBe(true);
    // Nothing to do is not a problem: no warning every ten minutes on a console not yet set up.
    expect(detail.logLines.map((line) => line.level)).toEqual(['info', 'info', 'info']);
  });

  it('follows a changed schedule, kept across restarts', async () => {
    useFakeClock('2026-11-26T12:03:00Z');
    const dir = tempDir();
    const first = harness(dir);
    expect(first.scheduler.update(job, { cron: ' 0  *  * * * ' })).toMatchObject({
      cron: '0 * * * *',
      nextRunAt: '2026-11-26T13:00:00.000Z',
    });
    await vi.advanceTimersByTimeAsync(minutes(30));
    expect(statuses(first)).toEqual([]);
    await first.close();
    open.splice(0);

    const second = harness(dir);
    expect(second.scheduler.summary(job).cron).toBe('0 * * * *');
    await vi.advanceTimersByTimeAsync(minutes(30));
    expect(statuses(second)).toEqual(['schedule:skipped']);
    expect(second.history.latest(job)!.startedAt).toBe('2026-11-26T13:00:00.000Z');
  });

  it('runs a daily schedule at its hour in the chosen zone, and follows a zone changed while running', async () => {
    useFakeClock('2026-11-26T12:03:00Z');
    const h = harness(tempDir(), { timeZone: 'Asia/Tokyo' });
    // 06:30 in Tokyo is 21:30 UTC the day before.
    expect(h.scheduler.update(job, { cron: '30 6 * * *' })).toMatchObject({
      timeZone: 'Asia/Tokyo',
      nextRunAt: '2026-11-26T21:30:00.000Z',
    });
    h.scheduler.setTimeZone('Europe/Berlin');
    // 06:30 in Berlin (winter, UTC+1) is 05:30 UTC; the change is announced with the new summary.
    expect(h.jobEvents.at(-1)).toMatchObject({ timeZone: 'Europe/Berlin', nextRunAt: '2026-11-27T05:30:00.000Z' });
    await vi.advanceTimersByTimeAsync(minutes(9 * 60 + 26)); // 21:29 UTC: the Tokyo time passes without a run
    expect(statuses(h)).toEqual([]);
    await vi.advanceTimersByTimeAsync(minutes(8 * 60 + 2)); // 05:31 UTC
    expect(statuses(h)).toEqual(['schedule:skipped']);
    expect(h.history.latest(job)!.startedAt).toBe('2026-11-27T05:30:00.000Z');
  });

  it('refuses an invalid schedule with an error naming the field, keeping the saved one', () => {
    useFakeClock('2026-11-26T12:03:00Z');
    const { scheduler } = harness(tempDir());
    const attempt = (cron: string) => {
      try {
        scheduler.update(job, { cron });
      } catch (error) {
        return error as ContractError;
      }
      throw new Error(`"${cron}" was accepted`);
    };
    const outOfRange = attempt('61 * * * *');
    expect(outOfRange.code).toBe('VALIDATION');
    expect(outOfRange.issues).toEqual([
      { field: 'cron', message: expect.stringContaining('The minute field (1st) "61" is not valid: 61 is outside 0-59.') },
    ]);
    expect(attempt('0 25 * * *').issues[0].message).toContain('The hour field (2nd) "25"');
    expect(attempt('0 9 * * funday').issues[0].message).toContain('day-of-week field (5th)');
    expect(attempt('*/10 * * *').issues[0].message).toContain('five fields');
    expect(attempt('0 0 30 2 *').issues[0].message).toContain('never matches a real date');
    expect(attempt('H * * * *').issues[0].message).toContain('uses H');
    expect(scheduler.summary(job).cron).toBe('*/10 * * * *');
  });

  it('never runs a job twice at once: a trigger during a run is recorded as skipped', async () => {
    useFakeClock('2026-11-26T12:09:00Z');
    const source = sourceOf([fakeTask('Ann', minutes(15), { toOutlook: counts(1), fromOutlook: counts(), errors: [] })]);
    const h = harness(tempDir(), { source });
    await vi.advanceTimersByTimeAsync(minutes(1)); // 12:10 starts
    expect(h.scheduler.isRunning(job)).toBe(true);
    expect(h.scheduler.runNow(job)).toMatchObject({
      trigger: 'manual',
      status: 'skipped',
      summary: expect.stringContaining('was still in progress'),
    });
    await vi.advanceTimersByTimeAsync(minutes(10)); // 12:20 fires during the run
    await vi.advanceTimersByTimeAsync(minutes(5)); // 12:25 the run ends
    expect(statuses(h)).toEqual(['schedule:success', 'manual:skipped', 'schedule:skipped']);
    expect(h.scheduler.summary(job).lastRun).toMatchObject({ status: 'success', durationMs: minutes(15) });
  });

  it('Sync now for one user is a manual run of the job: the schedule firing during it is recorded as skipped', async () => {
    useFakeClock('2026-11-26T12:08:00Z');
    const ann = fakeTask('Ann', minutes(4), { toOutlook: counts(2), fromOutlook: counts(0, 1), errors: [] });
    const h = harness(tempDir(), {
      source: sourceOf([ann, fakeTask('Bo', 1, { toOutlook: counts(), fromOutlook: counts(), errors: [] })]),
    });
    const finished = h.scheduler.runPartNow(job, syncOneUser(ann, { explain: () => '' }));
    await vi.advanceTimersByTimeAsync(minutes(2)); // 12:10: the schedule fires while Ann syncs
    expect(h.scheduler.isRunning(job)).toBe(true);
    await vi.advanceTimersByTimeAsync(minutes(3));
    expect(await finished).toMatchObject({
      trigger: 'manual',
      status: 'success',
      usersDone: 1,
      usersTotal: 1,
      summary:
        'Sync now for Ann: 1 user: 1 synced. In Outlook 2 created, 0 updated, 0 deleted; from Outlook 0 created, 1 updated, 0 deleted.',
    });
    expect(statuses(h)).toEqual(['manual:success', 'schedule:skipped']);
    const detail = h.scheduler.detail((await finished).id)!;
    expect(detail.users.map((user) => user.userName)).toEqual(['Ann']);
    expect(detail.logLines.map((line) => line.message)).toContain("Syncing Ann's calendar.");
  });

  it('catches up once at start-up when a scheduled run was missed, and not otherwise', async () => {
    useFakeClock('2026-11-26T11:35:00Z');
    const dir = tempDir();
    const before = harness(dir);
    await vi.advanceTimersByTimeAsync(minutes(5)); // ran at 11:40, then the console stopped
    await before.close();
    open.splice(0);

    vi.setSystemTime(new Date('2026-11-26T11:45:00Z'));
    const soon = harness(dir);
    expect(statuses(soon)).toEqual(['schedule:skipped']); // 11:50 not due yet: nothing missed
    await soon.close();
    open.splice(0);

    vi.setSystemTime(new Date('2026-11-26T12:17:00Z')); // 11:50, 12:00, 12:10 passed while off
    const later = harness(dir);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses(later)).toEqual(['schedule:skipped', 'catchUp:skipped']);
    await vi.advanceTimersByTimeAsync(minutes(3));
    expect(statuses(later)).toEqual(['schedule:skipped', 'catchUp:skipped', 'schedule:skipped']);
  });

  it('catches up once after sleep, without a second run from the timer that slept', async () => {
    useFakeClock('2026-11-26T12:05:00Z');
    const h = harness(tempDir());
    await vi.advanceTimersByTimeAsync(minutes(5)); // 12:10
    // Asleep from 12:12 to 12:47: the clock jumps, the timers did not fire.
    vi.setSystemTime(new Date('2026-11-26T12:47:00Z'));
    expect(h.scheduler.checkMissedRuns('wake')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(minutes(2));
    expect(statuses(h)).toEqual(['schedule:skipped', 'catchUp:skipped']);
    await vi.advanceTimersByTimeAsync(minutes(1)); // 12:50
    expect(statuses(h)).toEqual(['schedule:skipped', 'catchUp:skipped', 'schedule:skipped']);
    expect(h.scheduler.checkMissedRuns('wake')).toEqual([]);
  });

  it('pauses and resumes: no runs and no catch-up for the time it was paused', async () => {
    useFakeClock('2026-11-26T12:05:00Z');
    const dir = tempDir();
    const h = harness(dir);
    expect(h.scheduler.update(job, { active: false })).toMatchObject({ active: false, nextRunAt: null, nextRuns: [] });
    await vi.advanceTimersByTimeAsync(minutes(30));
    expect(statuses(h)).toEqual([]);
    expect(h.scheduler.checkMissedRuns('wake')).toEqual([]);
    // Run now still works while paused: the administrator asked for it.
    h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses(h)).toEqual(['manual:skipped']);

    vi.setSystemTime(new Date('2026-11-26T12:52:00Z'));
    expect(h.scheduler.update(job, { active: true })).toMatchObject({ active: true, nextRunAt: '2026-11-26T13:00:00.000Z' });
    expect(h.scheduler.checkMissedRuns('wake')).toEqual([]);
    await vi.advanceTimersByTimeAsync(minutes(8));
    expect(statuses(h)).toEqual(['manual:skipped', 'schedule:skipped']);
  });

  it('lets the running job reach a safe point at shutdown and records it interrupted', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const answer = { toOutlook: counts(2), fromOutlook: counts(), errors: [] };
    const source = sourceOf([fakeTask('Ann', 4000, answer), fakeTask('Bob', 4000, answer), fakeTask('Carol', 4000, answer)]);
    const h = harness(tempDir(), { source, graceMs: 10_000 });
    const run = h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(1000); // Ann half done
    const stopped = h.scheduler.shutdown();
    await vi.advanceTimersByTimeAsync(3000); // Ann finishes: the safe point
    await stopped;
    const detail = h.history.detail(run.id)!;
    expect(detail).toMatchObject({
      status: 'interrupted',
      usersDone: 1,
      usersTotal: 3,
      summary: expect.stringContaining('after 1 of 3 users'),
    });
    expect(detail.users.map((user) => user.userName)).toEqual(['Ann']);
    expect(() => h.scheduler.runNow(job)).toThrow(/shutting down/);
  });

  it('writes each user’s result to the history as it finishes, so a killed run still shows who was synced', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const answer = { toOutlook: counts(1), fromOutlook: counts(), errors: [] };
    const dir = tempDir();
    const h = harness(dir, {
      source: sourceOf([fakeTask('Ann', 1000, answer), fakeTask('Bob', 1000, answer), fakeTask('Carol', minutes(60), answer)]),
    });
    const run = h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(2500); // Ann and Bob done, Carol under way
    // Read from the database, as a restarted console would: not from the scheduler's memory.
    expect(h.history.detail(run.id)).toMatchObject({ status: 'running', usersDone: 2, usersTotal: 3 });
    expect(h.history.detail(run.id)!.users.map((user) => user.userName)).toEqual(['Ann', 'Bob']);
    expect(h.scheduler.detail(run.id)!.users.map((user) => user.userName)).toEqual(['Ann', 'Bob']);

    // The process dies here (no shutdown, nothing flushed): the next start finds the results written so far.
    // (Killed for real, with SIGKILL between two users: test/main/sync/calendarSyncCrash.test.ts.)
    h.db.close();
    open.splice(0);
    const next = harness(dir);
    expect(next.history.detail(run.id)).toMatchObject({ status: 'interrupted', summary: expect.stringContaining('2 of 3 users done') });
    expect(next.history.detail(run.id)!.users.map((user) => user.userName)).toEqual(['Ann', 'Bob']);
  });

  it('records a run that does not reach a safe point in time as interrupted, and one left by a crash', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const dir = tempDir();
    const stuck = sourceOf([fakeTask('Ann', minutes(60), { toOutlook: counts(), fromOutlook: counts(), errors: [] })]);
    const h = harness(dir, { source: stuck, graceMs: 5000 });
    const run = h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(1000); // Ann's sync is under way
    const stopped = h.scheduler.shutdown();
    await vi.advanceTimersByTimeAsync(5000);
    await stopped;
    expect(h.history.run(run.id)).toMatchObject({
      status: 'interrupted',
      finishedAt: '2026-11-26T12:00:06.000Z',
      summary: expect.stringContaining('before the run reached a safe point'),
    });

    // A process killed mid-run leaves a `running` row: the next start records it as interrupted.
    h.history.insertRun({ ...h.history.run(run.id)!, id: 'crashed', status: 'running', finishedAt: null, durationMs: null });
    h.db.close();
    open.splice(0);
    const next = harness(dir, { graceMs: 5000 });
    expect(next.history.run('crashed')).toMatchObject({
      status: 'interrupted',
      summary: expect.stringContaining('the console stopped during this run'),
    });
  });

  it('records per-user results, partial and failed runs, progress and each run’s own log lines', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const tasks = [
      fakeTask('Ann', 1000, { toOutlook: counts(3, 1, 0), fromOutlook: counts(1, 0, 2), errors: [] }),
      fakeTask('Bob', 1000, {
        toOutlook: counts(1),
        fromOutlook: counts(),
        errors: [{ message: '429 MailboxConcurrency', explanation: 'Outlook asked to slow down; the rest syncs next run.' }],
      }),
      fakeTask('Carol', 1000, new Error('AADSTS7000222: the client secret expired')),
    ];
    const h = harness(tempDir(), { source: sourceOf(tasks) });
    const run = h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(3000);
    const detail = h.history.detail(run.id)!;
    expect(detail).toMatchObject({ status: 'partial', usersDone: 3, usersTotal: 3, errorCount: 2 });
    expect(detail.summary).toBe(
      '3 users: 1 synced, 1 with errors, 1 failed. In Outlook 4 created, 1 updated, 0 deleted; from Outlook 1 created, 0 updated, 2 deleted.',
    );
    expect(detail.users).toEqual([
      {
        userId: 'ann',
        userName: 'Ann',
        status: 'success',
        toOutlook: counts(3, 1, 0),
        fromOutlook: counts(1, 0, 2),
        errors: [],
        notes: [],
        retryAt: null,
      },
      expect.objectContaining({
        userName: 'Bob',
        status: 'partial',
        errors: [expect.objectContaining({ message: '429 MailboxConcurrency' })],
      }),
      expect.objectContaining({
        userName: 'Carol',
        status: 'failed',
        errors: [
          { message: 'AADSTS7000222: the client secret expired', explanation: 'Plain words: AADSTS7000222: the client secret expired' },
        ],
      }),
    ]);
    // Progress is written once per turn (the harness's turn: a microtask checkpoint): users finishing
    // together are one update, written before their lanes go on, so the last ones come before the outcome.
    const progress = h.runEvents
      .filter((event) => event.id === run.id)
      .map((event) => `${event.status} ${event.usersDone}/${event.usersTotal}`);
    expect(progress.slice(0, 2)).toEqual(['running 0/0', 'running 0/3']);
    expect(progress.at(-1)).toBe('partial 3/3');
    const between = progress.slice(2, -1);
    expect(between.every((event) => /^running [123]\/3$/.test(event))).toBe(true);
    expect(between.at(-1)).toBe('running 3/3');
    expect([...between].sort()).toEqual(between);
    expect(detail.logLines.map((line) => line.message)).toEqual(
      expect.arrayContaining(["Syncing Bob's calendar.", 'Carol: sync failed: AADSTS7000222: the client secret expired']),
    );
    h.logs.logger('core').info('Not part of any run.');
    expect(h.history.detail(run.id)!.logLines).toHaveLength(detail.logLines.length);

    const allFail = harness(tempDir(), { source: sourceOf([fakeTask('Dan', 10, new Error('AADSTS50011'))]) });
    const failed = allFail.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(10);
    expect(allFail.history.run(failed.id)).toMatchObject({
      status: 'failed',
      summary: '1 user: 0 synced, 1 failed. In Outlook 0 created, 0 updated, 0 deleted; from Outlook 0 created, 0 updated, 0 deleted.',
    });
  });

  it('records a job body that throws as failed, in words', async () => {
    useFakeClock('2026-11-26T12:00:00Z');
    const broken = { plan: async () => Promise.reject(new Error('the workspace database is locked')), explain: () => '' };
    const h = harness(tempDir(), { source: broken });
    const run = h.scheduler.runNow(job);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.history.run(run.id)).toMatchObject({ status: 'failed', summary: 'Failed: the workspace database is locked' });
  });
});
