import { z } from 'zod';
import { secretExpiryStateSchema } from './integration';

export const lastSyncSchema = z.object({
  finishedAt: z.iso.datetime(),
  status: z.enum(['success', 'partial', 'failed', 'skipped', 'interrupted']),
  summary: z.string(),
});

/** What the status bar shows: read often, so it is one small call. */
export const consoleStatusSchema = z.object({
  integrationEnabled: z.boolean(),
  lastSync: lastSyncSchema.nullable(),
  /** The client secret's expiry, for the status bar's reminder; null when no expiry is recorded. */
  secretExpiry: secretExpiryStateSchema.nullable(),
  /** Connected Outlook accounts whose sign-in Microsoft no longer accepts: reconnect them on the Accounts page. */
  accountsNeedingReconnect: z.array(z.object({ userId: z.number().int(), userName: z.string(), userPrincipalName: z.string() })),
});
export type ConsoleStatus = z.infer<typeof consoleStatusSchema>;

export const statusChannels = {
  'status.get': { input: z.void(), output: consoleStatusSchema },
} as const;

export const statusEvents = {
  'status.changed': consoleStatusSchema,
} as const;
