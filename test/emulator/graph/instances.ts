// An event as a calendar view sees it: a single instance, or one occurrence / exception of a series.
import type { EventFields, Mailbox, StoredEvent } from '../store.ts';
import { occurrenceStarts } from './recurrence.ts';
import { parseDateTime, toIana, utcToWall } from './timezones.ts';

export type EventInstance = {
  id: string;
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  master: StoredEvent;
  fields: EventFields;
  changeKey: string;
  lastModifiedDateTime: string;
  startUtc: number;
  endUtc: number;
  /** Original start of an occurrence or exception (UTC ISO). */
  originalStart: string | null;
};

const DAY_MS = 24 * 3600_000;

export function eventSpan(fields: EventFields): { startUtc: number; endUtc: number } {
  const startUtc = parseDateTime(fields.start.dateTime, fields.start.timeZone) ?? 0;
  const endUtc = parseDateTime(fields.end.dateTime, fields.end.timeZone) ?? startUtc;
  return { startUtc, endUtc };
}

export function occurrenceId(masterId: string, originalStartIso: string): string {
  return `${masterId}.${originalStartIso.replace(/[-:]/g, '').slice(0, 15)}`;
}

export function asInstance(event: StoredEvent): EventInstance {
  const span = eventSpan(event.fields);
  return {
    id: event.id,
    type: event.recurrence ? 'seriesMaster' : 'singleInstance',
    master: event,
    fields: event.fields,
    changeKey: event.changeKey,
    lastModifiedDateTime: event.lastModifiedDateTime,
    ...span,
    originalStart: null,
  };
}

/** Occurrences and exceptions of a series that start before `untilUtc` (cancelled ones left out). */
export function expandSeries(master: StoredEvent, untilUtc: number): EventInstance[] {
  if (!master.recurrence) return [];
  const { startUtc, endUtc } = eventSpan(master.fields);
  const zone = toIana(master.fields.start.timeZone) ?? 'UTC';
  const wallTimeOfDay = ((utcToWall(startUtc, zone) % DAY_MS) + DAY_MS) % DAY_MS;
  const duration = endUtc - startUtc;
  return occurrenceStarts(master.recurrence, wallTimeOfDay, master.fields.start.timeZone, untilUtc)
    .map((start) => new Date(start).toISOString())
    .filter((original) => !master.cancelledOccurrences.has(original))
    .map((original): EventInstance => {
      const start = Date.parse(original);
      const exception = master.exceptions.get(original);
      if (!exception) {
        return {
          id: occurrenceId(master.id, original),
          type: 'occurrence',
          master,
          fields: master.fields,
          changeKey: master.changeKey,
          lastModifiedDateTime: master.lastModifiedDateTime,
          startUtc: start,
          endUtc: start + duration,
          originalStart: original,
        };
      }
      const fields = { ...master.fields, ...exception.fields };
      const moved = exception.fields.start ? eventSpan(fields) : { startUtc: start, endUtc: start + duration };
      return {
        id: exception.id,
        type: 'exception',
        master,
        fields,
        changeKey: exception.changeKey,
        lastModifiedDateTime: exception.lastModified,
        ...moved,
        originalStart: original,
      };
    });
}

function overlaps(instance: EventInstance, fromUtc: number, toUtc: number): boolean {
  if (instance.startUtc === instance.endUtc) return instance.startUtc >= fromUtc && instance.startUtc < toUtc;
  return instance.startUtc < toUtc && instance.endUtc > fromUtc;
}

/** What GET calendarView returns: single instances, occurrences and exceptions in the window, by start. */
export function calendarView(mailbox: Mailbox, calendarId: string, fromUtc: number, toUtc: number): EventInstance[] {
  const result: EventInstance[] = [];
  for (const event of mailbox.events.values()) {
    if (event.calendarId !== calendarId || event.isCancelled) continue;
    // An exception may have been moved to a day after the window's end; look a year beyond.
    const candidates = event.recurrence ? expandSeries(event, toUtc + 366 * DAY_MS) : [asInstance(event)];
    result.push(...candidates.filter((i) => overlaps(i, fromUtc, toUtc)));
  }
  return result.sort((a, b) => a.startUtc - b.startUtc || a.id.localeCompare(b.id));
}

/** Finds an event, occurrence or exception by id. */
export function findInstance(mailbox: Mailbox, id: string): EventInstance | undefined {
  const stored = mailbox.events.get(id);
  if (stored) return asInstance(stored);
  const dot = id.lastIndexOf('.');
  const master = dot > 0 ? mailbox.events.get(id.slice(0, dot)) : undefined;
  if (!master?.recurrence) return undefined;
  const stamp = id.slice(dot + 1);
  const original = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.000Z`;
  if (master.cancelledOccurrences.has(original)) return undefined;
  return expandSeries(master, Date.parse(original) + 1).find((i) => i.originalStart === original);
}
