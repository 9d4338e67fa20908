import { isGraphClientError } from './graphClientLibrary';
import { AccountNeedsReconnectError, NoConnectedAccountError } from './graphAccess';

/** Graph answered with an error that retrying did not (or could not) cure. */
export class GraphCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    /** e.g. MailboxConcurrency inside ApplicationThrottled. */
    readonly innerCode?: string,
  ) {
    super(message);
    this.name = 'GraphCallError';
  }
}

/** No answer at all (timeouts, dropped connections) after every retry. */
export class GraphUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphUnreachableError';
  }
}

/**
 * A request that creates something was sent and no answer came back (a dropped connection, a
 * timeout, a 5xx from a gateway): Outlook may or may not have carried it out. It is never sent
 * again blindly; the caller looks in Outlook first.
 */
export class WriteOutcomeUnknownError extends Error {
  constructor(readonly reason: string) {
    super(`No answer to a write to Outlook (${reason}): it may or may not have been carried out.`);
    this.name = 'WriteOutcomeUnknownError';
  }
}

/**
 * Outlook asked this mailbox to wait (Retry-After) longer than the console's limit: the mailbox's
 * part of the run ends, and it can be tried again from `retryAt`.
 */
export class MailboxWaitTooLongError extends Error {
  constructor(
    readonly retryAt: Date,
    readonly askedMs: number,
    readonly limitMs: number,
  ) {
    super(
      `Outlook asked to wait ${formatWait(askedMs)} (until ${retryAt.toISOString()}), longer than the ${formatWait(limitMs)} the console waits at most.`,
    );
    this.name = 'MailboxWaitTooLongError';
  }
}

/** e.g. "1 h 0 min", "5 min", "42 s". */
export function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Converts what Graph's client throws into our error; anything else passes through. */
export function toGraphCallError(error: unknown): unknown {
  if (!isGraphClientError(error)) return error;
  let innerCode: string | undefined;
  try {
    const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
    innerCode = body?.error?.innerError?.code ?? body?.innerError?.code;
  } catch {
    // A body that is not JSON carries no inner code.
  }
  return new GraphCallError(error.statusCode, error.code ?? undefined, error.message || `Graph answered ${error.statusCode}.`, innerCode);
}

/** A Graph failure in plain words, with what to do about it. */
export function explainGraphFailure(error: unknown): string {
  if (error instanceof NoConnectedAccountError) {
    return 'This user has no Outlook account connected (it was disconnected, or never connected). Connect one on the Accounts page, then sync again.';
  }
  if (error instanceof AccountNeedsReconnectError) {
    return 'The Outlook account needs to be connected again (its sign-in was revoked or expired, for example after a password change). Reconnect it on the Accounts page; the next sync picks up where this one stopped.';
  }
  if (error instanceof MailboxWaitTooLongError) {
    return `Outlook is throttling this mailbox and asked the console to wait ${formatWait(error.askedMs)}, until ${error.retryAt.toISOString().replace(/\.\d{3}Z$/, 'Z')} (Retry-After), longer than the ${formatWait(error.limitMs)} set as the longest wait on the Scheduled jobs page. This mailbox's part of the run stopped there; what was done before is kept, and the first run after that time picks up where it stopped. The other users were synced as usual.`;
  }
  if (error instanceof WriteOutcomeUnknownError) {
    return 'Outlook did not answer a write (the connection dropped or timed out), so whether it was carried out is not known. Nothing is sent twice: the next sync looks in Outlook for it first and links what it finds.';
  }
  if (error instanceof GraphUnreachableError) {
    return 'Microsoft Graph did not answer in time, even after several tries. Check the network connection and proxy; the next sync tries again.';
  }
  if (error instanceof GraphCallError) {
    // The service names the limit in the message ("…over its MailboxConcurrency limit."), not in a code.
    if (error.status === 429 && /\bMailboxConcurrency\b/i.test(`${error.innerCode ?? ''} ${error.message}`)) {
      return 'Outlook refused the request because too many requests were open against this mailbox at once (429 MailboxConcurrency). The console keeps to 4 at a time; another program using the same app registration may be busy with this mailbox. The next sync tries again.';
    }
    if (error.status === 429)
      return 'Outlook is throttling this mailbox (429 Too Many Requests) and kept doing so after the console waited as asked. The next sync tries again; if it keeps happening, sync less often.';
    if (error.status === 410)
      return 'Outlook no longer knows the sync state (410 SyncStateNotFound); a full resync is needed. The console does it by itself on the next run.';
    const applicationRefusal = explainApplicationRefusal(error);
    if (applicationRefusal) return applicationRefusal;
    if (error.status === 403) return accessDenied('the calendar', 'Calendars.ReadWrite');
    if (error.status === 404)
      return "The calendar chosen for this user no longer exists in Outlook (404). Choose another calendar in the user's calendar settings.";
    if (error.status >= 500)
      return `Microsoft Graph had a problem of its own (${error.status}) and kept having it after several tries. The next sync tries again.`;
    return `Microsoft Graph refused the request (${error.status}${error.code ? ` ${error.code}` : ''}): ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Organisation-wide mode's refusals (issue 18), the same for every area: Exchange's application
 * access policy or RBAC for Applications scope (403 RAOP), and an app token without any
 * application permission (401: admin consent was never granted for them).
 */
export function explainApplicationRefusal(error: GraphCallError): string | null {
  if (error.status === 403 && /AppOnly AccessPolicy|\[RAOP\]/i.test(error.message))
    return 'Exchange Online keeps the app out of this mailbox (403 “Access to OData is disabled … AppOnly AccessPolicy”): it is outside the mail-enabled security group the application access policy or RBAC for Applications scope allows. Add the user to that group (see the organisation-wide set-up on the Integration page), or take them out of the role that syncs. The other mailboxes were synced as usual.';
  if (error.status === 401 && /scp or roles claim/i.test(error.message))
    return 'Microsoft Graph refused the app’s token: it carries no application permission (401 “Either scp or roles claim need to be present in the token”), so admin consent has not been granted for the application permissions. In Entra add the application permissions listed on the Integration page (organisation-wide mode), then press Grant admin consent there and sync again.';
  return null;
}

/** A 403 without Exchange's policy: the permission is missing, delegated or application depending on the mode. */
export function accessDenied(what: string, permission: string): string {
  return `Outlook refused access to ${what} (403): the app registration lacks the ${permission} permission with admin consent. When each user signs in it is a delegated permission: add it, grant admin consent and reconnect the account. In organisation-wide mode it is an application permission: add it under Application permissions and press Grant admin consent on the Integration page; no one needs to reconnect.`;
}
