/**
 * The seam between accounts and the mail checks: a token for Exchange Online's IMAP and SMTP. It is
 * not the Graph token: the mail servers accept only tokens issued for their own resource
 * (`https://outlook.office.com/…`), obtained silently with the account's refresh token.
 */
export type MailAccess = {
  userPrincipalName: string;
  /** Rejects with `AccountNeedsReconnectError` when the refresh token is no longer accepted. */
  accessToken(): Promise<string>;
};

/** Undefined when the user has no connected account. */
export type MailAccessProvider = (userId: number) => Promise<MailAccess | undefined>;
