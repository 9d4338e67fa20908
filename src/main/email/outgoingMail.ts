import type { MailServer } from '../../shared/integration/mailServers';
import type { GraphAccess } from '../graph/graphAccess';
import { GraphCallError } from '../graph/graphErrors';
import type { MailboxGates } from '../graph/mailboxGate';
import { createSmtpTransport } from '../mail/mailLogin';
import type { EmailAddress } from './messageStore';

export type OutgoingMessage = {
  from: EmailAddress;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  /** The Message-ID answered, and the thread's references before it. */
  inReplyTo?: string | null;
  references?: string | null;
};

/** The message as sent: the same MIME bytes go to SMTP (or Graph) and to the Sent folder. */
export type ComposedMessage = { raw: Buffer; messageId: string; recipients: string[] };

/** Builds the MIME message with nodemailer's composer (headers, encodings, threading). */
export async function composeMessage(message: OutgoingMessage, now: Date): Promise<ComposedMessage> {
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const node = new MailComposer({
    from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    text: message.text,
    date: now,
    inReplyTo: message.inReplyTo ?? undefined,
    references: [message.references, message.inReplyTo].filter(Boolean).join(' ') || undefined,
  }).compile();
  const raw = await node.build();
  return { raw, messageId: node.messageId(), recipients: [...message.to, ...message.cc] };
}

const timeoutMs = 30_000;

export type SmtpLogin = { server: MailServer; user: string; accessToken: string; trustedCa?: string[] };

/** SMTP AUTH XOAUTH2 with the account's Exchange Online token; the login identity is the mailbox. */
export async function sendOverSmtp(login: SmtpLogin, message: ComposedMessage): Promise<void> {
  const transport = await createSmtpTransport(login.server, login.user, login.accessToken, login.trustedCa);
  try {
    await transport.sendMail({ envelope: { from: login.user, to: message.recipients }, raw: message.raw });
  } finally {
    transport.close();
  }
}

/**
 * Graph's `sendMail` with the MIME message (base64, Content-Type text/plain), which keeps the
 * threading headers a JSON message cannot carry (Graph takes only x- headers there). Exchange saves
 * it to Sent Items itself. Never retried after the request may have been taken (a retry could send
 * twice): only a refused token (401, refreshed once) and a throttle (429, waited once) are repeated.
 */
export async function sendThroughGraph(graph: GraphAccess, message: ComposedMessage, gates: MailboxGates): Promise<void> {
  const gate = gates.for(graph.account.userPrincipalName);
  let refreshed = false;
  let waited = false;
  for (;;) {
    const token = await graph.accessToken({ forceRefresh: refreshed });
    const release = await gate.acquire();
    let response: Response;
    try {
      response = await graph.fetch(`${graph.baseUrl}/me/sendMail`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
        body: message.raw.toString('base64'),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } finally {
      release();
    }
    if (response.status === 202) return;
    const error = await graphErrorOf(response);
    if (response.status === 401 && !refreshed) {
      refreshed = true;
      continue;
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 429 && !waited && Number.isFinite(retryAfter) && retryAfter <= 30) {
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      continue;
    }
    throw error;
  }
}

async function graphErrorOf(response: Response): Promise<GraphCallError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new GraphCallError(response.status, body.error?.code, body.error?.message ?? `Graph answered ${response.status}.`);
  } catch {
    return new GraphCallError(response.status, undefined, text.slice(0, 200) || `Graph answered ${response.status}.`);
  }
}
