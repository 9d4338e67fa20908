import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError, defaultHistoryRetention, type JobSummary, type RunDetail, type RunSummary } from '../../../../src/shared/contract';
import { JobsPage } from '../../../../src/renderer/src/pages/jobs/JobsPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { calendarSyncJob, calendarSyncRun } from '../../support/jobFixtures';

// The Scheduled jobs page reads its server state through the query cache; the console's jobs
// events (state/jobsCache.ts) keep it current. Each test renders with a fresh cache.

const job = calendarSyncJob;
const run = calendarSyncRun;

type JobsList = {
  jobs: JobSummary[];
  timeZone: string;
  retention: typeof defaultHistoryRetention;
  syncLimits: { maxWaitMinutes: number; mailboxPool: number };
};
const list: JobsList = {
  jobs: [job],
  timeZone: 'Europe/Berlin',
  retention: defaultHistoryRetention,
  syncLimits: { maxWaitMinutes: 5, mailboxPool: 4 },
};

function jobsConsole(answer: () => JobsList | Promise<JobsList>, runs: () => RunSummary[] = () => []) {
  const fake = fakeConsole();
  fake.answer('jobs.list', answer);
  fake.answer('jobs.history', () => ({ runs: runs(), total: runs().length }));
  fake.answer('jobs.preview', () => new Promise(() => {}));
  return fake;
}

