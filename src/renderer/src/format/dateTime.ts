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
type Kind = 'dateTime' | 'date' | 'time' | 'plainDate' | 'clock';
/**
 * The one format: `dateTime` "Dec 2, 2026, 9:04:52 AM" for an instant, `plainDate` its date part
 * ("Dec 2, 2026"), `clock` its time part ("9:04:52 AM"); the calendar's `date` and `time` add the
 * weekday and drop the seconds, as an event's start and end are read.
 */
const kinds: Record<Kind, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: 'medium', timeStyle: 'medium' },
  plainDate: { dateStyle: 'medium' },
  clock: { timeStyle: 'medium' },
  date: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit' },
};
function formatter(kind: Kind, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, { ...kinds[kind], timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** "Dec 2, 2026, 2:52:30 AM" in `timeZone`; with `label`, followed by the zone's name. */
export function formatDateTime(iso: string | null | undefined, timeZone: string, options: { label?: boolean } = {}): string {
  if (!iso) return '—';
  const text = formatter('dateTime', timeZone).format(new Date(iso));
  return options.label ? `${text} (${timeZone})` : text;
}

/** The time of day of an instant in `timeZone`, as in formatDateTime ("2:52:30 AM"); with `label`, the zone's name. */
export function formatClockTime(iso: string, timeZone: string, options: { label?: boolean } = {}): string {
  const text = formatter('clock', timeZone).format(new Date(iso));
  return options.label ? `${text} (${timeZone})` : text;
}

/** The date an instant falls on in `timeZone`, as in formatDateTime ("Dec 2, 2026"). */
export function formatInstantDate(iso: string, timeZone: string): string {
  return formatter('plainDate', timeZone).format(new Date(iso));
}

/** A date without a time (YYYY-MM-DD: a secret's expiry), as in formatDateTime: the same day in every zone. */
export function formatPlainDate(date: string): string {
  return formatter('plainDate', 'UTC').format(new Date(`${date}T00:00:00Z`));
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
