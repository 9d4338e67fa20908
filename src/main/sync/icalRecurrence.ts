/**
 * Repeat rules between iCalendar (RFC 5545 RRULE, through ical.js) and the form events keep them
 * in: Outlook's patternedRecurrence as JSON, as the sync stores series from Outlook. Only rules
 * Outlook can express are taken; any other rule is refused in words rather than changed silently.
 */
import ICAL from 'ical.js';

type GraphPattern = {
  type: string;
  interval: number;
  daysOfWeek?: string[];
  dayOfMonth?: number;
  month?: number;
  index?: string;
  firstDayOfWeek?: string;
};
type GraphRange = { type: 'endDate' | 'noEnd' | 'numbered'; startDate: string; endDate?: string; numberOfOccurrences?: number };
type GraphRecurrence = { pattern: GraphPattern; range: GraphRange };

const dayCodes: Record<string, string> = {
  SU: 'sunday',
  MO: 'monday',
  TU: 'tuesday',
  WE: 'wednesday',
  TH: 'thursday',
  FR: 'friday',
  SA: 'saturday',
};
const codeOfDay = Object.fromEntries(Object.entries(dayCodes).map(([code, day]) => [day, code]));
const indexWords: Record<string, string> = { '1': 'first', '2': 'second', '3': 'third', '4': 'fourth', '-1': 'last' };
const indexNumbers = Object.fromEntries(Object.entries(indexWords).map(([number, word]) => [word, number]));
const supportedParts = new Set(['BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS']);

export class UnsupportedRecurrence extends Error {}

/** An RRULE of a series starting on `startDate` (YYYY-MM-DD) → Outlook's pattern as JSON. */
export function recurrenceFromRrule(rule: ICAL.Recur, startDate: string): string {
  const parts = rule.parts as Record<string, Array<string | number> | undefined>;
  const extra = Object.keys(parts).filter((part) => !supportedParts.has(part) && parts[part]?.length);
  if (extra.length > 0) throw new UnsupportedRecurrence(`its repeat rule uses ${extra.join(', ')}, which Outlook cannot repeat by.`);
  const start = new Date(`${startDate}T00:00:00Z`);
  const startDay = Object.values(dayCodes)[start.getUTCDay()];
  const interval = rule.interval || 1;
  const byDay = (parts.BYDAY ?? []).map(String);
  const setPos = (parts.BYSETPOS ?? []).map(String);
  const monthDays = (parts.BYMONTHDAY ?? []).map(Number);
  const months = (parts.BYMONTH ?? []).map(Number);
  const ordinalDays = () => {
    const parsed = byDay.map((entry) => /^([+-]?\d)?([A-Z]{2})$/.exec(entry));
    if (parsed.some((match) => !match || !dayCodes[match[2]]))
      throw new UnsupportedRecurrence(`its repeat rule has days Outlook cannot read (${byDay.join(',')}).`);
    const ordinals = new Set(parsed.map((match) => match![1]?.replace('+', '') ?? setPos[0]));
    if (ordinals.size !== 1 || setPos.length > 1)
      throw new UnsupportedRecurrence('its repeat rule mixes several week positions, which Outlook cannot repeat by.');
    const [ordinal] = [...ordinals];
    return { daysOfWeek: parsed.map((match) => dayCodes[match![2]]), index: ordinal === undefined ? undefined : indexWords[ordinal] };
  };
  const one = (values: number[], what: string, fallback: number) => {
    if (values.length > 1) throw new UnsupportedRecurrence(`its repeat rule names several ${what}, which Outlook cannot repeat by.`);
    return values[0] ?? fallback;
  };
  let pattern: GraphPattern;
  switch (rule.freq) {
    case 'DAILY':
      pattern = { type: 'daily', interval };
      break;
    case 'WEEKLY': {
      const days = byDay.length ? ordinalDays().daysOfWeek : [startDay];
      pattern = { type: 'weekly', interval, daysOfWeek: days, firstDayOfWeek: Object.values(dayCodes)[(rule.wkst || 1) - 1] };
      break;
    }
    case 'MONTHLY':
    case 'YEARLY': {
      const yearly = rule.freq === 'YEARLY';
      const month = yearly ? one(months, 'months', start.getUTCMonth() + 1) : undefined;
      if (byDay.length) {
        const { daysOfWeek, index } = ordinalDays();
        if (!index)
          throw new UnsupportedRecurrence('its repeat rule names week days without saying which week of the month (like 2TU or -1FR).');
        pattern = { type: yearly ? 'relativeYearly' : 'relativeMonthly', interval, daysOfWeek, index, ...(month ? { month } : {}) };
      } else {
        pattern = {
          type: yearly ? 'absoluteYearly' : 'absoluteMonthly',
          interval,
          dayOfMonth: one(monthDays, 'days of the month', start.getUTCDate()),
          ...(month ? { month } : {}),
        };
      }
      break;
    }
    default:
      throw new UnsupportedRecurrence(
        `it repeats ${String(rule.freq).toLowerCase()}, which Outlook cannot do (daily, weekly, monthly or yearly only).`,
      );
  }
  const range: GraphRange = rule.count
    ? { type: 'numbered', startDate, numberOfOccurrences: rule.count }
    : rule.until
      ? { type: 'endDate', startDate, endDate: rule.until.toString().slice(0, 10) }
      : { type: 'noEnd', startDate };
  return JSON.stringify({ pattern, range } satisfies GraphRecurrence);
}

/** Outlook's pattern as JSON → an RRULE; null when there is none or it cannot be read. */
export function rruleFromRecurrence(recurrence: string | null): ICAL.Recur | null {
  if (!recurrence) return null;
  let parsed: GraphRecurrence;
  try {
    parsed = JSON.parse(recurrence) as GraphRecurrence;
  } catch {
    return null;
  }
  const { pattern, range } = parsed;
  if (!pattern || !range) return null;
  const freq = {
    daily: 'DAILY',
    weekly: 'WEEKLY',
    absoluteMonthly: 'MONTHLY',
    relativeMonthly: 'MONTHLY',
    absoluteYearly: 'YEARLY',
    relativeYearly: 'YEARLY',
  }[pattern.type];
  if (!freq) return null;
  const ordinal = pattern.index ? indexNumbers[pattern.index] : '';
  const days = pattern.daysOfWeek ?? [];
  const byday =
    pattern.type === 'weekly'
      ? days.map((day) => codeOfDay[day])
      : pattern.type.startsWith('relative')
        ? days.map((day) => `${ordinal}${codeOfDay[day]}`)
        : [];
  return new ICAL.Recur({
    freq,
    interval: pattern.interval || 1,
    ...(byday.length ? { byday } : {}),
    ...(pattern.type.startsWith('absolute') && pattern.dayOfMonth ? { bymonthday: [pattern.dayOfMonth] } : {}),
    ...(pattern.type.endsWith('Yearly') && pattern.month ? { bymonth: [pattern.month] } : {}),
    ...(range.type === 'numbered' && range.numberOfOccurrences ? { count: range.numberOfOccurrences } : {}),
    ...(range.type === 'endDate' && range.endDate ? { until: ICAL.Time.fromDateString(range.endDate) } : {}),
  });
}
