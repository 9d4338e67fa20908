import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src/main/core';
import type { EventEnvelope } from '../../../src/main/contract/eventBus';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

describe('access channels', () => {
  const tempDir = useTempDirs();
  let core: Core;
  const call = (channel: string, input?: unknown) => core.registry.invoke(channel, input, { transport: 'internal' });
  beforeEach(() => {
    core = createTestCore(tempDir());
  });
  afterEach(() => core.shutdown());

  it('refuses a bad user at the door, naming each field, and saves nothing', async () => {
    const answer = await call('access.createUser', { name: '  ', email: 'ann at example', type: 'guest' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const fields = answer.ok ? [] : answer.error.issues.map((issue) => issue.field);
    expect(fields.sort()).toEqual(['email', 'name', 'type']);
    expect(await call('access.overview')).toEqual({ ok: true, result: { users: [], roles: [] } });
  });

  it('trims what it stores and refuses unknown keys', async () => {
    const created = await call('access.createUser', { name: ' Ann Lee ', email: ' ann@example.com ', type: 'regular' });
    expect(created).toMatchObject({ ok: true, result: { name: 'Ann Lee', email: 'ann@example.com', roleIds: [] } });
    const extra = await call('access.setRoleScope', { id: 1, scope: 'outlookCalendar', enabled: true, admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const badScope = await call('access.setRoleScope', { id: 1, scope: 'mail', enabled: true });
    expect(badScope).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ field: 'scope' }] } });
  });

  it('toggles a scope, changes effective access, audits it with the operator and announces it', async () => {
    const seen: EventEnvelope[] = [];
    core.events.subscribe((envelope) => seen.push(envelope));
    const role = await call('access.createRole', { name: 'Sales' });
    const roleId = role.ok ? (role.result as { id: number }).id : 0;
    const user = await call('access.createUser', { name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [roleId] });
    const userId = user.ok ? (user.result as { id: number }).id : 0;
    const calendarOf = async () => {
      const access = await call('access.effectiveAccess', { userId });
      return access.ok
        ? (access.result as { scopes: { scope: string; granted: boolean; source: string }[] }).scopes.find(
            (entry) => entry.scope === 'outlookCalendar',
          )
        : undefined;
    };
    expect(await calendarOf()).toMatchObject({ granted: false, source: 'none' });
    await call('access.setRoleScope', { id: roleId, scope: 'outlookCalendar', enabled: true });
    expect(await calendarOf()).toMatchObject({ granted: true, source: 'roles' });
    const log = await call('access.auditLog', {});
    expect(log).toMatchObject({
      ok: true,
      result: [
        { operator: 'test-operator', target: 'Role Sales', change: 'Outlook Calendar', oldValue: 'not set', newValue: 'enabled' },
        {},
        {},
      ],
    });
    expect(seen.filter((envelope) => envelope.event === 'access.changed')).toHaveLength(3);
  });

  it('answers NOT_FOUND for a user that does not exist', async () => {
    expect(await call('access.effectiveAccess', { userId: 7 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('previews an import without writing, then imports only on confirmation', async () => {
    const preview = await call('access.previewImport', { csv: 'name,email\nAnn Lee,ann@example.com\nBad,nope\n' });
    expect(preview).toMatchObject({ ok: true, result: { counts: { valid: 1, duplicate: 0, error: 1 } } });
    expect(await call('access.overview')).toMatchObject({ result: { users: [] } });
    type PreviewRow = { status: string; row: number; name: string; email: string; type: string; roleNames: string[] };
    const previewRows = preview.ok ? (preview.result as { rows: PreviewRow[] }).rows : [];
    const rows = previewRows
      .filter((row) => row.status === 'valid')
      .map(({ row, name, email, type, roleNames }) => ({ row, name, email, type, roleNames }));
    expect(await call('access.confirmImport', { rows })).toEqual({ ok: true, result: { created: 1, failed: [] } });
    expect(await call('access.confirmImport', { rows: [] })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'rows' }] },
    });
  });
});
