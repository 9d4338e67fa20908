/**
 * Outlook names zones the Windows way ("W. Europe Standard Time") and accepts Windows names plus
 * a documented list of IANA names; the console keeps IANA names. Both directions go through
 * CLDR's windowsZones table (the windows-iana package), which Microsoft's list follows.
 */
import { findIana, findWindows } from 'windows-iana';
import { isTimeZone } from '../../shared/contract/timeZone';

/** A zone name Outlook would not accept, or that names no zone at all. */
export class UnknownTimeZoneError extends Error {
  readonly zone: string;
  constructor(zone: string) {
    super(
      `The time zone "${zone}" is not one Outlook knows. Choose a zone such as Europe/Berlin or America/New_York on the event, then sync again.`,
    );
    this.zone = zone;
  }
}

// Looking a zone up and checking it with Intl costs about a millisecond: once per zone.
const ianaByName = new Map<string, string | null>();

/** The IANA zone for a Windows or IANA name; null when neither Outlook nor Intl knows it. */
export function ianaZoneOf(zone: string): string | null {
  let iana = ianaByName.get(zone);
  if (iana !== undefined) return iana;
  const candidate = findIana(zone)[0] ?? zone;
  iana = isTimeZone(candidate) ? canonicalUtc(candidate) : null;
  ianaByName.set(zone, iana);
  return iana;
}

/** Graph's zone name → IANA; an absent zone is UTC (Graph's default), an unknown one `fallback`. */
export function toIanaZone(zone: string | null | undefined, fallback = 'UTC'): string {
  if (!zone) return 'UTC';
  return ianaZoneOf(zone) ?? fallback;
}

/** The Windows name to send to Outlook for an IANA (or Windows) zone; throws in words when there is none. */
export function toWindowsZone(zone: string): string {
  if (findIana(zone).length > 0) return zone;
  // CLDR may list a zone under its older name (Europe/Kiev for Europe/Kyiv): Intl knows both.
  const windows = findWindows(zone)[0] ?? (isTimeZone(zone) ? findWindows(intlCanonical(zone))[0] : undefined);
  if (!windows) throw new UnknownTimeZoneError(zone);
  return windows;
}

function intlCanonical(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** CLDR names UTC "Etc/UTC"; the console has always stored plain "UTC". */
function canonicalUtc(zone: string): string {
  return zone === 'Etc/UTC' || zone === 'Etc/GMT' || zone === 'UTC' ? 'UTC' : zone;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function dateInZone(instant: number, ianaZone: string): string {
  return wallTimeInZone(instant, ianaZone).slice(0, 10);
}

/** The wall-clock time (YYYY-MM-DDTHH:mm:ss) an instant shows in a zone: what Outlook takes with that zone's name. */
export function wallTimeInZone(instant: number, ianaZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: ianaZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Graph's "2026-05-01T09:00:00.0000000" in UTC (as we always ask for) → epoch ms. */
export function parseGraphUtc(dateTime: string): number {
  const trimmed = dateTime.replace(/(\.\d{3})\d*$/, '$1');
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(trimmed) ? trimmed : `${trimmed}Z`);
}
