import { describe, expect, it } from 'vitest';
import { computeEffectiveAccess } from '../../../src/main/access/effectiveAccess';
import type { AccessScope, Role, WorkspaceUser } from '../../../src/shared/contract';

const stamp = '2026-11-26T09:00:00.000Z';
function user(overrides: Partial<WorkspaceUser> = {}): WorkspaceUser {
  return {
    id: 1,
    name: 'Ann Lee',
    email: 'ann@example.com',
    type: 'regular',
    active: true,
    roleIds: [],
    createdAt: stamp,
    updatedAt: stamp,
    deactivatedAt: null,
    ...overrides,
  };
}
function role(id: number, name: string, enabled: AccessScope[]): Role {
  return {
    id,
    name,
    scopes: {
      externalAccounts: enabled.includes('externalAccounts'),
      outlookCalendar: enabled.includes('outlookCalendar'),
      outlookContacts: enabled.includes('outlookContacts'),
    },
    memberIds: [1],
    createdAt: stamp,
    updatedAt: stamp,
  };
}
const granted = (access: ReturnType<typeof computeEffectiveAccess>) =>
  Object.fromEntries(access.scopes.map((entry) => [entry.scope, entry.granted]));

describe('effective access', () => {
  it('gives a regular user with no role nothing, and says to give them a role', () => {
    const access = computeEffectiveAccess(user(), []);
    expect(granted(access)).toEqual({ externalAccounts: false, outlookCalendar: false, outlookContacts: false });
    expect(access.scopes.every((entry) => entry.source === 'none')).toBe(true);
    expect(access.scopes[1].explanation).toBe(
      'Ann Lee has no role. Give Ann Lee a role with Outlook Calendar enabled, or enable Outlook Calendar in a role and add Ann Lee to it.',
    );
  });

  it('is the union of the roles, naming every role that grants each scope', () => {
    const sales = role(1, 'Sales', ['externalAccounts', 'outlookCalendar']);
    const support = role(2, 'Support', ['outlookCalendar']);
    const access = computeEffectiveAccess(user({ roleIds: [1, 2] }), [sales, support]);
    expect(granted(access)).toEqual({ externalAccounts: true, outlookCalendar: true, outlookContacts: false });
    const calendar = access.scopes.find((entry) => entry.scope === 'outlookCalendar')!;
    expect(calendar).toMatchObject({
      source: 'roles',
      grantedBy: [
        { id: 1, name: 'Sales' },
        { id: 2, name: 'Support' },
      ],
      explanation: 'Granted by the roles Sales and Support.',
    });
    const contacts = access.scopes.find((entry) => entry.scope === 'outlookContacts')!;
    expect(contacts).toMatchObject({ source: 'none', grantedBy: [] });
    expect(contacts.explanation).toContain("None of Ann Lee's roles (Sales and Support) enables Outlook Contacts");
  });

  it('gives an administrator every scope without any role', () => {
    const access = computeEffectiveAccess(user({ type: 'administrator' }), []);
    expect(granted(access)).toEqual({ externalAccounts: true, outlookCalendar: true, outlookContacts: true });
    expect(access.scopes.every((entry) => entry.source === 'administrator')).toBe(true);
  });

  it('gives a deactivated user nothing, whatever their roles or type', () => {
    const everything = role(1, 'Everything', ['externalAccounts', 'outlookCalendar', 'outlookContacts']);
    for (const type of ['regular', 'administrator'] as const) {
      const access = computeEffectiveAccess(user({ type, active: false, deactivatedAt: stamp, roleIds: [1] }), [everything]);
      expect(granted(access)).toEqual({ externalAccounts: false, outlookCalendar: false, outlookContacts: false });
      expect(access.scopes.every((entry) => entry.source === 'deactivated')).toBe(true);
      expect(access.troubleshooting.every((answer) => !answer.ok && answer.answer.includes('deactivated'))).toBe(true);
    }
  });

  it("answers the guide's troubleshooting questions", () => {
    const noExternal = computeEffectiveAccess(user({ roleIds: [1] }), [role(1, 'Sales', ['outlookCalendar'])]);
    expect(noExternal.troubleshooting[0]).toMatchObject({ question: "Why doesn't Ann Lee have the External Accounts button?", ok: false });
    expect(noExternal.troubleshooting[0].answer).toContain('enables External Accounts');
    expect(noExternal.troubleshooting[1].answer).toMatch(/^Outlook services need External Accounts/);

    const connectOnly = computeEffectiveAccess(user({ roleIds: [1] }), [role(1, 'Sales', ['externalAccounts'])]);
    expect(connectOnly.troubleshooting[0]).toMatchObject({ ok: true });
    expect(connectOnly.troubleshooting[0].answer).toContain('through the role Sales');
    expect(connectOnly.troubleshooting[1]).toMatchObject({ ok: false });
    expect(connectOnly.troubleshooting[1].answer).toContain('neither Outlook Calendar nor Outlook Contacts');

    const calendar = computeEffectiveAccess(user({ roleIds: [1] }), [role(1, 'Sales', ['externalAccounts', 'outlookCalendar'])]);
    expect(calendar.troubleshooting[1]).toMatchObject({ ok: true });
    expect(calendar.troubleshooting[1].answer).toContain('Available to Ann Lee: Outlook Calendar. Not available: Outlook Contacts');
  });
});
