const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return guidPattern.test(value.trim());
}

/**
 * The portal lists a secret's *Secret ID* (a GUID) beside its *Value*; pasting the ID is the
 * classic mistake behind AADSTS7000215. A secret value is never GUID-shaped.
 */
export function looksLikeSecretId(value: string): boolean {
  return isGuid(value);
}

/** The portal's recommended choice: 24 months from today, as a YYYY-MM-DD date. */
export function defaultSecretExpiry(today: Date): string {
  const expiry = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 24, today.getUTCDate()));
  return expiry.toISOString().slice(0, 10);
}
