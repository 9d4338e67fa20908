import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { createAccessFixture } from './accessFixture';

function thrown(work: () => unknown): ContractError {
  try {
    work();
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a ContractError, nothing was thrown');
}

describe('AccessService', () => {
  const tempDir = useTempDirs();
  let fixture: ReturnType<typeof createAccessFixture>;
  beforeEach(() => {
    fixture = createAccessFixture(tempDir());
  });
  afterEach(() => fixture.close());

  describe('users', () => {
    it('creates, edits, deactivates and reactivates a user, keeping their history', () => {
      const { access } = fixture;
      const ann = access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular' });
      expect(ann).toMatchObject({ name: 'Ann Lee', active: true, roleIds: [], deactivatedAt: null, createdAt: '2026-11-26T09:00:00.000Z' });
      fixture.advance(5);
      expect(access.updateUser({ id: ann.id, name: 'Ann Lee-Smith', type: 'administrator' })).toMatchObject({
        name: 'Ann Lee-Smith',
        type: 'administrator',
        email: 'ann@example.com',
      });
      fixture.advance(5);
      const off = access.setUserActive(ann.id, false);
      expect(off).toMatchObject({ active: false, deactivatedAt: '2026-11-26T09:10:00.000Z', updatedAt: '2026-11-26T09:10:00.000Z' });
      expect(access.overview().users).toHaveLength(1);
      expect(access.setUserActive(ann.id, true)).toMatchObject({ active: true, deactivatedAt: null });
      expect(access.auditLog(10).map((entry) => [entry.change, entry.oldValue, entry.newValue])).toEqual([
        ['status', 'deactivated', 'active'],
        ['status', 'active', 'deactivated'],
        ['type', 'regular', 'administrator'],
        ['name', 'Ann Lee', 'Ann Lee-Smith'],
        ['created', null, 'regular, active; roles: none'],
      ]);
      expect(access.auditLog(10).every((entry) => entry.operator === 'jdoe')).toBe(true);
    });

    it('refuses a second user with the same email in any case, naming the field', () => {
      const { access } = fixture;
      const ann = access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular' });
      const bob = access.createUser({ name: 'Bob Day', email: 'bob@example.com', type: 'regular' });
      const error = thrown(() => access.createUser({ name: 'Ann Again', email: 'ANN@Example.com', type: 'regular' }));
      expect(error.code).toBe('CONFLICT');
      expect(error.issues).toEqual([{ field: 'email', message: expect.stringContaining('already exists (Ann Lee)') }]);
      expect(thrown(() => access.updateUser({ id: bob.id, email: 'Ann@example.com' })).code).toBe('CONFLICT');
      // Changing only the case of one's own email is not a conflict.
      expect(access.updateUser({ id: ann.id, email: 'Ann@Example.com' }).email).toBe('Ann@Example.com');
      expect(access.overview().users.map((user) => user.name)).toEqual(['Ann Lee', 'Bob Day']);
    });

    it('says NOT_FOUND for an unknown user and VALIDATION for an unknown role', () => {
      const { access } = fixture;
      expect(thrown(() => access.setUserActive(99, false)).code).toBe('NOT_FOUND');
      const error = thrown(() => access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [42] }));
      expect(error.code).toBe('VALIDATION');
      expect(error.issues[0].field).toBe('roleIds');
      expect(access.overview().users).toEqual([]);
    });

    it('assigns roles and records old → new in the audit log', () => {
      const { access } = fixture;
      const sales = access.createRole('Sales');
      const support = access.createRole('Support');
      const ann = access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [sales.id] });
      expect(access.setUserRoles(ann.id, [sales.id, support.id]).roleIds).toEqual([sales.id, support.id]);
      expect(access.overview().roles.map((role) => role.memberIds)).toEqual([[ann.id], [ann.id]]);
      const [latest] = access.auditLog(1);
      expect(latest).toMatchObject({
        target: 'User Ann Lee <ann@example.com>',
        change: 'roles',
        oldValue: 'Sales',
        newValue: 'Sales, Support',
      });
      const entries = access.auditLog(100).length;
      access.setUserRoles(ann.id, [support.id, sales.id]);
      expect(access.auditLog(100)).toHaveLength(entries);
    });
  });

  describe('roles', () => {
    it('starts a new role with every scope off and audits each toggle', () => {
      const { access } = fixture;
      const sales = access.createRole('Sales');
      expect(sales.scopes).toEqual({ externalAccounts: false, outlookCalendar: false, outlookContacts: false });
      expect(access.setRoleScope(sales.id, 'outlookCalendar', true).scopes.outlookCalendar).toBe(true);
      access.setRoleScope(sales.id, 'outlookCalendar', true); // no change, no entry
      access.setRoleScope(sales.id, 'outlookCalendar', false);
      expect(access.auditLog(10).map((entry) => `${entry.target}: ${entry.change} ${entry.oldValue} → ${entry.newValue}`)).toEqual([
        'Role Sales: Outlook Calendar enabled → not set',
        'Role Sales: Outlook Calendar not set → enabled',
        'Role Sales: created null → no scope enabled',
      ]);
    });

    it('renames and deletes roles; names are unique whatever their case', () => {
      const { access } = fixture;
      const sales = access.createRole('Sales');
      access.createRole('Support');
      expect(thrown(() => access.createRole('sales')).issues[0].field).toBe('name');
      expect(thrown(() => access.renameRole(sales.id, 'SUPPORT')).code).toBe('CONFLICT');
      expect(access.renameRole(sales.id, 'SALES').name).toBe('SALES');
      const ann = access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [sales.id] });
      access.setRoleScope(sales.id, 'externalAccounts', true);
      access.deleteRole(sales.id);
      expect(access.getUser(ann.id).roleIds).toEqual([]);
      expect(access.auditLog(1)[0]).toMatchObject({
        target: 'Role SALES',
        change: 'deleted',
        oldValue: 'enabled: External Accounts; members: Ann Lee',
      });
    });

    it('writes a change and its audit entry together or not at all', () => {
      const { access, db } = fixture;
      const sales = access.createRole('Sales');
      db.exec('DROP TABLE access_audit');
      expect(() => access.setRoleScope(sales.id, 'outlookCalendar', true)).toThrow(/no such table/);
      expect(() => access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular' })).toThrow(/no such table/);
      expect(access.getRole(sales.id).scopes.outlookCalendar).toBe(false);
      expect(access.overview().users).toEqual([]);
    });

    it('announces every committed change, and none that failed', () => {
      const { access, changes } = fixture;
      const sales = access.createRole('Sales');
      access.setRoleScope(sales.id, 'outlookContacts', true);
      expect(changes).toHaveLength(2);
      expect(() => access.createRole('Sales')).toThrow();
      expect(changes).toHaveLength(2);
    });
  });

  describe('requireScope, the guard for connect, calendar sync and contacts push', () => {
    function setUp() {
      const { access } = fixture;
      const sales = access.createRole('Sales');
      const ann = access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [sales.id] });
      return { access, sales, ann };
    }

    it('refuses a user whose roles lack the scope, saying which scope and the fix', () => {
      const { access, ann } = setUp();
      const error = thrown(() => access.requireScope(ann.id, 'outlookCalendar'));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(
        "Ann Lee has no Outlook Calendar access: enable Outlook Calendar in one of Ann Lee's roles (Sales) on the Access control page.",
      );
    });

    it('refuses a user with no role, saying to give them one', () => {
      const { access } = fixture;
      const bob = access.createUser({ name: 'Bob Day', email: 'bob@example.com', type: 'regular' });
      for (const scope of ['externalAccounts', 'outlookCalendar', 'outlookContacts'] as const) {
        expect(thrown(() => access.requireScope(bob.id, scope)).message).toMatch(
          /^Bob Day has no .+ access: Bob Day has no role; give Bob Day a role with .+ enabled/,
        );
      }
    });

    it('lets a user through once one of their roles enables the scope, and stops them when it is turned off', () => {
      const { access, sales, ann } = setUp();
      access.setRoleScope(sales.id, 'outlookCalendar', true);
      expect(access.requireScope(ann.id, 'outlookCalendar')).toMatchObject({ id: ann.id });
      expect(access.checkScope(ann.id, 'outlookCalendar')).toMatchObject({
        granted: true,
        access: { source: 'roles', grantedBy: [{ name: 'Sales' }] },
      });
      // Each scope is separate: Calendar does not bring Contacts or External Accounts.
      expect(thrown(() => access.requireScope(ann.id, 'outlookContacts')).code).toBe('FORBIDDEN');
      expect(thrown(() => access.requireScope(ann.id, 'externalAccounts')).code).toBe('FORBIDDEN');
      access.setRoleScope(sales.id, 'outlookCalendar', false);
      expect(access.checkScope(ann.id, 'outlookCalendar')).toMatchObject({ granted: false, skipReason: 'no Outlook Calendar access' });
    });

    it('stops a user who leaves the role that granted the scope', () => {
      const { access, sales, ann } = setUp();
      access.setRoleScope(sales.id, 'outlookContacts', true);
      access.requireScope(ann.id, 'outlookContacts');
      access.setUserRoles(ann.id, []);
      expect(thrown(() => access.requireScope(ann.id, 'outlookContacts')).code).toBe('FORBIDDEN');
    });

    it('lets an administrator through without any role', () => {
      const { access } = fixture;
      const admin = access.createUser({ name: 'Ada Admin', email: 'ada@example.com', type: 'administrator' });
      for (const scope of ['externalAccounts', 'outlookCalendar', 'outlookContacts'] as const)
        expect(access.requireScope(admin.id, scope).id).toBe(admin.id);
    });

    it('refuses a deactivated user, even an administrator, and says to reactivate them', () => {
      const { access } = fixture;
      const admin = access.createUser({ name: 'Ada Admin', email: 'ada@example.com', type: 'administrator' });
      access.setUserActive(admin.id, false);
      const error = thrown(() => access.requireScope(admin.id, 'externalAccounts'));
      expect(error.code).toBe('FORBIDDEN');
      expect(error.message).toBe(
        'Ada Admin is deactivated, so has no External Accounts access: reactivate Ada Admin on the Access control page.',
      );
      expect(access.checkScope(admin.id, 'outlookCalendar')).toMatchObject({ granted: false, skipReason: 'user deactivated' });
    });

    it('says NOT_FOUND for a user that does not exist', () => {
      expect(thrown(() => fixture.access.requireScope(404, 'outlookCalendar')).code).toBe('NOT_FOUND');
    });

    it('lists the active users a sync run may act for', () => {
      const { access, sales, ann } = setUp();
      const admin = access.createUser({ name: 'Ada Admin', email: 'ada@example.com', type: 'administrator' });
      const gone = access.createUser({ name: 'Gil Gone', email: 'gil@example.com', type: 'regular', roleIds: [sales.id] });
      access.setUserActive(gone.id, false);
      expect(access.usersWithScope('outlookCalendar').map((user) => user.id)).toEqual([admin.id]);
      access.setRoleScope(sales.id, 'outlookCalendar', true);
      expect(access.usersWithScope('outlookCalendar').map((user) => user.id)).toEqual([admin.id, ann.id]);
    });
  });
});
