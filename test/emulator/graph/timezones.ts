// Graph writes dateTimeTimeZone values as wall-clock "yyyy-MM-ddTHH:mm:ss.fffffff" plus a zone
// name. Outlook takes Windows zone names and the IANA names its documentation lists, nothing else
// (docs/graph-fidelity.md, "Time zones"); both come from CLDR's windowsZones table through the
// windows-iana package, the same table Exchange's own list follows. Conversion goes through Intl.
import { findIana, findWindows } from 'windows-iana';

// Looking a zone up and checking it with Intl costs about a millisecond: once per zone.
const known = new Map<string, string | null>();

/** The IANA zone for a name Outlook accepts (a Windows name or a documented IANA name); null otherwise. */
export function toIana(zone: string): string | null {
  let iana = known.get(zone);
  if (iana !== undefined) return iana;
  const candidate = findIana(zone)[0] ?? (findWindows(zone).length > 0 ? zone : undefined);
  iana = candidate && isIntlZone(candidate) ? candidate : null;
  known.set(zone, iana);
  return iana;
}

// windows-iana searches its whole table on every call: every event of every page asked it twice.
const windowsNames = new Map<string, string | null>();

/** The Windows name Outlook reports in originalStartTimeZone for an accepted zone name. */
export function toWindows(zone: string): string | null {
  let windows = windowsNames.get(zone);
  if (windows !== undefined) return windows;
  windows = findIana(zone).length > 0 ? zone : (findWindows(zone)[0] ?? null);
  windowsNames.set(zone, windows);
  return windows;
}

function isIntlZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A zone's formatter, or null for a zone Intl resolves to UTC itself (its offset is always 0). */
const formatters = new Map<string, Intl.DateTimeFormat | null>();
function offsetMs(ianaZone: string, utcMs: number): number {
  let dtf = formatters.get(ianaZone);
  if (dtf === null) return 0;
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: ianaZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // formatToParts per instant was most of the emulator's time per delta page: UTC needs none.
    if (dtf.resolvedOptions().timeZone === 'UTC') {
      formatters.set(ianaZone, null);
      return 0;
    }
    formatters.set(ianaZone, dtf);
  }
  const p = Object.fromEntries(dtf.formatToParts(new Date(utcMs)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Wall-clock milliseconds (the wall time read as if it were UTC) in a zone → the UTC instant. */
export function wallToUtc(wallMs: number, ianaZone: string): number {
  const first = wallMs - offsetMs(ianaZone, wallMs);
  return wallMs - offsetMs(ianaZone, first);
}

export function utcToWall(utcMs: number, ianaZone: string): number {
  return utcMs + offsetMs(ianaZone, utcMs);
}

/** Parses a Graph dateTime ("2024-05-01T09:00:00", optional fraction or offset) in a zone. */
export function parseDateTime(dateTime: string, zone: string): number | null {
  const iana = toIana(zone);
  if (!iana) return null;
  if (/(Z|[+-]\d\d:\d\d)$/.test(dateTime)) {
    const instant = Date.parse(dateTime);
    return Number.isNaN(instant) ? null : instant;
  }
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?$/.exec(dateTime);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  return wallToUtc(wall, iana);
}

/** A query-string instant (calendarView startDateTime): an offset is honoured, none means UTC. */
export function parseQueryInstant(value: string | null): number | null {
  if (!value) return null;
  return parseDateTime(value, 'UTC');
}

export function formatInZone(utcMs: number, zone: string): { dateTime: string; timeZone: string } {
  const iana = toIana(zone) ?? 'UTC';
  const wall = new Date(utcToWall(utcMs, iana)).toISOString().slice(0, 19);
  return { dateTime: `${wall}.0000000`, timeZone: zone };
}
