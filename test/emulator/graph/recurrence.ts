// Expands a series master into occurrence start instants, in the series' own time zone so a
// 09:00 meeting stays at 09:00 across daylight-saving changes.
import type { Recurrence } from '../store.ts';
import { toIana, toWindows, wallToUtc } from './timezones.ts';

const DAY_MS = 24 * 3600_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MAX_OCCURRENCES = 2000;

function dateOnly(value: string): number {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

export function validateRecurrence(recurrence: Recurrence): string | null {
  const { pattern, range } = recurrence;
  if (!['daily', 'weekly', 'absoluteMonthly'].includes(pattern.type))
    return `Recurrence pattern type '${pattern.type}' is not supported by the emulator.`;
  if (!(pattern.interval >= 1)) return 'The recurrence pattern interval must be at least 1.';
  if (pattern.type === 'weekly' && !pattern.daysOfWeek?.length) return 'A weekly recurrence pattern needs daysOfWeek.';
  if (!range?.startDate) return 'The recurrence range needs a startDate.';
  if (range.type === 'endDate' && !range.endDate) return 'A recurrence range of type endDate needs an endDate.';
  if (range.type === 'numbered' && !(range.numberOfOccurrences! >= 1)) return 'A numbered recurrence range needs numberOfOccurrences.';
  return null;
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
  const days = new Set((pattern.daysOfWeek ?? []).map((d) => WEEKDAYS.indexOf(d.toLowerCase())));
  const firstWeek = first - ((new Date(first).getUTCDay() - weekStart + 7) % 7) * DAY_MS;
  for (let day = first; day <= last && starts.length < limit; day += DAY_MS) {
    const date = new Date(day);
    let included: boolean;
    if (pattern.type === 'daily') included = Math.round((day - first) / DAY_MS) % pattern.interval === 0;
    else if (pattern.type === 'weekly') {
      const week = Math.floor((day - firstWeek) / (7 * DAY_MS));
      included = week % pattern.interval === 0 && days.has(date.getUTCDay());
    } else {
      const months = (date.getUTCFullYear() - new Date(first).getUTCFullYear()) * 12 + date.getUTCMonth() - new Date(first).getUTCMonth();
      included = months % pattern.interval === 0 && date.getUTCDate() === (pattern.dayOfMonth ?? new Date(first).getUTCDate());
    }
    if (!included) continue;
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
  return {
    pattern: {
      type: pattern.type,
      interval: pattern.interval,
      month: 0,
      dayOfMonth: pattern.type === 'absoluteMonthly' ? (pattern.dayOfMonth ?? Number(range.startDate.slice(8, 10))) : 0,
      daysOfWeek: pattern.type === 'weekly' ? (pattern.daysOfWeek ?? []).map((d) => d.toLowerCase()) : [],
      firstDayOfWeek: pattern.firstDayOfWeek ?? 'sunday',
      index: 'first',
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