describe('Scheduled jobs page', () => {
  it('shows the job and its history once the console answers', async () => {
    const answer = deferred<JobsList>();
    const fake = jobsConsole(
      () => answer.promise,
      () => [run('r1', 'success')],
    );
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });

    expect(screen.queryByTestId('job-card')).toBeNull();
    answer.resolve(list);
    expect(await screen.findByTestId('job-card')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Outlook Calendar Sync' })).toBeTruthy();
    expect(await screen.findByText('Run r1')).toBeTruthy();
  });

  it('follows jobs.changed, and reads the history again when a new run starts', async () => {
    let runs = [run('r1', 'success')];
    const fake = jobsConsole(
      () => list,
      () => runs,
    );
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });
    await screen.findByText('Run r1');

    fake.emit('jobs.changed', { ...job, active: false });
    expect(await screen.findByRole('switch', { name: 'Paused' })).toBeTruthy();

    runs = [run('r2', 'running'), ...runs];
    fake.emit('jobs.runChanged', run('r2', 'running'));
    expect(await screen.findByText('Run r2')).toBeTruthy();
    expect(fake.callsOf('jobs.history').length).toBeGreaterThanOrEqual(2);
  });

  it('says in words why pausing failed', async () => {
    const fake = jobsConsole(() => list);
    fake.answer('jobs.update', () => {
      throw new ContractError('FORBIDDEN', 'Only an administrator may pause a job.');
    });
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });

    fireEvent.click(await screen.findByRole('switch', { name: 'Active' }));
    expect(await screen.findByText('The job could not be paused: Only an administrator may pause a job.')).toBeTruthy();
    await waitFor(() => expect(fake.callsOf('jobs.update')).toEqual([{ jobId: job.id, active: false }]));
  });

  it('says in words why the jobs could not be loaded', async () => {
    const fake = jobsConsole(() => {
      throw new Error('The console stopped answering.');
    });
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });

    expect(await screen.findByText('The scheduled jobs could not be loaded: The console stopped answering.')).toBeTruthy();
    expect(screen.queryByTestId('job-card')).toBeNull();
  });

  it('takes a run’s progress into the card and its history row without reading the history again', async () => {
    const fake = jobsConsole(
      () => list,
      () => [run('r1', 'running')],
    );
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });
    await screen.findByText('Run r1');
    const historyReads = fake.callsOf('jobs.history').length;

    fake.emit('jobs.runChanged', { ...run('r1', 'running'), usersDone: 1, usersTotal: 3, summary: 'Syncing r1' });
    expect(await screen.findByText('Syncing r1')).toBeTruthy();
    expect(screen.getByText('1 of 3 users done', { exact: false })).toBeTruthy();
    expect(fake.callsOf('jobs.history').length).toBe(historyReads);
  });

  it('reads the history again with the filter, and from its first page', async () => {
    const fake = jobsConsole(
      () => list,
      () => [run('r1', 'failed')],
    );
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });
    await screen.findByText('Run r1');

    fireEvent.click(screen.getByRole('button', { name: 'Failed' }));
    await waitFor(() =>
      expect(fake.callsOf('jobs.history').at(-1)).toEqual({
        jobId: job.id,
        statuses: ['failed'],
        sort: 'startedAt',
        descending: true,
        page: 0,
        pageSize: 50,
      }),
    );
    expect(await screen.findByText('Runs 1–1 of 1 (Failed)')).toBeTruthy();
  });

  it('opens the run its address names, and reads it again on its events', async () => {
    let summary = 'Two users synced.';
    const detail = (): RunDetail => ({
      ...run('r1', 'success'),
      summary,
      users: [],
      logLines: [],
      logLinesDropped: 0,
    });
    const fake = jobsConsole(
      () => list,
      () => [run('r1', 'success')],
    );
    fake.answer('jobs.runDetail', ({ runId }) => {
      if (runId !== 'r1') throw new ContractError('NOT_FOUND', `No run ${runId} is in the history.`);
      return detail();
    });
    renderWithConsole(<JobsPage />, fake, { page: 'jobs', runId: 'r1' });
    const dialog = await screen.findByTestId('run-detail');
    expect(dialog.textContent).toContain('Two users synced.');

    summary = 'Three users synced.';
    fake.emit('jobs.runChanged', run('r1', 'success'));
    await waitFor(() => expect(screen.getByTestId('run-detail').textContent).toContain('Three users synced.'));
    // The dialog's opening animation ends before the test unmounts it (happy-dom rejects a cancelled one unhandled).
    const surface = screen.getByRole('dialog');
    await waitFor(() =>
      expect(surface.getAnimations({ subtree: true }).filter((animation) => animation.playState === 'running')).toEqual([]),
    );
  });

  it("shows a running run's progress from every run event, before its users are read again", async () => {
    const running = { ...run('r1', 'running'), usersDone: 10, usersTotal: 10_000, summary: 'Syncing' };
    const fake = jobsConsole(
      () => ({ ...list, jobs: [{ ...job, running }] }),
      () => [running],
    );
    fake.answer('jobs.runDetail', () => ({ ...running, users: [], logLines: [], logLinesDropped: 0 }));
    renderWithConsole(<JobsPage />, fake, { page: 'jobs', runId: 'r1' });
    expect((await screen.findByTestId('run-detail')).textContent).toContain('10 of 10000 done');
    const reads = fake.callsOf('jobs.runDetail').length;

    fake.emit('jobs.runChanged', { ...running, usersDone: 2_500 });
    await waitFor(() => expect(screen.getByTestId('run-detail').textContent).toContain('2500 of 10000 done'));
    // A 10,000-user run's results are read again after 3 s, not at each event.
    expect(fake.callsOf('jobs.runDetail').length).toBe(reads);
    const surface = screen.getByRole('dialog');
    await waitFor(() =>
      expect(surface.getAnimations({ subtree: true }).filter((animation) => animation.playState === 'running')).toEqual([]),
    );
  });

  it('says in words why a run cannot be opened', async () => {
    const fake = jobsConsole(() => list);
    fake.answer('jobs.runDetail', ({ runId }) => {
      throw new ContractError('NOT_FOUND', `No run ${runId} is in the history.`);
    });
    renderWithConsole(<JobsPage />, fake, { page: 'jobs', runId: 'gone' });

    expect(await screen.findByText('The run could not be opened: No run gone is in the history.')).toBeTruthy();
    expect(screen.queryByTestId('run-detail')).toBeNull();
  });

  it('names the field a retention save was refused for', async () => {
    const fake = jobsConsole(() => list);
    fake.answer('jobs.setRetention', () => {
      throw new ContractError('VALIDATION', 'Invalid input', [{ field: 'maxRuns', message: 'Keep at least 10 runs per job.' }]);
    });
    renderWithConsole(<JobsPage />, fake, { page: 'jobs' });

    const form = await screen.findByRole('form', { name: 'History retention' });
    fireEvent.change(form.querySelectorAll('input')[1]!, { target: { value: '2' } });
    fireEvent.submit(form);
    expect(await screen.findByText('Keep at least 10 runs per job.')).toBeTruthy();
    expect(fake.callsOf('jobs.setRetention')).toEqual([{ days: defaultHistoryRetention.days, maxRuns: 2 }]);
  });
});
