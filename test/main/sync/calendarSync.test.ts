// The sync engine against the emulator: both directions, incremental runs, deletions,
// description ownership, conflicts, reassignment and the direction settings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspaceIdProperty } from '../../../src/main/sync/eventMapping';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, ALEX, createSyncHarness, daysAhead, meeting, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
beforeEach(async () => {
  h = await createSyncHarness(tempDir());
});
afterEach(() => h.close());

describe('Outlook → console', () => {
  it('imports the calendar with UTC times and the series pattern; a run with no changes is exactly one Graph request', async () => {
    const first = await h.sync(h.adele);
    // The demo mailbox: 2 single events and a weekly series (its occurrences in the window).
    expect(first.fromOutlook.created).toBeGreaterThanOrEqual(2 + 4);
    expect(first.errors).toEqual([]);
    const [review] = h.eventNamed('Pipeline review');
    expect(review).toMatchObject({ origin: 'outlook', assignedUserId: h.adele.id, location: 'Room 1', allDay: false, inOutlook: true });
    expect(review.start).toMatch(/T1\d:00:00\.000Z$/);
    const weekly = h.eventNamed('Weekly team sync');
    expect(weekly.length).toBeGreaterThanOrEqual(4);
    expect(new Set(weekly.map((event) => event.seriesMasterId)).size).toBe(1);
    expect(JSON.parse(weekly[0].recurrence!).pattern.type).toBe('weekly');
    expect(
      h
        .graphRequests()
        .filter((entry) => entry.path.includes('calendarView/delta'))
        .every((entry) => entry.prefer?.includes('outlook.timezone="UTC"')),
    ).toBe(true);

    h.emulator.requestLog.clear();
    const second = await h.sync(h.adele);
    expect(second).toEqual({
      toOutlook: { created: 0, updated: 0, deleted: 0 },
      fromOutlook: { created: 0, updated: 0, deleted: 0 },
      errors: [],
      notes: [],
    });
    expect(h.graphRequests()).toHaveLength(1);
    expect(h.graphRequests()[0].path).toContain('$deltatoken=');
  });

  it('applies changes and deletions from another Outlook client: Outlook events go, console events stay flagged', async () => {
    const consoleId = h.events.insert(meeting('Made here', h.adele.id, daysAhead(3)), 'console', new Date());
    await h.sync(h.adele);
    const outlookMade = h.mailboxEvent(ADELE, 'Customer call')!;
    const consoleMade = h.mailboxEvent(ADELE, 'Made here')!;
    h.emulator.outlook.updateEvent(ADELE, h.mailboxEvent(ADELE, 'Pipeline review')!.id, {
      subject: 'Pipeline review (moved)',
      location: { displayName: 'Room 9' },
    });
    h.emulator.outlook.deleteEvent(ADELE, outlookMade.id);
    h.emulator.outlook.deleteEvent(ADELE, consoleMade.id);

    const outcome = await h.sync(h.adele);
    expect(outcome.fromOutlook).toEqual({ created: 0, updated: 1, deleted: 1 });
    expect(h.eventNamed('Pipeline review (moved)')[0].location).toBe('Room 9');
    expect(h.eventNamed('Customer call')).toEqual([]);
    expect(h.events.find(consoleId)).toMatchObject({ name: 'Made here', removedInOutlook: true, inOutlook: false });
    expect(
      h.lines.some(
        (line) => line.level === 'warning' && line.message.includes('"Made here" was created in the console and is no longer in Outlook'),
      ),
    ).toBe(true);
    // Flagged events are not pushed again by themselves.
    await h.sync(h.adele);
    expect(h.mailboxEvent(ADELE, 'Made here')).toBeUndefined();
  });

  it('maps attendees to users, contacts and leads by email', async () => {
    await h.close();
    h = await createSyncHarness(tempDir(), {
      directory: (email) =>
        ({
          'alex.wilber@contoso.onmicrosoft.com': { kind: 'user' as const },
          'patti@fabrikam.example': { kind: 'contact' as const },
          'lee@northwind.example': { kind: 'lead' as const },
        })[email.toLowerCase()],
    });
    h.emulator.outlook.createEvent(ADELE, {
      subject: 'With people',
      start: { dateTime: daysAhead(4).slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: daysAhead(4, 10).slice(0, 19), timeZone: 'UTC' },
      attendees: ['alex.wilber@contoso.onmicrosoft.com', 'patti@fabrikam.example', 'lee@northwind.example', 'someone@else.example'].map(
        (address) => ({ type: 'required', emailAddress: { address } }),
      ),
    });
    await h.sync(h.adele);
    expect(h.eventNamed('With people')[0].attendees.map((a) => a.kind)).toEqual(['user', 'contact', 'lead', 'other']);
  });
});

