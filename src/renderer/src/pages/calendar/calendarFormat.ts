import { ContractError, type SyncOutcomeView, type WorkspaceEvent } from '../../../../shared/contract';
import { formatCalendarDate, formatDay, formatTimeOfDay } from '../../format/dateTime';

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** When an event happens, in the console's zone; an all-day event's dates are the same in every zone. */
export function describeWhen(event: Pick<WorkspaceEvent, 'allDay' | 'start' | 'end'>, timeZone: string): string {
  if (event.allDay) {
    const last = addDays(event.end, -1);
    return last === event.start
      ? `${formatCalendarDate(event.start)} (all day)`
      : `${formatCalendarDate(event.start)} – ${formatCalendarDate(last)} (all day)`;
  }
  const sameDay = formatDay(event.start, timeZone) === formatDay(event.end, timeZone);
  const end = sameDay ? formatTimeOfDay(event.end, timeZone) : `${formatDay(event.end, timeZone)}, ${formatTimeOfDay(event.end, timeZone)}`;
  return `${formatDay(event.start, timeZone)}, ${formatTimeOfDay(event.start, timeZone)} – ${end}`;
}

/** Field → message from a refused save; the rest goes to `form`. */
export function fieldMessages(error: unknown): Record<string, string> {
  if (!(error instanceof ContractError) || error.issues.length === 0) return { form: (error as Error).message };
  // Each message under its whole field path (recurrence.range.endDate) and under its top field too.
  return Object.fromEntries(
    error.issues.flatMap((issue) => [
      [issue.field.split('.')[0] || 'form', issue.message],
      [issue.field || 'form', issue.message],
    ]),
  );
}

export function describeRecurrence(recurrence: string | null): string | null {
  if (!recurrence) return null;
  try {
    const parsed = JSON.parse(recurrence) as {
      pattern?: { type?: string; interval?: number; daysOfWeek?: string[] };
      range?: { type?: string; endDate?: string; numberOfOccurrences?: number };
    };
    const every = parsed.pattern?.interval && parsed.pattern.interval > 1 ? `every ${parsed.pattern.interval} ` : '';
    const days = parsed.pattern?.daysOfWeek?.length ? ` on ${parsed.pattern.daysOfWeek.join(', ')}` : '';
    const until =
      parsed.range?.type === 'numbered'
        ? `, ${parsed.range.numberOfOccurrences} times`
        : parsed.range?.type === 'endDate'
          ? `, until ${parsed.range.endDate}`
          : '';
    return `Repeats ${every}${parsed.pattern?.type ?? ''}${days}${until}`;
  } catch {
    return 'Part of a series';
  }
}

/**
 * Sync now's answer in one notice: the summary, then each error not already said by it (a failed
 * sync's summary carries its error's explanation, which was shown twice before).
 */
export function describeSyncOutcome(outcome: Pick<SyncOutcomeView, 'summary' | 'errors'>): string {
  const details = outcome.errors
    .filter((error) => !outcome.summary.includes(error.explanation))
    .map((error) => `${error.message} ${error.explanation}`);
  return [outcome.summary, ...details].join(' ');
}
