/**
 * Series made here: how their pattern is kept (Outlook's patternedRecurrence as JSON, the form
 * series from Outlook and .ics imports already use) and how it is sent to Outlook. The range
 * starts on the event's first day in the event's own zone, and carries that zone, so Outlook
 * repeats the local time: a 09:00 meeting stays at 09:00 across a daylight-saving change.
 */
import type { z } from 'zod';
import type { recurrenceInputSchema } from '../../shared/contract';
import type { GraphJson } from '../graph/graphMailbox';
import type { StoredEvent } from './eventStore';
import { dateInZone, toWindowsZone } from './timeZones';

type RecurrenceInput = z.output<typeof recurrenceInputSchema>;
type Stored = { pattern: Partial<RecurrenceInput['pattern']> & { type: string; interval: number }; range: Record<string, unknown> };

/** A console event that is the master of its own series (an occurrence of an Outlook series carries its master's id). */
export function isSeriesMadeHere(event: Pick<StoredEvent, 'recurrence' | 'seriesMasterId'>): boolean {
  return event.recurrence !== null && event.seriesMasterId === null;
}

/** The first day of an event in its own zone (an all-day event's start is that day already). */
export function firstDay(event: { start: string; allDay: boolean; timeZone: string }): string {
  return event.allDay ? event.start.slice(0, 10) : dateInZone(Date.parse(event.start), event.timeZone);
}

/** The pattern as kept on the event: only the keys its type uses, the range from the event's first day. */
export function storedRecurrence(input: RecurrenceInput, event: { start: string; allDay: boolean; timeZone: string }): string {
  const { pattern, range } = input;
  const uses = {
    daysOfWeek: ['weekly', 'relativeMonthly', 'relativeYearly'].includes(pattern.type),
    dayOfMonth: pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly',
    month: pattern.type.endsWith('Yearly'),
    index: pattern.type.startsWith('relative'),
  };
  return JSON.stringify({
    pattern: {
      type: pattern.type,
      interval: pattern.interval,
      ...(uses.daysOfWeek ? { daysOfWeek: pattern.daysOfWeek } : {}),
      ...(uses.dayOfMonth ? { dayOfMonth: pattern.dayOfMonth } : {}),
      ...(uses.month ? { month: pattern.month } : {}),
      ...(uses.index ? { index: pattern.index } : {}),
    },
    range: {
      type: range.type,
      startDate: firstDay(event),
      ...(range.type === 'endDate' ? { endDate: range.endDate } : {}),
      ...(range.type === 'numbered' ? { numberOfOccurrences: range.numberOfOccurrences } : {}),
    },
  });
}

/**
 * The recurrence to send for a series made here: the range's start date is the event's first day
 * (Microsoft: it "must be the same value as the start property of the recurring event"), and its
 * zone the event's, as a Windows name.
 */
export function outlookRecurrence(event: StoredEvent): GraphJson {
  const stored = JSON.parse(event.recurrence!) as Stored;
  // The stored start date may be an import's; the event's own first day is what Outlook checks.
  return {
    pattern: stored.pattern,
    range: { ...stored.range, startDate: firstDay(event), recurrenceTimeZone: toWindowsZone(event.timeZone) },
  };
}
