// Recurring series made in Outlook, as the strict emulator sends them: occurrences in the delta
// carry only their times, so everything else comes from the series master; an occurrence deleted
// in Outlook is not reported by the delta and is found through the series' instances.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seriesCheckIntervalMs } from '../../../src/main/sync/seriesReconcile';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, createSyncHarness, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
beforeEach(async () => {
  h = await createSyncHarness(tempDir());
});
afterEach(() => h.close());

/** The Monday `weeks` weeks after the next one, as YYYY-MM-DD. */
function monday(weeks: number): string {
  const date = new Date();
  date.setUTCHours(0, 0, 0, 0);
  date.setUTCDate(date.getUTCDate() + ((8 - date.getUTCDay()) % 7 || 7) + weeks * 7);
  return date.toISOString().slice(0, 10);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function offsite(): string {
  return h.emulator.outlook.createEvent(ADELE, {
    subject: 'Team offsite',
    isAllDay: true,
    start: { dateTime: `${monday(0)}T00:00:00`, timeZone: 'Pacific Standard Time' },
    end: { dateTime: `${nextDay(monday(0))}T00:00:00`, timeZone: 'Pacific Standard Time' },
    location: { displayName: 'Lodge' },
    body: { contentType: 'text', content: 'Bring boots.' },
    attendees: [{ type: 'required', emailAddress: { name: 'Alex Wilber', address: 'alex.wilber@contoso.onmicrosoft.com' } }],
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'numbered', startDate: monday(0), numberOfOccurrences: 4 },
    },
  });
}

describe('series made in Outlook', () => {
  it("an all-day series with an exception arrives with every occurrence's subject, location, attendees and all-day flag", async () => {
    const seriesId = offsite();
    const movedId = h.emulator.outlook.occurrenceId(seriesId, `${monday(1)}T08:00:00Z`);
    h.emulator.outlook.updateEvent(ADELE, movedId, { subject: 'Team offsite (indoors)', location: { displayName: 'Hall' } });
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    const occurrences = h.eventNamed('Team offsite');
    expect(occurrences.map((event) => event.start).sort()).toEqual([monday(0), monday(2), monday(3)]);
    for (const event of occurrences) {
      expect(event).toMatchObject({
        allDay: true,
        location: 'Lodge',
        description: 'Bring boots.',
        timeZone: 'America/Los_Angeles',
        seriesMasterId: seriesId,
        origin: 'outlook',
      });
      expect(event.end).toBe(nextDay(event.start));
      expect(event.attendees).toEqual([{ email: 'alex.wilber@contoso.onmicrosoft.com', name: 'Alex Wilber', kind: 'user' }]);
      expect(JSON.parse(event.recurrence!)).toMatchObject({
        pattern: { type: 'weekly', daysOfWeek: ['monday'] },
        range: { numberOfOccurrences: 4 },
      });
    }
    const [exception] = h.eventNamed('Team offsite (indoors)');
    expect(exception).toMatchObject({ allDay: true, start: monday(1), location: 'Hall', seriesMasterId: seriesId });
    // The delta really sent the occurrences bare: the master was read once for them.
    const masterReads = h
      .graphRequests()
      .filter((entry) => entry.method === 'GET' && entry.path.startsWith(`/v1.0/me/events/${seriesId}?`));
    expect(masterReads).toHaveLength(1);

    // Our own echo is recognised: a second run changes nothing.
    const second = await h.sync(h.adele);
    expect(second.fromOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it('a series-wide change in Outlook reaches every occurrence', async () => {
    const seriesId = offsite();
    await h.sync(h.adele);
    h.emulator.outlook.updateEvent(ADELE, seriesId, { subject: 'Team offsite 2033', location: { displayName: 'Cabin' } });
    const outcome = await h.sync(h.adele);
    expect(outcome.fromOutlook.updated).toBe(4);
    expect(h.eventNamed('Team offsite 2033').map((event) => event.location)).toEqual(['Cabin', 'Cabin', 'Cabin', 'Cabin']);
  });

  it('an occurrence deleted in Outlook goes here too: at once when its series changed, otherwise at the periodic check', async () => {
    let clock = Date.now();
    const engine = h.makeEngine(undefined, () => new Date(clock));
    const seriesId = offsite();
    await h.sync(h.adele, engine);
    expect(h.eventNamed('Team offsite')).toHaveLength(4);

    // Deleted alone: the delta says nothing, so the next ordinary run still has it …
    h.emulator.outlook.cancelOccurrence(ADELE, seriesId, `${monday(1)}T08:00:00Z`);
    await h.sync(h.adele, engine);
    expect(h.eventNamed('Team offsite').map((event) => event.start)).toContain(monday(1));
    // … and the periodic comparison with the series' instances removes it.
    clock += seriesCheckIntervalMs;
    const checked = await h.sync(h.adele, engine);
    expect(checked.fromOutlook.deleted).toBe(1);
    expect(
      h
        .eventNamed('Team offsite')
        .map((event) => event.start)
        .sort(),
    ).toEqual([monday(0), monday(2), monday(3)]);

    // Deleted while another occurrence of the series changed: found in the same run.
    h.emulator.outlook.cancelOccurrence(ADELE, seriesId, `${monday(2)}T08:00:00Z`);
    h.emulator.outlook.updateEvent(ADELE, h.emulator.outlook.occurrenceId(seriesId, `${monday(3)}T08:00:00Z`), {
      subject: 'Team offsite (last)',
    });
    const changed = await h.sync(h.adele, engine);
    expect(changed.fromOutlook.deleted).toBe(1);
    expect(h.eventNamed('Team offsite').map((event) => event.start)).toEqual([monday(0)]);
    expect(h.eventNamed('Team offsite (last)')).toHaveLength(1);
  });

  it('reads an occurrence on its own when its series master cannot be read', async () => {
    const seriesId = offsite();
    h.emulator.faults.add({ fault: { kind: 'unavailable' }, match: { method: 'GET', path: `/me/events/${seriesId}?` }, times: Infinity });
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    const occurrences = h.eventNamed('Team offsite');
    expect(occurrences).toHaveLength(4);
    expect(occurrences.every((event) => event.allDay && event.location === 'Lodge')).toBe(true);
    expect(h.lines.some((line) => line.level === 'warning' && line.message.includes('occurrences are read one by one'))).toBe(true);
  });
});
