// Expands a series master into occurrence start instants, in the series' own time zone so a
// 09:00 meeting stays at 09:00 across daylight-saving changes. The pattern types and the
// properties each needs are those of Microsoft's *recurrencePattern resource type* page.
import type { Recurrence } from '../store.ts';
import { toIana, toWindows, wallToUtc } from './timezones.ts';

const DAY_MS = 24 * 3600_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'];
const MAX_OCCURRENCES = 2000;

function dateOnly(value: string): number {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/** What each pattern type needs (recurrencePattern page); the emulator requires it where the page calls it required or implied. */
export function validateRecurrence(recurrence: Recurrence): string | null {
  const { pattern, range } = recurrence;
  const type = pattern?.type;
  if (!['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'].includes(type))
    return `Recurrence pattern type '${type}' is not valid.`;
  if (!(pattern.interval >= 1)) return 'The recurrence pattern interval must be at least 1.';
  const days = pattern.daysOfWeek ?? [];
  if (days.some((day) => !WEEKDAYS.includes(day.toLowerCase()))) return `daysOfWeek has a value that is not a day: '${days.join(',')}'.`;
  if ((type === 'weekly' || type.startsWith('relative')) && days.length === 0) return `A ${type} recurrence pattern needs daysOfWeek.`;
  if (type.startsWith('absolute') && !(pattern.dayOfMonth! >= 1 && pattern.dayOfMonth! <= 31))
    return `A ${type} recurrence pattern needs dayOfMonth.`;
  if (type.endsWith('Yearly') && !(pattern.month! >= 1 && pattern.month! <= 12)) return `A ${type} recurrence pattern needs month.`;
  if (pattern.index !== undefined && !INDEXES.includes(pattern.index)) return `index '${pattern.index}' is not valid.`;
  if (!range?.startDate) return 'The recurrence range needs a startDate.';
  if (range.type === 'endDate' && !range.endDate) return 'A recurrence range of type endDate needs an endDate.';
  if (range.type === 'endDate' && dateOnly(range.endDate!) < dateOnly(range.startDate))
    return 'The recurrence range ends before it starts.';
  if (range.type === 'numbered' && !(range.numberOfOccurrences! >= 1)) return 'A numbered recurrence range needs numberOfOccurrences.';
  return null;
}

/** Whether `day` is the index-th of the allowed week days in its month ("counted from the first instance in the month"). */
function isNthAllowedDay(day: number, allowed: Set<number>, index: string): boolean {
  const date = new Date(day);
  const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const monthEnd = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  const matches: number[] = [];
  for (let d = monthStart; d < monthEnd; d += DAY_MS) if (allowed.has(new Date(d).getUTCDay())) matches.push(d);
  const pick = index === 'last' ? matches.at(-1) : matches[INDEXES.indexOf(index)];
  return pick === day;
}

function includes(recurrence: Recurrence, first: number, firstWeek: number, day: number): boolean {
  const { pattern } = recurrence;
  const date = new Date(day);
  const start = new Date(first);
  const days = new Set((pattern.daysOfWeek ?? []).map((d) => WEEKDAYS.indexOf(d.toLowerCase())));
  const months = (date.getUTCFullYear() - start.getUTCFullYear()) * 12 + date.getUTCMonth() - start.getUTCMonth();
  const years = date.getUTCFullYear() - start.getUTCFullYear();
  switch (pattern.type) {
    case 'daily':
      return Math.round((day - first) / DAY_MS) % pattern.interval === 0;
    case 'weekly':
      return Math.floor((day - firstWeek) / (7 * DAY_MS)) % pattern.interval === 0 && days.has(date.getUTCDay());
    case 'absoluteMonthly':
      return months % pattern.interval === 0 && date.getUTCDate() === pattern.dayOfMonth;
    case 'relativeMonthly':
      return months % pattern.interval === 0 && isNthAllowedDay(day, days, pattern.index ?? 'first');
    case 'absoluteYearly':
      return years % pattern.interval === 0 && date.getUTCMonth() + 1 === pattern.month && date.getUTCDate() === pattern.dayOfMonth;
    case 'relativeYearly':
      return (
        years % pattern.interval === 0 && date.getUTCMonth() + 1 === pattern.month && isNthAllowedDay(day, days, pattern.index ?? 'first')
      );
  }
}

/**
 * Original start instants (UTC ms) of a series' occurrences that start before `untilUtc`.
 * `wallTimeOfDayMs` is the master's start time of day in `zone`.
 */
export function occurrenceStarts(recurrence: Recurrence, wallTimeOfDayMs: number, zone: string, untilUtc: number): number[] {
  const iana = toIana(recurrence.range.recurrenceTimeZone ?? zone) ?? 'UTC';
  const { pattern, range } = recurrence;
  const first = dateOnly(range.startDate);
  const last = range.type === 'endDate' && range.endDate ? dateOnly(range.endDate) : Infinity;
  const limit = range.type === 'numbered' ? range.numberOfOccurrences! : MAX_OCCURRENCES;
  const starts: number[] = [];
  const weekStart = WEEKDAYS.indexOf(pattern.firstDayOfWeek ?? 'sunday');
  const firstWeek = first - ((new Date(first).getUTCDay() - weekStart + 7) % 7) * DAY_MS;
  for (let day = first; day <= last && starts.length < limit; day += DAY_MS) {
    if (!includes(recurrence, first, firstWeek, day)) continue;
    const start = wallToUtc(day + wallTimeOfDayMs, iana);
    if (start >= untilUtc) break;
    starts.push(start);
  }
  return starts;
}

/**
 * The recurrence as Graph returns it on a series master: every pattern and range key present,
 * defaults where unused ("0001-01-01", 0, "first"), and recurrenceTimeZone as a Windows name.
 */
export function normalisedRecurrence(recurrence: Recurrence, startZone: string): Record<string, unknown> {
  const { pattern, range } = recurrence;
  const type = pattern.type;
  return {
    pattern: {
      type,
      interval: pattern.interval,
      month: type.endsWith('Yearly') ? pattern.month : 0,
      dayOfMonth: type.startsWith('absolute') ? pattern.dayOfMonth : 0,
      daysOfWeek: type === 'weekly' || type.startsWith('relative') ? (pattern.daysOfWeek ?? []).map((d) => d.toLowerCase()) : [],
      firstDayOfWeek: pattern.firstDayOfWeek ?? 'sunday',
      index: type.startsWith('relative') ? (pattern.index ?? 'first') : 'first',
    },
    range: {
      type: range.type,
      startDate: range.startDate,
      endDate: range.type === 'endDate' ? range.endDate : '0001-01-01',
      recurrenceTimeZone: toWindows(range.recurrenceTimeZone ?? startZone) ?? 'UTC',
      numberOfOccurrences: range.type === 'numbered' ? range.numberOfOccurrences : 0,
    },
  };
}
