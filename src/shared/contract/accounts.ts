import { z } from 'zod';
import { idSchema } from './access';

export const accountStatusSchema = z.enum(['connected', 'needsReconnect', 'disconnected']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** A failure in plain words (from the one Microsoft-errors module): what happened and the fix. */
export const accountProblemSchema = z.object({ code: z.string(), explanation: z.string(), fix: z.string() });
export type AccountProblem = z.infer<typeof accountProblemSchema>;

/** The Outlook account connected for a workspace user: never a token, only what `/me` said and the facts. */
export const connectedAccountSchema = z.object({
  userPrincipalName: z.string(),
  displayName: z.string(),
  status: accountStatusSchema,
  connectedAt: z.iso.datetime(),
  lastRefreshAt: z.iso.datetime().nullable(),
  grantedScopes: z.array(z.string()),
  /** Requested by the integration now but not granted: each is named with its fix (grant consent again). */
  missingScopes: z.array(z.string()),
  problem: accountProblemSchema.nullable(),
});
export type ConnectedAccount = z.infer<typeof connectedAccountSchema>;

/** A sign-in waiting in the browser: its URL is shown to copy whether or not a browser opened. */
export const signInAttemptSchema = z.object({
  attemptId: z.string(),
  userId: idSchema,
  url: z.string(),
  redirectUri: z.string(),
  opened: z.boolean(),
  /** Why the browser did not open, in plain words. */
  note: z.string().nullable(),
  startedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type SignInAttempt = z.infer<typeof signInAttemptSchema>;

/** How the last attempt of a user ended, until the next one starts. */
export const attemptOutcomeSchema = z.object({
  attemptId: z.string(),
  userId: idSchema,
  outcome: z.enum(['connected', 'failed', 'cancelled', 'timedOut']),
  at: z.iso.datetime(),
  problem: accountProblemSchema.nullable(),
});
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

export const accountRowSchema = z.object({
  user: z.object({ id: idSchema, name: z.string(), email: z.string() }),
  /** Null when the user has External Accounts access; otherwise why not and the fix (they can only be disconnected). */
  accessProblem: z.string().nullable(),
  account: connectedAccountSchema.nullable(),
  attempt: signInAttemptSchema.nullable(),
  lastOutcome: attemptOutcomeSchema.nullable(),
});
export type AccountRow = z.infer<typeof accountRowSchema>;

export const accountsViewSchema = z.object({
  rows: z.array(accountRowSchema),
  requestedScopes: z.array(z.string()),
  /** Null when accounts can connect; otherwise what to set up first on the Integration page. */
  notReady: z.string().nullable(),
  /** Accounts can connect while it is off, but nothing syncs: the page says so. */
  integrationEnabled: z.boolean(),
  canOpenBrowser: z.boolean(),
});
export type AccountsView = z.infer<typeof accountsViewSchema>;

const userIdInputSchema = z.strictObject({ userId: idSchema });

export const accountsChannels = {
  'accounts.list': { input: z.void(), output: accountsViewSchema },
  'accounts.connect': { input: userIdInputSchema, output: signInAttemptSchema },
  'accounts.cancelConnect': {
    input: z.strictObject({ attemptId: z.string().min(1).max(200) }),
    output: z.object({ cancelled: z.boolean() }),
  },
  /** Refreshes the token now (the same silent refresh every Graph use makes). */
  'accounts.refresh': { input: userIdInputSchema, output: accountRowSchema },
  'accounts.disconnect': { input: userIdInputSchema, output: accountRowSchema },
} as const;

export const accountsEvents = {
  'accounts.changed': z.object({ at: z.iso.datetime() }),
  'accounts.attemptFinished': attemptOutcomeSchema,
} as const;
