import { ContractError, type WorkspaceEvent } from '../../../../shared/contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as the value of a datetime-local input, in this computer's zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (this computer's zone) as an ISO instant; '' stays '' for the check at the door. */
export function fromLocalInput(value: string): string {
  if (!value) return '';
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function describeWhen(event: Pick<WorkspaceEvent, 'allDay' | 'start' | 'end'>): string {
  if (event.allDay) {
    const last = addDays(event.end, -1);
    return last === event.start ? `${event.start} (all day)` : `${event.start} – ${last} (all day)`;
  }
  const start = new Date(event.start);
  const end = new Date(event.end);
  const day = start.toLocaleDateString(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `${day}, ${time(start)} – ${time(end)}`;
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
