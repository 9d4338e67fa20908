// Graph writes dateTimeTimeZone values as wall-clock "yyyy-MM-ddTHH:mm:ss.fffffff" plus a zone
// name; Outlook uses Windows zone names and accepts IANA names too. Conversion goes through Intl.
const WINDOWS_TO_IANA: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Russian Standard Time': 'Europe/Moscow',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'AUS Eastern Standard Time': 'Australia/Sydney',
};

// Checking a zone builds an Intl.DateTimeFormat, which costs about a millisecond: once per zone.
const known = new Map<string, string | null>();

export function toIana(zone: string): string | null {
  let iana = known.get(zone);
  if (iana !== undefined) return iana;
  const mapped = WINDOWS_TO_IANA[zone] ?? zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: mapped });
    iana = mapped;
  } catch {
    iana = null;
  }
  known.set(zone, iana);
  return iana;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function offsetMs(ianaZone: string, utcMs: number): number {
  let dtf = formatters.get(ianaZone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: ianaZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
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
