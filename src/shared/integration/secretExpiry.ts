/** Days before a secret's expiry when the console reminds the administrator (the guide: re-generate in 2 years). */
export const reminderDays = [30, 7, 1] as const;
export type ReminderThreshold = (typeof reminderDays)[number];

export type SecretExpiryState = {
  state: 'ok' | 'reminder' | 'expired';
  expiresOn: string;
  /** Whole days left, rounded up; 0 or less once expired. */
  daysLeft: number;
  /** The reminder band the secret is in: 30, 7 or 1 days; null when further away or expired. */
  threshold: ReminderThreshold | null;
};

const dayMs = 24 * 60 * 60 * 1000;

/** The secret stops working at the start of its expiry date (UTC): the cautious reading of the portal's date. */
export function secretExpiryState(expiresOn: string, now: Date): SecretExpiryState {
  const expiresAt = Date.parse(`${expiresOn}T00:00:00Z`);
  const daysLeft = Math.ceil((expiresAt - now.getTime()) / dayMs);
  if (expiresAt <= now.getTime()) return { state: 'expired', expiresOn, daysLeft, threshold: null };
  const threshold = [...reminderDays].reverse().find((days) => daysLeft <= days) ?? null;
  return { state: threshold === null ? 'ok' : 'reminder', expiresOn, daysLeft, threshold };
}

/** One line for the status bar and the notification; `formatDate` writes the date as the console shows dates (main: as stored). */
export function describeSecretExpiry(expiry: SecretExpiryState, formatDate: (date: string) => string = (date) => date): string {
  const expiresOn = formatDate(expiry.expiresOn);
  if (expiry.state === 'expired')
    return `The client secret expired on ${expiresOn}: sign-ins and sync fail until you create a new secret in the Entra admin centre and paste its value on the Integration page.`;
  const days = expiry.daysLeft === 1 ? '1 day' : `${expiry.daysLeft} days`;
  if (expiry.state === 'reminder')
    return `The client secret expires in ${days} (${expiresOn}). Create a new one in the Entra admin centre and paste its value on the Integration page.`;
  return `The client secret expires on ${expiresOn}.`;
}
