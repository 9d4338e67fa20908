/** Whether Intl knows the zone name (IANA, or UTC): the one check of a zone, in main and in the renderer. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
