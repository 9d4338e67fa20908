import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ContractError, type Person } from '../../../../src/shared/contract';
import { ContactsPage } from '../../../../src/renderer/src/pages/contacts/ContactsPage';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { pushProgress } from '../../support/fixtures';

const at = '2026-11-26T10:00:00.000Z';

function person(id: number, firstName: string, lastName: string): Person {
  const displayName = `${firstName} ${lastName}`;
  return {
    id,
    kind: 'contact',
    firstName,
    lastName,
    displayName,
    emails: [],
    phones: [],
    accountName: '',
    createdAt: at,
    updatedAt: at,
    outlookCopies: 0,
  };
}

function contactsConsole(list: () => Person[] | Promise<{ rows: Person[]; total: number }>) {
  const fake = fakeConsole();
  fake.answer('contacts.pushes', () => []);
  fake.answer('contacts.list', async () => {
    const answer = await list();
    return Array.isArray(answer) ? { rows: answer, total: answer.length } : answer;
  });
  return fake;
}

const table = () => screen.getByRole('table', { name: 'contacts' });

describe('Contacts page', () => {
  it('lists the contacts once the console answers', async () => {
    const answer = deferred<{ rows: Person[]; total: number }>();
    const fake = contactsConsole(() => answer.promise);
    renderWithConsole(<ContactsPage />, fake, { page: 'contacts' });

    expect(within(table()).queryByRole('link')).toBeNull();
    answer.resolve({ rows: [person(1, 'Ann', 'Lee')], total: 1 });
    expect(await within(table()).findByRole('link', { name: 'Ann Lee' })).toBeTruthy();
    expect(screen.getByText('1–1 of 1')).toBeTruthy();
  });

  it('reads the list again when the console says records changed', async () => {
    let rows = [person(1, 'Ann', 'Lee')];
    const fake = contactsConsole(() => rows);
    renderWithConsole(<ContactsPage />, fake, { page: 'contacts' });
    await within(table()).findByRole('link', { name: 'Ann Lee' });

    rows = [...rows, person(2, 'Ben', 'Ortiz')];
    fake.emit('contacts.changed', { at });
    expect(await within(table()).findByRole('link', { name: 'Ben Ortiz' })).toBeTruthy();
    expect(fake.callsOf('contacts.list')).toHaveLength(2);
  });

  it('shows a push from its progress events, without reading the pushes again', async () => {
    const fake = contactsConsole(() => [person(1, 'Ann', 'Lee')]);
    renderWithConsole(<ContactsPage />, fake, { page: 'contacts' });
    await within(table()).findByRole('link', { name: 'Ann Lee' });
    expect(screen.queryByLabelText('Pushes to Outlook')).toBeNull();

    const progress = pushProgress(1, 'running', 0);
    fake.emit('contacts.pushProgress', progress);
    expect(await screen.findByLabelText('Pushes to Outlook')).toBeTruthy();
    expect(screen.getByText('Ann Lee: 0 created, 0 updated.')).toBeTruthy();
    expect(fake.callsOf('contacts.pushes')).toHaveLength(1);
  });

  it('says in words why a delete failed', async () => {
    const fake = contactsConsole(() => [person(1, 'Ann', 'Lee')]);
    fake.answer('contacts.delete', () => {
      throw new ContractError('FORBIDDEN', 'Only an administrator may delete contacts: ask one to do it.');
    });
    renderWithConsole(<ContactsPage />, fake, { page: 'contacts' });
    await within(table()).findByRole('link', { name: 'Ann Lee' });

    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Ann Lee' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(fake.callsOf('contacts.delete')).toEqual([{ ids: [1] }]));
    expect(await screen.findByText('The delete failed: Only an administrator may delete contacts: ask one to do it.')).toBeTruthy();
  });
});
