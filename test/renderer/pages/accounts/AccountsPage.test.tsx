import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError, type AccountRow, type AccountsView } from '../../../../src/shared/contract';
import { AccountsPage } from '../../../../src/renderer/src/pages/accounts/AccountsPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';

function row(id: number, name: string, account: AccountRow['account'] = null): AccountRow {
  return {
    user: { id, name, email: `${name.split(' ')[0].toLowerCase()}@contoso.example` },
    accessProblem: null,
    account,
    attempt: null,
    lastOutcome: null,
  };
}

function view(rows: AccountRow[]): AccountsView {
  return { rows, requestedScopes: ['Calendars.ReadWrite'], notReady: null, integrationEnabled: true, canOpenBrowser: true };
}

function accountsConsole() {
  const fake = fakeConsole();
  // Delegated mode (no integration view yet) and readable secrets: the page shows the signed-in accounts.
  fake.answer('integration.get', () => new Promise(() => {}));
  fake.answer('vault.health', () => new Promise(() => {}));
  return fake;
}

describe('Accounts page', () => {
  it('shows a spinner while the accounts load, then each user', async () => {
    const fake = accountsConsole();
    const answer = deferred<AccountsView>();
    fake.answer('accounts.list', () => answer.promise);
    renderWithConsole(<AccountsPage />, fake, { page: 'accounts' });

    expect(screen.getByText('Loading accounts…')).toBeTruthy();
    answer.resolve(view([row(1, 'Ann Lee')]));
    expect(await screen.findByTestId('account-row-1')).toBeTruthy();
    expect(screen.getByText('No account connected')).toBeTruthy();
    expect(screen.queryByText('Loading accounts…')).toBeNull();
  });

  it('reads the accounts again when the console says they changed', async () => {
    const fake = accountsConsole();
    let current = view([row(1, 'Ann Lee')]);
    fake.answer('accounts.list', () => current);
    renderWithConsole(<AccountsPage />, fake, { page: 'accounts' });
    await screen.findByText('No account connected');

    current = view([
      row(1, 'Ann Lee', {
        userPrincipalName: 'ann@contoso.onmicrosoft.com',
        displayName: 'Ann Lee (Outlook)',
        status: 'connected',
        connectedAt: '2026-11-26T10:00:00.000Z',
        lastRefreshAt: null,
        grantedScopes: ['Calendars.ReadWrite'],
        missingScopes: [],
        problem: null,
      }),
    ]);
    fake.answer('calendar.getSettings', () => new Promise(() => {}));
    fake.answer('calendar.listCalendars', () => new Promise(() => {}));
    fake.answer('contacts.settings', () => new Promise(() => {}));
    fake.answer('email.accounts', () => new Promise(() => {}));
    fake.emit('accounts.changed', { at: '2026-11-26T10:05:00.000Z' });
    expect(await screen.findByText('ann@contoso.onmicrosoft.com')).toBeTruthy();
    expect(screen.queryByText('No account connected')).toBeNull();
  });

  it('says in words why Connect failed', async () => {
    const fake = accountsConsole();
    fake.answer('accounts.list', () => view([row(1, 'Ann Lee')]));
    fake.answer('accounts.connect', () => {
      throw new ContractError('CONFLICT', 'The redirect port 53682 is in use by another program. Close it, or clear the fixed port.');
    });
    renderWithConsole(<AccountsPage />, fake, { page: 'accounts' });

    fireEvent.click(await screen.findByRole('button', { name: 'Connect Ann Lee' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not done');
    expect(alert.textContent).toContain('The redirect port 53682 is in use by another program. Close it, or clear the fixed port.');
    expect(fake.callsOf('accounts.connect')).toEqual([{ userId: 1 }]);
    // Only a change that succeeded reads the list again.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Connect Ann Lee' })).toHaveProperty('disabled', false));
    expect(fake.callsOf('accounts.list')).toHaveLength(1);
  });
});
