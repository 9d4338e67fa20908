// The calendar channels through the contract, on a whole core with Graph access over the emulator.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunDetail, RunSummary, WorkspaceEvent } from '../../../src/shared/contract';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import { emulatorAccounts, type EmulatorAccounts } from '../../support/emulatorGraphAccess';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';
import { ADELE } from './syncHarness';

const tempDir = useTempDirs();
let emulator: Emulator;
let demo: DemoTenant;
let accounts: EmulatorAccounts;
let core: ReturnType<typeof createTestCore>;
const call = (channel: string, input?: unknown) => core.registry.invoke(channel, input, { transport: 'internal' });
const ok = async <T>(channel: string, input?: unknown): Promise<T> => {
  const result = await call(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.result as T;
};

beforeEach(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  accounts = emulatorAccounts(emulator, demo);
  core = createTestCore(tempDir(), { graphAccess: accounts.provider, clock: { now: () => new Date() } });
});
afterEach(async () => {
  await core.shutdown();
  await emulator.stop();
});

const validMeeting = (assignedUserId: number | null) => ({
  kind: 'meeting',
  name: 'Kick-off',
  start: '2026-12-10T09:00:00Z',
  end: '2026-12-10T10:00:00Z',
  allDay: false,
  assignedUserId,
});

describe('calendar channels', () => {
  it('refuses bad events naming the field, and saves nothing', async () => {
    expect(await call('calendar.saveEvent', { ...validMeeting(null), start: 'tomorrow' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'start', message: expect.stringContaining('2026-05-01T09:00') }] },
    });
    expect(await call('calendar.saveEvent', { ...validMeeting(null), end: '2026-12-10T08:00:00Z' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'end' }] },
    });
    expect(await call('calendar.saveEvent', { ...validMeeting(null), allDay: true, start: '2026-12-10', end: '2026-12-10' })).toMatchObject(
      { ok: false, error: { issues: [{ field: 'end' }] } },
    );
    expect(await call('calendar.saveEvent', { ...validMeeting(null), name: ' ' })).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'name', message: 'Enter a name.' }] },
    });
    expect(await call('calendar.saveEvent', { ...validMeeting(null), attendees: ['not-an-email'] })).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'attendees.0' }] },
    });
    expect(await call('calendar.saveEvent', validMeeting(999))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ok('calendar.listEvents', {})).toEqual({ events: [], total: 0 });
  });

  it('creates, edits, filters and deletes events; attendees are recognised as users', async () => {
    const user = core.access.createUser({ name: 'Adele Vance', email: ADELE, type: 'regular' });
    const created = await ok<WorkspaceEvent>('calendar.saveEvent', { ...validMeeting(user.id), attendees: [ADELE, 'guest@example.com'] });
    expect(created).toMatchObject({
      name: 'Kick-off',
      origin: 'console',
      start: '2026-12-10T09:00:00.000Z',
      inOutlook: false,
      attendees: [
        { email: ADELE, kind: 'user', name: 'Adele Vance' },
        { email: 'guest@example.com', kind: 'other' },
      ],
    });
    await ok('calendar.saveEvent', { ...validMeeting(user.id), id: created.id, name: 'Kick-off (v2)', kind: 'call' });
    expect(
      (await ok<{ events: WorkspaceEvent[] }>('calendar.listEvents', { kind: 'call', search: 'v2' })).events.map((e) => e.name),
    ).toEqual(['Kick-off (v2)']);
    expect((await ok<{ total: number }>('calendar.listEvents', { kind: 'meeting' })).total).toBe(0);
    await ok('calendar.deleteEvent', { id: created.id });
    expect(await call('calendar.getEvent', { id: created.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('settings: at least one entity type; Sync now refuses users without Outlook Calendar access', async () => {
    const user = core.access.createUser({ name: 'Adele Vance', email: ADELE, type: 'regular' });
    expect(await ok('calendar.getSettings', { userId: user.id })).toMatchObject({
      direction: 'both',
      syncMeetings: true,
      syncCalls: true,
      calendarId: null,
    });
    expect(
      await call('calendar.saveSettings', {
        userId: user.id,
        calendarId: null,
        calendarName: null,
        direction: 'both',
        syncMeetings: false,
        syncCalls: false,
        syncSince: null,
        sendContactAttendees: false,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ field: 'syncMeetings' }] } });
    expect(await call('calendar.syncNow', { userId: user.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('no Outlook Calendar access') },
    });
  });

  it('Sync now for a user whose account was disconnected says so once, by name, without "revoked" or an internal id', async () => {
    const role = core.access.createRole('Sync');
    core.access.setRoleScope(role.id, 'outlookCalendar', true);
    const user = core.access.createUser({ name: 'Diego Siciliani', email: 'diego@contoso.example', type: 'regular', roleIds: [role.id] });
    const outcome = await ok<{ status: string; summary: string; errors: Array<{ message: string; explanation: string }> }>(
      'calendar.syncNow',
      { userId: user.id },
    );
    expect(outcome).toMatchObject({ status: 'failed', summary: expect.stringMatching(/^Diego Siciliani: /) });
    const words = [outcome.summary, ...outcome.errors.flatMap((error) => [error.message, error.explanation])].join(' ');
    expect(words).toContain('no Outlook account connected (it was disconnected, or never connected)');
    expect(words).not.toMatch(/revoked|password change|\buser \d/);
    expect(words).not.toContain(`user ${user.id}`);
  });

  it('Sync now, Reset sync (removing Outlook copies) and Sync now again: nothing duplicated', async () => {
    const role = core.access.createRole('Sync');
    core.access.setRoleScope(role.id, 'outlookCalendar', true);
    const user = core.access.createUser({ name: 'Adele Vance', email: ADELE, type: 'regular', roleIds: [role.id] });
    await accounts.connect(user.id, ADELE);
    expect(
      (await ok<{ calendars: Array<{ name: string; isDefault: boolean }> }>('calendar.listCalendars', { userId: user.id })).calendars,
    ).toEqual([expect.objectContaining({ name: 'Calendar', isDefault: true })]);
    const ours = await ok<WorkspaceEvent>('calendar.saveEvent', validMeeting(user.id));
    const first = await ok<{ status: string; summary: string }>('calendar.syncNow', { userId: user.id });
    expect(first).toMatchObject({
      status: 'success',
      summary: expect.stringMatching(/^Adele Vance: in Outlook 1 created, 0 updated, 0 deleted; from Outlook \d+ created/),
    });
    const total = (await ok<{ total: number }>('calendar.listEvents', {})).total;
    expect(await ok('calendar.resetSync', { userId: user.id, existingEvents: 'removeFromOutlookCopies' })).toEqual({
      removedEvents: total - 1,
    });
    expect((await ok<{ total: number }>('calendar.listEvents', {})).total).toBe(1);
    await ok('calendar.syncNow', { userId: user.id });
    expect((await ok<{ total: number }>('calendar.listEvents', {})).total).toBe(total);
    expect((await ok<WorkspaceEvent>('calendar.getEvent', { id: ours.id })).inOutlook).toBe(true);
    expect(
      [...emulator.directory.mailbox(emulator.directory.findUser(ADELE)!.id).events.values()].filter(
        (e) => e.fields.subject === 'Kick-off',
      ),
    ).toHaveLength(1);
  });

  it('Sync now is a manual run in the job history with the user result and its log lines; during a running run it is refused and recorded as skipped', async () => {
    const role = core.access.createRole('Sync');
    core.access.setRoleScope(role.id, 'outlookCalendar', true);
    const user = core.access.createUser({ name: 'Adele Vance', email: ADELE, type: 'regular', roleIds: [role.id] });
    await accounts.connect(user.id, ADELE);
    await ok('calendar.saveEvent', validMeeting(user.id));
    const outcome = await ok<{ status: string }>('calendar.syncNow', { userId: user.id });
    expect(outcome.status).toBe('success');
    const { runs } = await ok<{ runs: RunSummary[] }>('jobs.history', { jobId: 'outlookCalendarSync' });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      trigger: 'manual',
      status: 'success',
      usersDone: 1,
      usersTotal: 1,
      summary: expect.stringMatching(/^Sync now for Adele Vance: 1 user: 1 synced\. In Outlook 1 created/),
    });
    const detail = await ok<RunDetail>('jobs.runDetail', { runId: runs[0].id });
    expect(detail.users).toEqual([
      expect.objectContaining({
        userId: String(user.id),
        userName: 'Adele Vance',
        status: 'success',
        toOutlook: { created: 1, updated: 0, deleted: 0 },
      }),
    ]);
    expect(detail.logLines.map((line) => line.message)).toEqual(
      expect.arrayContaining(['Sync now for Adele Vance.', expect.stringMatching(/^Outlook Calendar Sync finished: success/)]),
    );

    // A scheduled-style run in progress: Sync now neither waits for it nor runs beside it.
    const whole = core.jobs.trigger('outlookCalendarSync', 'schedule');
    expect(whole.status).toBe('running');
    const refused = await ok<{ status: string; summary: string }>('calendar.syncNow', { userId: user.id });
    expect(refused).toMatchObject({
      status: 'skipped',
      summary: expect.stringContaining('a run of Outlook Calendar Sync is in progress, and only one runs at a time'),
    });
    await vi.waitFor(() => expect(core.jobs.isRunning('outlookCalendarSync')).toBe(false));
    const after = (await ok<{ runs: RunSummary[] }>('jobs.history', { jobId: 'outlookCalendarSync' })).runs;
    expect(after.map((run) => [run.trigger, run.status])).toEqual(
      expect.arrayContaining([
        ['manual', 'skipped'],
        ['schedule', 'success'],
        ['manual', 'success'],
      ]),
    );
    expect(after).toHaveLength(3);
  });
});
