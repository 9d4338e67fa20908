import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError, type AccessOverview, type AuditEntry, type EffectiveAccess, type Role } from '../../../../src/shared/contract';
import { AccessControlPage } from '../../../../src/renderer/src/pages/access/AccessControlPage';
import { useAccessStore } from '../../../../src/renderer/src/pages/access/accessStore';
import { deferred, fakeConsole, renderWithConsole } from '../../support/fakeConsole';
import { workspaceUser } from '../../support/fixtures';

const at = '2026-11-26T10:00:00.000Z';

function role(id: number, name: string, patch: Partial<Role> = {}): Role {
  return {
    id,
    name,
    scopes: { externalAccounts: false, outlookCalendar: false, outlookContacts: false },
    memberIds: [],
    createdAt: at,
    updatedAt: at,
    ...patch,
  };
}

const ann = workspaceUser(1, 'Ann Lee', { roleIds: [7] });
const sales = role(7, 'Sales', { memberIds: [1] });

function effectiveAccessOfAnn(calendar: boolean): EffectiveAccess {
  return {
    user: ann,
    roles: [{ id: 7, name: 'Sales' }],
    scopes: [
      {
        scope: 'outlookCalendar',
        granted: calendar,
        source: calendar ? 'roles' : 'none',
        grantedBy: calendar ? [{ id: 7, name: 'Sales' }] : [],
        explanation: calendar ? 'Sales enables it.' : 'None of her roles enables it.',
      },
    ],
    troubleshooting: [],
  };
}

function accessConsole(overview: () => AccessOverview | Promise<AccessOverview>, audit: () => AuditEntry[] = () => []) {
  const fake = fakeConsole();
  fake.answer('access.overview', overview);
  fake.answer('access.auditLog', audit);
  // The console's time zone: the browser's while these never answer.
  fake.answer('settings.get', () => new Promise(() => {}));
  fake.answer('app.info', () => new Promise(() => {}));
  return fake;
}

beforeEach(() => useAccessStore.setState({ tab: 'roles', selectedUserId: undefined, error: undefined }));

describe('Access control page', () => {
  it('shows a spinner while users and roles load, then the role toggles and the user count', async () => {
    const answer = deferred<AccessOverview>();
    const fake = accessConsole(() => answer.promise);
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });

    expect(screen.getByText('Loading access control…')).toBeTruthy();
    answer.resolve({ users: [ann], roles: [sales] });
    const toggle = await screen.findByRole('switch', { name: 'Outlook Calendar for role Sales' });
    expect(toggle).toHaveProperty('checked', false);
    expect(within(screen.getByRole('group', { name: 'Members of role Sales' })).getByText('Ann Lee')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Users (1)' })).toBeTruthy();
    expect(screen.queryByText('Loading access control…')).toBeNull();
  });

  it('reads users, roles and the audit log again when the console says access changed', async () => {
    let overview: AccessOverview = { users: [ann], roles: [sales] };
    let audit: AuditEntry[] = [];
    const fake = accessConsole(
      () => overview,
      () => audit,
    );
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });
    await screen.findByRole('switch', { name: 'Outlook Calendar for role Sales' });
    fireEvent.click(screen.getByRole('tab', { name: 'Audit log' }));
    expect(await screen.findByText(/No changes yet/)).toBeTruthy();

    overview = { users: [ann], roles: [sales, role(8, 'Support')] };
    audit = [{ id: 1, at, operator: 'admin', target: 'Role Support', change: 'created', oldValue: null, newValue: 'Support' }];
    fake.emit('access.changed', { at });
    expect(await screen.findByText('Role Support')).toBeTruthy();
    expect(screen.queryByText(/No changes yet/)).toBeNull();
    expect(screen.getByRole('tab', { name: 'Roles and scopes (2)' })).toBeTruthy();
  });

  it('says in words which toggle failed and why, and reads nothing again', async () => {
    const fake = accessConsole(() => ({ users: [ann], roles: [sales] }));
    fake.answer('access.setRoleScope', () => {
      throw new ContractError('NOT_FOUND', 'The role no longer exists: someone deleted it. Reload the page.');
    });
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });

    fireEvent.click(await screen.findByRole('switch', { name: 'Outlook Calendar for role Sales' }));
    expect(
      await screen.findByText(
        'Changing Outlook Calendar for role Sales failed: The role no longer exists: someone deleted it. Reload the page.',
      ),
    ).toBeTruthy();
    expect(fake.callsOf('access.setRoleScope')).toEqual([{ id: 7, scope: 'outlookCalendar', enabled: true }]);
    expect(fake.callsOf('access.overview')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/failed:/)).toBeNull();
  });

  it('shows a role name the console refused beside the field, and keeps the dialog open', async () => {
    const fake = accessConsole(() => ({ users: [ann], roles: [sales] }));
    fake.answer('access.createRole', () => {
      throw new ContractError('CONFLICT', 'A role named Sales exists already.', [
        { field: 'name', message: 'A role named Sales exists already: choose another name.' },
      ]);
    });
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });

    fireEvent.click(await screen.findByRole('button', { name: 'New role' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'Sales' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create role' }));
    expect(await within(dialog).findByText('A role named Sales exists already: choose another name.')).toBeTruthy();
    expect(fake.callsOf('access.createRole')).toEqual([{ name: 'Sales' }]);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('explains a user’s access from the Users tab and reads it again when access changes', async () => {
    let calendar = false;
    const fake = accessConsole(() => ({ users: [ann], roles: [sales] }));
    fake.answer('access.effectiveAccess', () => effectiveAccessOfAnn(calendar));
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });

    fireEvent.click(await screen.findByRole('tab', { name: 'Users (1)' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Check access of Ann Lee' }));
    expect(await screen.findByRole('listitem', { name: 'Outlook Calendar: not granted' })).toBeTruthy();
    expect(fake.callsOf('access.effectiveAccess')).toEqual([{ userId: 1 }]);

    calendar = true;
    fake.emit('access.changed', { at });
    expect(await screen.findByRole('listitem', { name: 'Outlook Calendar: granted' })).toBeTruthy();
    expect(screen.getByText('Granted by Sales')).toBeTruthy();
  });

  it('says in words when the access could not be loaded', async () => {
    const fake = accessConsole(() => {
      throw new Error('The console database is locked by another process.');
    });
    renderWithConsole(<AccessControlPage />, fake, { page: 'access' });
    expect(await screen.findByText('Access control could not be loaded: The console database is locked by another process.')).toBeTruthy();
    expect(screen.queryByText('Loading access control…')).toBeNull();
    expect(fake.callsOf('access.overview')).toHaveLength(1);
  });
});
