import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError, type CheckResult, type DiagnosticsReport } from '../../../../src/shared/contract';
import { DiagnosticsPage } from '../../../../src/renderer/src/pages/diagnostics/DiagnosticsPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';

const checks = [
  { id: 'vault', title: 'Secrets can be read', category: 'Console' },
  { id: 'redirect', title: 'Redirect URI registered', category: 'Microsoft Entra' },
];

function result(id: string, status: CheckResult['status'], summary: string, fix: string | null = null): CheckResult {
  const check = checks.find((each) => each.id === id)!;
  return { ...check, status, summary, fix, checkedAt: '2026-11-26T10:00:00.000Z' };
}

function diagnosticsConsole() {
  const fake = fakeConsole();
  // Readable secrets: no notice above the checks.
  fake.answer('vault.health', () => new Promise(() => {}));
  return fake;
}

describe('Diagnostics page', () => {
  it('waits for the last results before it offers a run, then lists each check by category', async () => {
    const fake = diagnosticsConsole();
    const answer = deferred<DiagnosticsReport>();
    fake.answer('diagnostics.get', () => answer.promise);
    renderWithConsole(<DiagnosticsPage />, fake, { page: 'diagnostics' });

    expect(screen.getByRole('button', { name: 'Run all checks' })).toHaveProperty('disabled', true);
    answer.resolve({ checks, results: [] });
    expect(await screen.findByRole('heading', { name: 'Microsoft Entra' })).toBeTruthy();
    expect(screen.getAllByText('Not checked yet.')).toHaveLength(2);
    expect(screen.getByRole('status').textContent).toBe('The checks have not run yet.');
    expect(screen.getByRole('button', { name: 'Run all checks' })).toHaveProperty('disabled', false);
  });

  it('shows what a run found and keeps it as the last results', async () => {
    const fake = diagnosticsConsole();
    fake.answer('diagnostics.get', () => ({ checks, results: [] }));
    const run = deferred<DiagnosticsReport>();
    fake.answer('diagnostics.run', () => run.promise);
    const { cache } = renderWithConsole(<DiagnosticsPage />, fake, { page: 'diagnostics' });
    await screen.findByRole('heading', { name: 'Microsoft Entra' });

    fireEvent.click(screen.getByRole('button', { name: 'Run all checks' }));
    expect(await screen.findByRole('button', { name: 'Running checks…' })).toHaveProperty('disabled', true);
    const report = {
      checks,
      results: [
        result('vault', 'pass', 'The key file opens.'),
        result('redirect', 'fail', 'http://localhost:53682 is not registered.', 'Add it as a redirect URI of the app registration.'),
      ],
    };
    run.resolve(report);
    expect(await screen.findByText('http://localhost:53682 is not registered.')).toBeTruthy();
    expect(screen.getByText('Fix: Add it as a redirect URI of the app registration.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('1 problem, 0 warnings');
    expect(fake.callsOf('diagnostics.run')).toEqual([{}]);
    // The run's answer is the cached last result: no second read of it.
    expect(cache.getQueryData(['diagnostics'])).toEqual(report);
    expect(fake.callsOf('diagnostics.get')).toHaveLength(1);
  });

  it('says in words why the checks could not run, and keeps the last results', async () => {
    const fake = diagnosticsConsole();
    fake.answer('diagnostics.get', () => ({ checks, results: [result('vault', 'pass', 'The key file opens.')] }));
    fake.answer('diagnostics.run', () => {
      throw new ContractError('CONFLICT', 'The checks are running already: wait for them to finish.');
    });
    renderWithConsole(<DiagnosticsPage />, fake, { page: 'diagnostics' });
    await screen.findByText('The key file opens.');

    fireEvent.click(screen.getByRole('button', { name: 'Run all checks' }));
    expect(await screen.findByText('The checks could not run: The checks are running already: wait for them to finish.')).toBeTruthy();
    expect(screen.getByText('The key file opens.')).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run all checks' })).toHaveProperty('disabled', false));
  });

  it('says in words when the last results could not be read', async () => {
    const fake = diagnosticsConsole();
    fake.answer('diagnostics.get', () => {
      throw new Error('The console is shutting down.');
    });
    renderWithConsole(<DiagnosticsPage />, fake, { page: 'diagnostics' });
    expect(await screen.findByText('The last results could not be read: The console is shutting down.')).toBeTruthy();
  });
});
