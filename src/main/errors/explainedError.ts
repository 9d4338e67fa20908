/**
 * An error that already carries its plain-words explanation, whichever feature raised it. It lives
 * outside every feature because the sync job, contacts push and Diagnostics all read it.
 */
export class ExplainedError extends Error {
  constructor(
    message: string,
    readonly explanation: string,
    /** When the failure names a time to try again (Outlook asked the mailbox to wait). */
    readonly retryAt?: Date,
  ) {
    super(message);
    this.name = 'ExplainedError';
  }
}
