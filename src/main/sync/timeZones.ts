/**
 * Outlook names zones the Windows way ("W. Europe Standard Time"); the console keeps IANA names.
 * The common ones are mapped here (from CLDR's windowsZones); an IANA name passes through.
 */
const windowsToIana: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'Russian Standard Time': 'Europe/Moscow',
  'Arabian Standard Time': 'Asia/Dubai',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
  'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
};

// Checking a zone builds an Intl.DateTimeFormat, which costs about a millisecond: once per zone.
const checkedZones = new Map<string, string>();

export function toIanaZone(zone: string | null | undefined): string {
  if (!zone) return 'UTC';
  let iana = checkedZones.get(zone);
  if (iana !== undefined) return iana;
  const mapped = windowsToIana[zone] ?? zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: mapped });
    iana = mapped;
  } catch {
    iana = 'UTC';
  }
  checkedZones.set(zone, iana);
  return iana;
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone. */
export function dateInZone(instant: number, ianaZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ianaZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Graph's "2026-05-01T09:00:00.0000000" in UTC (as we always ask for) → epoch ms. */
export function parseGraphUtc(dateTime: string): number {
  const trimmed = dateTime.replace(/(\.\d{3})\d*$/, '$1');
  return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(trimmed) ? trimmed : `${trimmed}Z`);
}
