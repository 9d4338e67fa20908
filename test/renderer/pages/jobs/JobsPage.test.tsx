import { fireEvent, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError, defaultHistoryRetention, type JobSummary, type RunSummary } from '../../../../src/shared/contract';
import { JobsPage } from '../../../../src/renderer/src/pages/jobs/JobsPage';
import { useJobs } from '../../../../src/renderer/src/pages/jobs/jobsStore';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';

// The Scheduled jobs page still keeps its server state in its own store (pages/jobs/jobsStore.ts):
// these tests pin its behaviour so that moving it to the query cache can be checked against them.
const initialJobsState = useJobs.getState();

const job: JobSummary = {
  id: 'calendar-sync',
  name: 'Outlook Calendar Sync',
  description: 'Syncs every user’s calendar with Outlook.',
  onDemand: false,
  cron: '*/10 * * * *',
  defaultCron: '*/10 * * * *',
  active: true,
  timeZone: 'Europe/Berlin',
  nextRunAt: null,
  nextRuns: [],
  running: null,
  lastRun: null,
};

function run(id: string, status: RunSummary['status']): RunSummary {
  const finished = status !== 'running';
  return {
    id,
    jobId: job.id,
    trigger: 'manual',
    status,
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: finished ? '2026-11-26T10:00:05.000Z' : null,
    durationMs: finished ? 5000 : null,
    summary: `Run ${id}`,
    usersDone: 0,
    usersTotal: 1,
    errorCount: 0,
  };
}

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
  beforeEach(() => useJobs.setState(initialJobsState, true));

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
});
