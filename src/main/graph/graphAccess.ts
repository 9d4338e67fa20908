/**
 * The seam between accounts and everything that calls Microsoft Graph for a user (calendar sync,
 * contacts push, Diagnostics). Accounts implement it over MSAL's token cache; tests implement it
 * over the emulator. Nothing that calls Graph touches MSAL, the vault or the integration settings.
 */
export type GraphAccess = {
  /** The user's connected Outlook account, as `/me` reported it when they connected. */
  account: { userPrincipalName: string; displayName: string };
  /** Graph's v1.0 root for the configured cloud, e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  /**
   * A valid access token, refreshed silently when needed. Rejects with `AccountNeedsReconnectError`
   * when the grant was revoked or expired, so one user's failure can be recorded and others go on.
   */
  accessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  /** `fetch` that trusts the custom CA of the integration settings, when one is set. */
  fetch: typeof globalThis.fetch;
  /**
   * Issue 18 (organisation-wide mode): the mailbox's root when the token is the app's own, e.g.
   * `/users/adele@contoso.com`. Graph has no `/me` without a signed-in user, so GraphMailbox sends
   * every `/me…` path of the features there instead. Absent: the signed-in user's `/me`.
   */
  mailboxPath?: string;
};

/** Undefined when the user has no connected account. */
export type GraphAccessProvider = (userId: number) => Promise<GraphAccess | undefined>;

export class AccountNeedsReconnectError extends Error {
  constructor(
    readonly userId: number,
    readonly reason: string,
  ) {
    // The user's name is said by whoever reports this (the run's row, the log line): never the internal id.
    super(`The Outlook account needs to be connected again: ${reason}`);
    this.name = 'AccountNeedsReconnectError';
  }
}

/** The user has no Outlook account connected (never connected, or disconnected): nothing was revoked. */
export class NoConnectedAccountError extends Error {
  constructor(readonly userId: number) {
    super('No Outlook account is connected.');
    this.name = 'NoConnectedAccountError';
  }
}