describe('console → Outlook', () => {
  it('creates with the record id and a transactionId, updates, deletes; the echo is recognised', async () => {
    const id = h.events.insert(
      meeting('Quarterly plan', h.adele.id, daysAhead(5), { description: 'Agenda here', location: 'HQ' }),
      'console',
      new Date(),
    );
    const created = await h.sync(h.adele);
    expect(created.toOutlook).toEqual({ created: 1, updated: 0, deleted: 0 });
    const inOutlook = h.mailboxEvent(ADELE, 'Quarterly plan')!;
    expect(inOutlook.extendedProperties).toEqual([{ id: workspaceIdProperty, value: String(id) }]);
    expect(inOutlook.transactionId).toMatch(new RegExp(`^oic-${id}-${h.adele.id}-`));
    expect(inOutlook.fields).toMatchObject({ body: { content: 'Agenda here' }, location: { displayName: 'HQ' } });
    expect(h.records.link(id, h.adele.id)).toMatchObject({ outlookEventId: inOutlook.id, changeKey: inOutlook.changeKey });

    // The next run sees its own create in the delta and changes nothing; the one after is one request.
    expect((await h.sync(h.adele)).fromOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    h.emulator.requestLog.clear();
    await h.sync(h.adele);
    expect(h.graphRequests()).toHaveLength(1);

    const event = h.events.find(id)!;
    h.events.update(id, { ...event, name: 'Quarterly plan (v2)' }, new Date());
    expect((await h.sync(h.adele)).toOutlook).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(h.mailboxEvent(ADELE, 'Quarterly plan (v2)')).toBeDefined();

    h.events.markDeleted(id, new Date());
    expect((await h.sync(h.adele)).toOutlook).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect(h.mailboxEvent(ADELE, 'Quarterly plan (v2)')).toBeUndefined();
    expect(h.events.find(id)).toBeUndefined();
    expect(h.eventNamed('Quarterly plan (v2)')).toEqual([]);
  });

  it('sends the description only from the side that created the event', async () => {
    const id = h.events.insert(meeting('Ours', h.adele.id, daysAhead(6), { description: 'console text' }), 'console', new Date());
    await h.sync(h.adele);
    h.emulator.outlook.updateEvent(ADELE, h.mailboxEvent(ADELE, 'Ours')!.id, {
      body: { contentType: 'text', content: 'outlook text' },
      location: { displayName: 'Room 2' },
    });
    const [theirs] = h.eventNamed('Customer call');
    h.events.update(theirs.id, { ...theirs, name: 'Customer call (renamed)', description: 'edited here' }, new Date());
    await h.sync(h.adele);
    expect(h.events.find(id)).toMatchObject({ description: 'console text', location: 'Room 2' });
    const outlookCopy = h.mailboxEvent(ADELE, 'Customer call (renamed)')!;
    expect(outlookCopy.fields.body.content).toBe('');
  });

  it('reassignment removes the event from the old organiser and creates it for the new one', async () => {
    const id = h.events.insert(meeting('Handover', h.adele.id, daysAhead(7)), 'console', new Date());
    await h.sync(h.adele);
    expect(h.mailboxEvent(ADELE, 'Handover')).toBeDefined();
    const event = h.events.find(id)!;
    h.events.update(id, { ...event, assignedUserId: h.alex.id }, new Date());
    expect((await h.sync(h.adele)).toOutlook.deleted).toBe(1);
    expect(h.mailboxEvent(ADELE, 'Handover')).toBeUndefined();
    expect((await h.sync(h.alex)).toOutlook.created).toBe(1);
    expect(h.mailboxEvent(ALEX, 'Handover')).toBeDefined();
    expect(h.events.find(id)).toMatchObject({ assignedUserId: h.alex.id, inOutlook: true });
    expect(h.eventNamed('Handover')).toHaveLength(1);
  });
});

describe('conflicts', () => {
  it('the newer edit wins and the losing version is recorded', async () => {
    const id = h.events.insert(meeting('Contested', h.adele.id, daysAhead(8)), 'console', new Date());
    await h.sync(h.adele);
    const outlookId = h.mailboxEvent(ADELE, 'Contested')!.id;

    // Console edit first, Outlook edit later: Outlook wins.
    h.events.update(id, { ...h.events.find(id)!, name: 'Contested (console)' }, new Date(Date.now() - 60_000));
    h.emulator.outlook.updateEvent(ADELE, outlookId, { subject: 'Contested (outlook)' });
    await h.sync(h.adele);
    expect(h.events.find(id)!.name).toBe('Contested (outlook)');
    expect(h.mailboxEvent(ADELE, 'Contested (outlook)')).toBeDefined();
    expect(h.records.conflicts(id)).toEqual([
      expect.objectContaining({ winner: 'outlook', loser: expect.objectContaining({ name: 'Contested (console)' }) }),
    ]);

    // Outlook edit first, console edit later: the console wins and overwrites Outlook.
    h.emulator.outlook.updateEvent(ADELE, outlookId, { subject: 'Contested (outlook 2)' });
    h.events.update(id, { ...h.events.find(id)!, name: 'Contested (console 2)' }, new Date(Date.now() + 60_000));
    const outcome = await h.sync(h.adele);
    expect(outcome.toOutlook.updated).toBe(1);
    expect(h.events.find(id)!.name).toBe('Contested (console 2)');
    expect(h.mailboxEvent(ADELE, 'Contested (console 2)')).toBeDefined();
    expect(h.records.conflicts(id)[1]).toMatchObject({
      winner: 'console',
      loser: expect.objectContaining({ name: 'Contested (outlook 2)' }),
    });
    expect(h.lines.filter((line) => line.message.includes('changed both here and in Outlook'))).toHaveLength(2);
  });
});

describe('direction settings', () => {
  it('Console → Outlook pushes and never imports; Outlook → Console imports and never pushes', async () => {
    h.events.insert(meeting('Push only', h.adele.id, daysAhead(9)), 'console', new Date());
    h.records.saveSettings({ ...h.records.settings(h.adele.id), direction: 'toOutlook' }, new Date());
    const pushed = await h.sync(h.adele);
    expect(pushed.toOutlook.created).toBe(1);
    expect(pushed.fromOutlook.created).toBe(0);
    expect(h.eventNamed('Pipeline review')).toEqual([]);
    expect(h.graphRequests().some((entry) => entry.path.includes('calendarView/delta'))).toBe(false);

    h.events.insert(meeting('Stays here', h.alex.id, daysAhead(9)), 'console', new Date());
    h.records.saveSettings({ ...h.records.settings(h.alex.id), direction: 'fromOutlook' }, new Date());
    const imported = await h.sync(h.alex);
    expect(imported.toOutlook.created).toBe(0);
    expect(imported.fromOutlook.created).toBeGreaterThan(0);
    expect(h.mailboxEvent(ALEX, 'Stays here')).toBeUndefined();
  });

  it('entity types: calls are left alone when only meetings sync', async () => {
    h.events.insert({ ...meeting('A call', h.adele.id, daysAhead(9)), kind: 'call' }, 'console', new Date());
    h.records.saveSettings({ ...h.records.settings(h.adele.id), syncCalls: false }, new Date());
    await h.sync(h.adele);
    expect(h.mailboxEvent(ADELE, 'A call')).toBeUndefined();
  });

  it('a chosen calendar: events go to it and come from it only', async () => {
    const calendarId = h.emulator.outlook.addCalendar(ADELE, 'CRM');
    h.records.saveSettings({ ...h.records.settings(h.adele.id), calendarId, calendarName: 'CRM' }, new Date());
    h.events.insert(meeting('In CRM', h.adele.id, daysAhead(9)), 'console', new Date());
    await h.sync(h.adele);
    expect(h.mailboxEvent(ADELE, 'In CRM')!.calendarId).toBe(calendarId);
    expect(h.eventNamed('Pipeline review')).toEqual([]);
  });
});

describe('who the job syncs', () => {
  it('names a user with Outlook Calendar access but no connected account as skipped, with the fix, instead of leaving them out', async () => {
    const role = h.access.overview().roles.find((r) => r.name === 'Calendar sync')!;
    const diego = h.access.createUser({
      name: 'Diego Siciliani',
      email: 'diego.siciliani@contoso.onmicrosoft.com',
      type: 'regular',
      roleIds: [role.id],
    });
    const plan = await h.engine.source().plan();
    expect(plan.tasks.map((task) => task.userName).sort()).toEqual(['Adele Vance', 'Alex Wilber']);
    expect(plan.skipped).toEqual([
      {
        userId: String(diego.id),
        userName: 'Diego Siciliani',
        reason: 'No Outlook account is connected.',
        explanation: expect.stringContaining('Connect one on the Accounts page'),
      },
    ]);
    expect(plan.skipped![0].explanation).not.toMatch(/revoked|password/);
  });
});
