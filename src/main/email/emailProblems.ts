import { classifyMicrosoftError, explainMicrosoftError } from '../auth/microsoftErrors';
import { AccountNeedsReconnectError } from '../graph/graphAccess';
import { GraphCallError, explainGraphFailure } from '../graph/graphErrors';

/** A failure of an email account in words, with what to do about it. */
export type EmailProblem = { explanation: string; fix: string };

/** An error that already carries its plain-words explanation and fix. */
export class EmailProblemError extends Error {
  constructor(readonly problem: EmailProblem) {
    super(problem.explanation);
    this.name = 'EmailProblemError';
  }
}

export type MailProtocol = 'IMAP' | 'SMTP' | 'Graph';

// Exchange Online accepts the token but does not open the mailbox: the user lacks Full Access to a
// shared mailbox, or the mailbox is not licensed for the protocol (a public report of the exact text).
const notConnectedPattern = /User is authenticated but not connected/i;

/**
 * Why the console could not use an email account, whichever step failed: the token (the account
 * needs reconnecting, consent is missing), the mail server's refusal (535 5.7.139, a refused
 * token, IMAP switched off for the mailbox) or the network. Reuses the one Microsoft-errors module.
 */
export function explainEmailFailure(
  error: unknown,
  protocol: MailProtocol,
  context: { mailbox: string; group: boolean; where?: string },
): EmailProblem {
  if (error instanceof EmailProblemError) return error.problem;
  if (error instanceof AccountNeedsReconnectError) {
    return {
      explanation: `Microsoft no longer accepts the sign-in of the Outlook account this email account uses, so no mail token could be obtained (${error.reason}).`,
      fix: 'Reconnect the account on the Accounts page.',
    };
  }
  if (error instanceof GraphCallError) {
    if (error.status === 403) {
      return {
        explanation: `Microsoft Graph refused to send from ${context.mailbox} (403 ${error.code}): the token lacks Mail.Send, or the mailbox is not the signed-in user's own.`,
        fix: 'Turn on “Mail.Send” on the Integration page, grant admin consent, then reconnect the account on the Accounts page.',
      };
    }
    return { explanation: explainGraphFailure(error), fix: 'Try again later; if it keeps failing, run Diagnostics.' };
  }
  const text = messageOf(error);
  if (protocol === 'IMAP' && notConnectedPattern.test(text)) {
    return {
      explanation: `Exchange Online accepted the token but did not open ${context.mailbox} (“User is authenticated but not connected”).`,
      fix: context.group
        ? 'Give the user whose account this email account uses Full Access to the shared mailbox (Exchange admin center › Recipients › Mailboxes › the mailbox › Delegation), wait up to an hour, then test again.'
        : 'Check that the mailbox exists and is licensed for Exchange Online, and that IMAP is enabled for it under Mail › Manage email apps in the Microsoft 365 admin center.',
    };
  }
  const code = classifyMicrosoftError(error);
  if (code === 'mailLoginRefused') {
    const problem = explainMicrosoftError(error);
    return {
      explanation: `The ${protocol} server refused the login to ${context.mailbox} with the account’s current token. ${problem.explanation}${context.group ? ' For a shared mailbox the user whose token is used also needs Full Access to it.' : ''}`,
      fix: problem.fix,
    };
  }
  if (code !== 'unknown') {
    const problem = explainMicrosoftError(error);
    return { explanation: problem.explanation, fix: problem.fix };
  }
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|socket/i.test(text)) {
    return {
      explanation: `The console could not reach the ${protocol} server${context.where ? ` at ${context.where}` : ''}: ${firstLine(text)}`,
      fix: 'Check the network and, under Mail servers on the Integration page, the server and port.',
    };
  }
  return {
    explanation: `The ${protocol} server did not accept the request for ${context.mailbox}: ${firstLine(text) || 'no details'}`,
    fix: 'Look at the log (DEBUG level shows more), check the mail servers on the Integration page, and run Diagnostics.',
  };
}

/**
 * The mail token could not be had, so nothing reached the mail server: the account needs
 * reconnecting, the mail permissions lack consent (the accounts service words those with their fix),
 * or Microsoft could not be reached.
 */
export function explainTokenFailure(error: unknown): EmailProblem {
  if (error instanceof EmailProblemError) return error.problem;
  if (error instanceof AccountNeedsReconnectError) return explainEmailFailure(error, 'IMAP', { mailbox: '', group: false });
  const code = classifyMicrosoftError(error);
  if (code === 'network' || code === 'tls' || code === 'timeout') {
    const problem = explainMicrosoftError(error);
    return { explanation: `No mail token could be obtained: ${problem.explanation}`, fix: problem.fix };
  }
  return {
    explanation: `No mail token could be obtained: ${(error as Error)?.message ?? String(error)}`,
    fix: 'Follow the explanation, then test the connection again.',
  };
}

/** Everything an error says, including imapflow's `responseText` and nodemailer's `response`. */
function messageOf(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error ?? '');
  const record = error as Record<string, unknown>;
  return ['message', 'responseText', 'response', 'serverResponseCode', 'code']
    .map((key) => record[key])
    .filter((value): value is string => typeof value === 'string')
    .join(' ');
}

function firstLine(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((part) => part.trim())
      .find(Boolean) ?? '';
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}

export function problemText(problem: EmailProblem): string {
  return `${problem.explanation} Fix: ${problem.fix}`;
}
