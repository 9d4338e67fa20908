import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError, type IntegrationView } from '../../../../src/shared/contract';
import { IntegrationPage } from '../../../../src/renderer/src/pages/integration/IntegrationPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { integrationView } from '../../support/fixtures';

function integrationConsole(view: () => IntegrationView | Promise<IntegrationView>) {
  const fake = fakeConsole();
  fake.answer('integration.get', view);
  fake.answer('vault.health', () => new Promise(() => {}));
  return fake;
}

const secretBadge = () => within(screen.getByTestId('secret-status'));

describe('Integration page', () => {
  it('shows a spinner while the settings load, then the form', async () => {
    const answer = deferred<IntegrationView>();
    const fake = integrationConsole(() => answer.promise);
    renderWithConsole(<IntegrationPage />, fake, { page: 'integration' });

    expect(screen.getByText('Loading the integration settings…')).toBeTruthy();
    answer.resolve(integrationView());
    expect(await screen.findByRole('form', { name: 'Integration settings' })).toBeTruthy();
    expect(secretBadge().getByText('Not set')).toBeTruthy();
  });

  it('shows what integration.changed carries without reading it again', async () => {
    const fake = integrationConsole(() => integrationView());
    renderWithConsole(<IntegrationPage />, fake, { page: 'integration' });
    await screen.findByRole('form', { name: 'Integration settings' });

    fake.emit(
      'integration.changed',
      integrationView({ secret: { state: 'stored', setAt: '2026-11-26T10:00:00.000Z', expiresOn: '2027-05-26', expiry: null } }),
    );
    await waitFor(() => expect(secretBadge().getByText('Set')).toBeTruthy());
    expect(secretBadge().getByText(/· expires .*2027/)).toBeTruthy();
    expect(fake.callsOf('integration.get')).toHaveLength(1);
  });

  it('says in words why a save was refused, naming the field', async () => {
    const fake = integrationConsole(() => integrationView());
    fake.answer('integration.save', () => {
      throw new ContractError('VALIDATION', 'The settings were not saved.', [
        {
          field: 'config.clientId',
          message: 'The client ID is a GUID such as 00000000-0000-0000-0000-000000000000: copy it from Overview.',
        },
      ]);
    });
    renderWithConsole(<IntegrationPage />, fake, { page: 'integration' });
    await screen.findByRole('form', { name: 'Integration settings' });

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Not saved')).toBeTruthy();
    expect(screen.getByText(/Nothing was saved\. Correct Client ID: see the message under each\./)).toBeTruthy();
    expect(screen.getByText('The client ID is a GUID such as 00000000-0000-0000-0000-000000000000: copy it from Overview.')).toBeTruthy();
    expect(fake.callsOf('integration.save')).toHaveLength(1);
  });
});
