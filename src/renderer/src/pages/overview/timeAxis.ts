/**
 * The time axis of the run charts: where its ticks go and what they say, in the console's zone.
 * d3 (inside Fluent's charts) picks ticks in the browser's zone and at any spacing, down to
 * milliseconds, so runs a few seconds apart got several ticks all reading "09:04". Here the step
 * is a round interval that fits the runs' span, and each label shows just enough (seconds, minutes,
 * the day) for the ticks to read differently; the chart takes both through its `tickValues` and
 * `customDateTimeFormatter` options.
 */
import { DateTime } from 'luxon';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
/** d3's own tick intervals (d3-time's ticks), up to a week: the charts cover at most 30 days. */
const steps = [1, 5, 15, 30]
  .map((n) => n * second)
  .concat(
    [1, 5, 15, 30].map((n) => n * minute),
    [1, 3, 6, 12].map((n) => n * hour),
    [1, 2, 7].map((n) => n * day),
  );
const mostTicks = 6;

export type TimeAxis = { tickValues: Date[]; format: (date: Date) => string };

export function timeAxis(times: readonly number[], timeZone: string, locale?: string): TimeAxis {
  if (times.length === 0) return { tickValues: [], format: (date) => date.toISOString() };
  const first = Math.min(...times);
  const last = Math.max(...times);
  const step = steps.find((candidate) => (last - first) / candidate <= mostTicks - 1) ?? steps[steps.length - 1];
  const ticks = step >= day ? dayTicks(first, last, step / day, timeZone) : roundTicks(first, last, step, timeZone);
  // Runs closer together than the smallest step (or one run): one tick, at the first run.
  const tickValues = (ticks.length > 0 ? ticks : [first]).map((time) => new Date(time));
  const severalDays =
    DateTime.fromMillis(first, { zone: timeZone }).toISODate() !== DateTime.fromMillis(last, { zone: timeZone }).toISODate();
  const options: Intl.DateTimeFormatOptions =
    step >= day
      ? { month: 'short', day: 'numeric' }
      : {
          ...(severalDays ? { month: 'short', day: 'numeric' } : {}),
          hour: 'numeric',
          minute: '2-digit',
          ...(step < minute || (ticks.length === 0 && last - first < minute) ? { second: '2-digit' } : {}),
        };
  const formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone });
  return { tickValues, format: (date) => formatter.format(date) };
}

/** Multiples of `step` counted from midnight in `timeZone` (whole hours in every zone but a few), within the runs' span. */
function roundTicks(first: number, last: number, step: number, timeZone: string): number[] {
  const offset = DateTime.fromMillis(first, { zone: timeZone }).offset * minute;
  const ticks: number[] = [];
  for (let tick = Math.ceil((first + offset) / step) * step - offset; tick <= last; tick += step) ticks.push(tick);
  return ticks;
}

/** Midnights in `timeZone` every `days` days within the runs' span: days differ in length across DST, so counted by the calendar. */
function dayTicks(first: number, last: number, days: number, timeZone: string): number[] {
  const ticks: number[] = [];
  let tick = DateTime.fromMillis(first, { zone: timeZone }).startOf('day');
  if (tick.toMillis() < first) tick = tick.plus({ days: 1 });
  for (; tick.toMillis() <= last; tick = tick.plus({ days })) ticks.push(tick.toMillis());
  return ticks;
}
