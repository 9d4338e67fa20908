/**
 * Every date and time the console shows, in one zone and one format: the administrator's zone
 * (Settings › time zone; by default the zone of the machine the console runs on, which may not be
 * the browser's). Converting a wall time typed in that zone back to an instant needs the zone's
 * rules at that date, which Intl does not offer: luxon does.
 */
import { DateTime } from 'luxon';
import { useAppInfo, useSettings } from '../state/serverState';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The console's zone: the setting, else the console machine's zone, else (before either is known) the browser's. */
export function useConsoleTimeZone(): string {
  const settings = useSettings();
  const appInfo = useAppInfo();
  return settings?.timeZone.zone ?? appInfo?.timeZone ?? browserZone();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'dateTime' | 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dateTime'
        ? { dateStyle: 'medium', timeStyle: 'medium' }
        : kind === 'date'
          ? { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' }
          : { hour: '2-digit', minute: '2-digit' };
    found = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** "2 Dec 2026, 02:52:30" in `timeZone`; with `label`, followed by the zone's name. */
export function formatDateTime(iso: string | null | undefined, timeZone: string, options: { label?: boolean } = {}): string {
  if (!iso) return '—';
  const text = formatter('dateTime', timeZone).format(new Date(iso));
  return options.label ? `${text} (${timeZone})` : text;
}

/** The day an instant falls on in `timeZone`, with its weekday. */
export function formatDay(iso: string, timeZone: string): string {
  return formatter('date', timeZone).format(new Date(iso));
}

/** The hour and minute of an instant in `timeZone`. */
export function formatTimeOfDay(iso: string, timeZone: string): string {
  return formatter('time', timeZone).format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD, an all-day event's) with its weekday: the same day in every zone. */
export function formatCalendarDate(date: string): string {
  return formatter('date', 'UTC').format(new Date(`${date}T00:00:00Z`));
}

/** An instant as the value of a datetime-local input showing the wall time in `timeZone`. */
export function toZonedInput(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** A datetime-local value read as wall time in `timeZone` → an ISO instant; '' and unreadable text stay as they are, for the check at the door. */
export function fromZonedInput(value: string, timeZone: string): string {
  if (!value) return '';
  const instant = DateTime.fromISO(value, { zone: timeZone });
  return instant.isValid ? instant.toUTC().toISO()! : value;
}
