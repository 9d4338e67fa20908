// iCalendar import and export of workspace events: the export read back by the importer gives the
// same events (times, all-day dates, time zone, kind, attendees, repeat rules); a preview reports
// each bad VEVENT in words and writes nothing; only a confirmed import writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestCore as Core } from '../../support/testCore';
import { readICalendar } from '../../../src/main/sync/icalendar';
import type { IcsImportPreview, WorkspaceEvent } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { callOk, createTestCore, recordDeliveries } from '../../support/testCore';

const tempDir = useTempDirs();
let core: Core;
let delivered: Array<{ fileName: string; text: string; mediaType: string }>;

beforeEach(() => {
  const recorder = recordDeliveries((fileName) => ({ kind: 'download', url: `/downloads/${fileName}` }));
  delivered = recorder.delivered;
  core = createTestCore(tempDir(), { deliverFile: recorder.deliverFile });
});
afterEach(() => core.shutdown());

const call = <T = unknown>(channel: string, input?: unknown) => callOk<T>(core, channel, input);
const events = async () => (await call<{ events: WorkspaceEvent[] }>('calendar.listEvents', {})).events;

const ics = (...vevents: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//EN', ...vevents, 'END:VCALENDAR'].join('\r\n');
const vevent = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');

describe('iCalendar export and import', () => {
  it('exports the filtered list, and importing the file gives the same events back', async () => {
    const ann = core.access.createUser({ name: 'Ann Lee', email: 'ann.lee@example.com', type: 'regular' });
    await call('calendar.saveEvent', {
      kind: 'meeting',
      name: 'Review; budget, Q1',
      start: '2027-03-28T00:30:00Z',
      end: '2027-03-28T02:00:00Z',
      allDay: false,
      timeZone: 'Europe/Berlin',
      location: 'Room 4, floor 2',
      description: 'Line one\nLine two; with, punctuation',
      assignedUserId: ann.id,
      attendees: ['ann.lee@example.com', 'guest@fabrikam.example'],
    });
    await call('calendar.saveEvent', {
      kind: 'call',
      name: 'Offsite',
      start: '2027-02-10',
      end: '2027-02-12',
      allDay: true,
      timeZone: 'America/New_York',
      assignedUserId: null,
    });
    await call('calendar.saveEvent', {
      kind: 'meeting',
      name: 'Not exported',
      start: '2027-02-10T10:00:00Z',
      end: '2027-02-10T11:00:00Z',
      allDay: false,
      assignedUserId: null,
    });

    const exported = await call<{ fileName: string; count: number; delivery: { kind: string } }>('calendar.exportIcs', {
      filter: { userId: ann.id },
    });
    expect(exported).toEqual({
      fileName: 'calendar-2026-11-26.ics',
      count: 1,
      delivery: { kind: 'download', url: '/downloads/calendar-2026-11-26.ics' },
    });
    expect(delivered[0].text).toContain('ORGANIZER;CN=Ann Lee:mailto:ann.lee@example.com');
    expect(delivered[0].mediaType).toBe('text/calendar; charset=utf-8');
    const all = await call<{ count: number }>('calendar.exportIcs', { filter: { search: 'o' } });
    expect(all.count).toBe(3);

    const before = await events();
    const preview = await call<IcsImportPreview>('calendar.previewIcsImport', { text: delivered[1].text });
    expect(preview.counts).toEqual({ ready: 3, error: 0 });
    expect(await events()).toHaveLength(3); // a preview writes nothing
    expect(await call('calendar.importIcs', { text: delivered[1].text, assignedUserId: ann.id })).toEqual({ created: 3, skipped: 0 });
    const after = await events();
    expect(after).toHaveLength(6);
    const shape = (event: WorkspaceEvent) => ({
      name: event.name,
      kind: event.kind,
      start: event.start,
      end: event.end,
      allDay: event.allDay,
      timeZone: event.timeZone,
      location: event.location,
      description: event.description,
      attendees: event.attendees,
      recurrence: event.recurrence,
    });
    const copies = after.filter((event) => !before.some((original) => original.id === event.id));
    expect(copies.map(shape).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      before.map(shape).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(copies.every((copy) => copy.assignedUserId === ann.id && copy.origin === 'console')).toBe(true);

    const one = await call<{ fileName: string; count: number }>('calendar.exportIcs', { eventId: before[0].id });
    expect(one).toMatchObject({ fileName: `event-${before[0].id}-2026-11-26.ics`, count: 1 });
  });

  it('keeps an RRULE as the recurrence, and writes it back', async () => {
    const text = ics(
      vevent(
        'UID:a',
        'SUMMARY:Stand-up',
        'DTSTART;TZID=Europe/Berlin:20270301T090000',
        'DTEND;TZID=Europe/Berlin:20270301T091500',
        'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270601T000000Z',
      ),
      vevent('UID:b', 'SUMMARY:Board', 'DTSTART:20270126T150000Z', 'DURATION:PT2H', 'RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=-1TU;COUNT=6'),
      vevent('UID:c', 'SUMMARY:Anniversary', 'DTSTART;VALUE=DATE:20270305', 'RRULE:FREQ=YEARLY'),
    );
    expect(await call('calendar.importIcs', { text, assignedUserId: null })).toEqual({ created: 3, skipped: 0 });
    const byName = Object.fromEntries((await events()).map((event) => [event.name, event]));
    // 09:00 in Berlin in winter is 08:00 UTC.
    expect(byName['Stand-up']).toMatchObject({
      start: '2027-03-01T08:00:00.000Z',
      end: '2027-03-01T08:15:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(JSON.parse(byName['Stand-up'].recurrence!)).toEqual({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'wednesday'], firstDayOfWeek: 'monday' },
      range: { type: 'endDate', startDate: '2027-03-01', endDate: '2027-06-01' },
    });
    expect(byName.Board).toMatchObject({ start: '2027-01-26T15:00:00.000Z', end: '2027-01-26T17:00:00.000Z' });
    expect(JSON.parse(byName.Board.recurrence!)).toEqual({
      pattern: { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'last' },
      range: { type: 'numbered', startDate: '2027-01-26', numberOfOccurrences: 6 },
    });
    expect(byName.Anniversary).toMatchObject({ allDay: true, start: '2027-03-05', end: '2027-03-06' });
    expect(JSON.parse(byName.Anniversary.recurrence!).pattern).toEqual({ type: 'absoluteYearly', interval: 1, dayOfMonth: 5, month: 3 });

    await call('calendar.exportIcs', {});
    const back = readICalendar(delivered[0].text).items;
    expect(back.map((item) => item.errors)).toEqual([[], [], []]);
    expect(Object.fromEntries(back.map((item) => [item.name, item.event!.recurrence]))).toEqual(
      Object.fromEntries(Object.values(byName).map((event) => [event.name, event.recurrence])),
    );
    expect(delivered[0].text).toMatch(/RRULE:FREQ=MONTHLY;COUNT=6;INTERVAL=2;BYDAY=-1TU/);
  });

  it('exports the join link of an online meeting as CONFERENCE (RFC 7986) and as Outlook names it', async () => {
    const saved = await call<WorkspaceEvent>('calendar.saveEvent', {
      kind: 'meeting',
      name: 'Teams sync',
      start: '2027-03-02T09:00:00Z',
      end: '2027-03-02T09:30:00Z',
      allDay: false,
      timeZone: 'UTC',
      assignedUserId: null,
      onlineMeeting: true,
    });
    const joinUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0';
    core.calendarSync.events.setJoinUrl(saved.id, joinUrl);
    await call('calendar.exportIcs', { eventId: saved.id });
    const text = delivered.at(-1)!.text.replace(/\r\n /g, '');
    expect(text).toContain(`CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Join the online meeting:${joinUrl}`);
    expect(text).toContain(`X-MICROSOFT-SKYPETEAMSMEETINGURL:${joinUrl}`);
  });

  it('names each bad event and what is wrong, imports the rest only when confirmed', async () => {
    const text = ics(
      'BEGIN:VTIMEZONE\r\nTZID:Custom Zone\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\nEND:STANDARD\r\nEND:VTIMEZONE',
      vevent(
        'SUMMARY:Good one',
        'DTSTART;TZID=W. Europe Standard Time:20270701T100000',
        'DTEND;TZID=W. Europe Standard Time:20270701T110000',
        'ATTENDEE;CN=Ann:mailto:ann@example.com',
        'CATEGORIES:Call',
      ),
      vevent('SUMMARY:In a described zone', 'DTSTART;TZID=Custom Zone:20270701T100000', 'DTEND;TZID=Custom Zone:20270701T110000'),
      vevent('SUMMARY:No start', 'DTEND:20270701T110000Z'),
      vevent('SUMMARY:Backwards', 'DTSTART:20270701T110000Z', 'DTEND:20270701T100000Z'),
      vevent('SUMMARY:Hourly', 'DTSTART:20270701T100000Z', 'DTEND:20270701T103000Z', 'RRULE:FREQ=HOURLY;COUNT=3'),
      vevent('SUMMARY:Unknown zone', 'DTSTART;TZID=Mars/Olympus:20270701T100000', 'DTEND;TZID=Mars/Olympus:20270701T110000'),
      vevent('SUMMARY:Moved occurrence', 'RECURRENCE-ID:20270301T080000Z', 'DTSTART:20270302T080000Z', 'DTEND:20270302T090000Z'),
      vevent('SUMMARY:Bad guest', 'DTSTART:20270701T100000Z', 'DTEND:20270701T110000Z', 'ATTENDEE:mailto:not-an-address'),
      vevent('DTSTART:20270701T100000Z', 'DTEND:20270701T110000Z'),
    );
    const preview = await call<IcsImportPreview>('calendar.previewIcsImport', { text });
    expect(preview.counts).toEqual({ ready: 2, error: 7 });
    const errors = Object.fromEntries(preview.items.map((item) => [item.name, item.errors.join(' ')]));
    expect(errors['Good one']).toBe('');
    expect(errors['In a described zone']).toBe('');
    expect(errors['No start']).toBe('It has no start (DTSTART).');
    expect(errors.Backwards).toBe('End (DTEND): The end must not be before the start.');
    expect(errors.Hourly).toBe(
      'It cannot be imported as a repeating event: it repeats hourly, which Outlook cannot do (daily, weekly, monthly or yearly only).',
    );
    expect(errors['Unknown zone']).toContain('time zone "Mars/Olympus", which is neither a known zone nor described in the file');
    expect(errors['Moved occurrence']).toContain('RECURRENCE-ID');
    expect(errors['Bad guest']).toContain('Attendees (ATTENDEE): Enter email addresses like');
    expect(errors['Event 9']).toBe('Name (SUMMARY): Enter a name.');
    expect(await events()).toEqual([]);

    expect(await call('calendar.importIcs', { text, assignedUserId: null })).toEqual({ created: 2, skipped: 7 });
    const byName = Object.fromEntries((await events()).map((event) => [event.name, event]));
    // Outlook's Windows zone name: 10:00 in Berlin in summer is 08:00 UTC.
    expect(byName['Good one']).toMatchObject({
      kind: 'call',
      start: '2027-07-01T08:00:00.000Z',
      timeZone: 'Europe/Berlin',
      attendees: [{ email: 'ann@example.com', kind: 'other' }],
    });
    expect(byName['In a described zone']).toMatchObject({ start: '2027-07-01T04:30:00.000Z' });
  });

  it('refuses a file that is no calendar, naming the fix, and writes nothing', async () => {
    expect((await call<IcsImportPreview>('calendar.previewIcsImport', { text: 'first name,last name\nAnn,Lee' })).fileErrors).toEqual([
      expect.stringContaining('The file is not an iCalendar (.ics) file'),
    ]);
    expect((await call<IcsImportPreview>('calendar.previewIcsImport', { text: ics() })).fileErrors).toEqual([
      'The file holds no events (no VEVENT).',
    ]);
    await expect(call('calendar.importIcs', { text: 'garbage', assignedUserId: null })).rejects.toMatchObject({
      code: 'VALIDATION',
      issues: [{ field: 'text' }],
    });
    await expect(
      call('calendar.importIcs', { text: ics(vevent('SUMMARY:x', 'DTSTART:20270701T100000Z')), assignedUserId: 999 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await events()).toEqual([]);
  });
});
