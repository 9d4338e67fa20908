import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { defaultHistoryRetention, type AccountsView } from '../../../../src/shared/contract';
import { OverviewPage } from '../../../../src/renderer/src/pages/overview/OverviewPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { calendarSyncJob, calendarSyncRun } from '../../support/jobFixtures';

// The overview reads the accounts, the jobs, the latest Diagnostics results and the run trends
// through the query cache; the accounts' and the jobs' events keep them current.

const job = { ...calendarSyncJob, timeZone: 'UTC' };

const noAccounts: AccountsView = { rows: [], requestedScopes: [], notReady: null, integrationEnabled: true, canOpenBrowser: false };

const finishedRun = calendarSyncRun('r1', 'success');

function overviewConsole(accounts: () => AccountsView | Promise<AccountsView>) {
  const fake = fakeConsole();
  fake.answer('accounts.list', accounts);
  fake.answer('jobs.list', () => ({
    jobs: [job],
    timeZone: 'UTC',
    retention: defaultHistoryRetention,
    syncLimits: { maxWaitMinutes: 5, mailboxPool: 4 },
  }));
  fake.answer('diagnostics.get', () => ({ checks: [], results: [] }));
  fake.answer('jobs.trends', ({ jobId }) => ({
    jobId,
    timeZone: 'UTC',
    since: '2026-11-19T00:00:00.000Z',
    points: [],
    pointsLeftOut: 0,
    days: [],
  }));
  return fake;
}

describe('Overview page', () => {
  it('shows “Reading…” until the console answers, then the accounts, the jobs and Diagnostics', async () => {
    const accounts = deferred<AccountsView>();
    renderWithConsole(
      <OverviewPage />,
      overviewConsole(() => accounts.promise),
    );

    expect(await screen.findByTestId('overview-jobs')).toBeTruthy();
    expect(screen.getByText('Outlook Calendar Sync')).toBeTruthy();
    expect(await screen.findByText('Not checked yet: run the checks on the Diagnostics page.')).toBeTruthy();
    expect(screen.queryByTestId('overview-accounts')).toBeNull();
    const accountsTile = screen.getByRole('heading', { name: 'Outlook accounts' }).closest('[data-testid="overview-tile"]');
    expect(accountsTile?.textContent).toContain('Reading…');

    accounts.resolve(noAccounts);
    expect((await screen.findByTestId('overview-accounts')).textContent).toContain('0 connected, 0 with access but not connected.');
    expect((await screen.findByTestId('run-charts-summary')).textContent).toContain('No finished run');
  });

  it('takes a job’s change from its event, and reads the accounts and the trends again when they change', async () => {
    const fake = overviewConsole(() => noAccounts);
    renderWithConsole(<OverviewPage />, fake);
    await screen.findByTestId('overview-accounts');
    await screen.findByTestId('run-charts-summary');
    const jobReads = fake.callsOf('jobs.list').length;
    const accountReads = fake.callsOf('accounts.list').length;
    const trendReads = fake.callsOf('jobs.trends').length;

    fake.emit('jobs.changed', { ...job, active: false });
    expect(await screen.findByText('paused', { exact: false })).toBeTruthy();
    expect(fake.callsOf('jobs.list').length).toBe(jobReads);

    fake.emit('accounts.changed', { at: '2026-11-26T10:00:00.000Z' });
    await waitFor(() => expect(fake.callsOf('accounts.list').length).toBe(accountReads + 1));

    // A run's progress does not read the trends; its end does.
    fake.emit('jobs.runChanged', { ...finishedRun, status: 'running', finishedAt: null, durationMs: null });
    fake.emit('jobs.runChanged', finishedRun);
    await waitFor(() => expect(fake.callsOf('jobs.trends').length).toBe(trendReads + 1));
  });

  it('says in words what could not be read, and shows the rest', async () => {
    const fake = overviewConsole(() => {
      throw new Error('The accounts database is locked.');
    });
    renderWithConsole(<OverviewPage />, fake);

    expect(await screen.findByText('The accounts could not be read: The accounts database is locked.')).toBeTruthy();
    expect(await screen.findByTestId('overview-jobs')).toBeTruthy();
  });
});
