// Series made in the console, against the strict emulator: created in Outlook as one series in the
// event's own zone (so local times survive a DST change); an occurrence edited here becomes an
// exception there, one deleted here a cancelled occurrence; an exception made in Outlook stays an
// exception here; editing the series here updates the master.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedRecurrence } from '../../../src/main/sync/seriesPattern';
import { useTempDirs } from '../../support/tempDir';
import { ADELE, createSyncHarness, meeting, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
beforeEach(async () => {
  h = await createSyncHarness(tempDir());
  h.records.saveSettings({ ...h.records.settings(h.adele.id), syncSince: '2027-03-01' }, new Date());
});
afterEach(() => h.close());

/** A weekly Monday 09:00 Berlin meeting from 15 March 2027 to 12 April 2027: Europe moves its clocks on 28 March. */
function berlinSeries(name = 'Planning'): number {
  const start = '2027-03-15T08:00:00.000Z';
  const recurrence = storedRecurrence(
    { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, range: { type: 'endDate', endDate: '2027-04-12' } },
    { start, allDay: false, timeZone: 'Europe/Berlin' },
  );
  return h.events.insert(
    { ...meeting(name, h.adele.id, start, { timeZone: 'Europe/Berlin' }), end: '2027-03-15T08:30:00.000Z', recurrence },
    'console',
    new Date(),
  );
}

const occurrencesOf = (name: string) =>
  h
    .eventNamed(name)
    .filter((event) => event.seriesMasterId !== null)
    .sort((a, b) => a.start.localeCompare(b.start));

describe('series made in the console', () => {
  it('a weekly series with an end date is one series in Outlook, in its own zone, whose occurrences keep 09:00 across DST', async () => {
    const masterId = berlinSeries();
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(outcome.toOutlook.created).toBe(1);

    const inOutlook = h.mailboxEvents(ADELE).filter((event) => event.fields.subject === 'Planning');
    expect(inOutlook).toHaveLength(1);
    expect(inOutlook[0].fields.start).toEqual({ dateTime: '2027-03-15T09:00:00', timeZone: 'W. Europe Standard Time' });
    expect(inOutlook[0].recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'endDate', startDate: '2027-03-15', endDate: '2027-04-12', recurrenceTimeZone: 'W. Europe Standard Time' },
    });

    // The same run read the series back: its five occurrences, 08:00Z before the change and 07:00Z after.
    expect(occurrencesOf('Planning').map((event) => event.start)).toEqual([
      '2027-03-15T08:00:00.000Z',
      '2027-03-22T08:00:00.000Z',
      '2027-03-29T07:00:00.000Z',
      '2027-04-05T07:00:00.000Z',
      '2027-04-12T07:00:00.000Z',
    ]);
    expect(occurrencesOf('Planning').every((event) => event.seriesMasterId === inOutlook[0].id && event.kind === 'meeting')).toBe(true);
    // The series itself stays one event here, linked to the master.
    expect(h.events.find(masterId)).toMatchObject({ inOutlook: true, seriesMasterId: null, removedInOutlook: false });

    const again = await h.sync(h.adele);
    expect([again.toOutlook, again.fromOutlook]).toEqual([
      { created: 0, updated: 0, deleted: 0 },
      { created: 0, updated: 0, deleted: 0 },
    ]);
  });

  it('an occurrence edited here is an exception there, one deleted here is cancelled there, and an Outlook exception stays one here', async () => {
    berlinSeries();
    await h.sync(h.adele);
    const [, second, third, fourth] = occurrencesOf('Planning');
    const master = h.mailboxEvents(ADELE).find((event) => event.fields.subject === 'Planning')!;

    h.events.update(
      second.id,
      { ...second, name: 'Planning (room 2)', start: '2027-03-22T09:00:00.000Z', end: '2027-03-22T09:30:00.000Z' },
      new Date(),
    );
    h.events.markDeleted(fourth.id, new Date());
    h.emulator.outlook.updateEvent(ADELE, h.emulator.outlook.occurrenceId(master.id, third.start), {
      subject: 'Planning (moved in Outlook)',
    });
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(outcome.toOutlook).toMatchObject({ updated: 1, deleted: 1 });

    // Outlook still has one series, with the edit as an exception and the deletion as a cancelled occurrence.
    expect(h.mailboxEvents(ADELE).filter((event) => event.id === master.id || event.fields.subject.startsWith('Planning'))).toHaveLength(1);
    expect(Object.fromEntries([...master.exceptions].map(([original, exception]) => [original, exception.fields.subject]))).toEqual({
      '2027-03-22T08:00:00.000Z': 'Planning (room 2)',
      '2027-03-29T07:00:00.000Z': 'Planning (moved in Outlook)',
    });
    expect([...master.cancelledOccurrences]).toEqual(['2027-04-05T07:00:00.000Z']);

    // Here: the Outlook exception arrived as an exception of the same series; the deleted occurrence is gone.
    const moved = h.eventNamed('Planning (moved in Outlook)');
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ seriesMasterId: master.id, outlookType: 'exception', start: '2027-03-29T07:00:00.000Z' });
    expect(h.events.find(fourth.id)).toBeUndefined();
    expect(h.eventNamed('Planning (room 2)')[0]).toMatchObject({ start: '2027-03-22T09:00:00.000Z', seriesMasterId: master.id });
  });

  it('editing the series here updates the master in Outlook and every plain occurrence here', async () => {
    const masterId = berlinSeries();
    await h.sync(h.adele);
    const series = h.events.find(masterId)!;
    h.events.update(masterId, { ...series, name: 'Planning (new name)', location: 'Room 7' }, new Date());
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(outcome.toOutlook.updated).toBe(1);
    const outlookId = h.records.link(masterId, h.adele.id)!.outlookEventId;
    const master = h.mailboxEvents(ADELE).find((event) => event.id === outlookId)!;
    expect(master.fields).toMatchObject({ subject: 'Planning (new name)', location: { displayName: 'Room 7' } });
    expect(occurrencesOf('Planning (new name)').map((event) => event.location)).toEqual(['Room 7', 'Room 7', 'Room 7', 'Room 7', 'Room 7']);
  });

  it('a series deleted here is deleted in Outlook, and its occurrences here with it', async () => {
    const masterId = berlinSeries();
    await h.sync(h.adele);
    h.events.markDeleted(masterId, new Date());
    const outcome = await h.sync(h.adele);
    expect(outcome.errors).toEqual([]);
    expect(h.mailboxEvents(ADELE).filter((event) => event.fields.subject === 'Planning')).toEqual([]);
    expect(h.eventNamed('Planning')).toEqual([]);
  });

  it('a monthly-by-weekday series with a count is created as Outlook expands it', async () => {
    const start = '2027-03-09T14:00:00.000Z'; // the second Tuesday of March
    const recurrence = storedRecurrence(
      {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'second' },
        range: { type: 'numbered', numberOfOccurrences: 3 },
      },
      { start, allDay: false, timeZone: 'UTC' },
    );
    h.events.insert({ ...meeting('Board', h.adele.id, start), recurrence }, 'console', new Date());
    expect((await h.sync(h.adele)).errors).toEqual([]);
    expect(occurrencesOf('Board').map((event) => event.start)).toEqual([
      '2027-03-09T14:00:00.000Z',
      '2027-04-13T14:00:00.000Z',
      '2027-05-11T14:00:00.000Z',
    ]);
  });
});
