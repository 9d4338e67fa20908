import type { SendResult } from '../../shared/contract';
import type { GraphAccessProvider } from '../graph/graphAccess';
import type { MailboxGates } from '../graph/mailboxGate';
import type { Logger } from '../logs/logService';
import type { StoredEmailAccount } from './emailAccountRepository';
import { EmailProblemError } from './emailProblems';
import { findSentFolder } from './imapSession';
import type { MailboxAccess } from './mailboxAccess';
import type { MessageStore } from './messageStore';
import { composeMessage, sendOverSmtp, sendThroughGraph, type OutgoingMessage } from './outgoingMail';

export type EmailSendingPorts = {
  mailbox: MailboxAccess;
  graphAccess: GraphAccessProvider;
  /** Shared with calendar sync and contacts push: Outlook's 4 requests per mailbox hold for all of them. */
  gates: MailboxGates;
  store: MessageStore;
  now: () => Date;
  log: Logger;
};

/** Graph keeps what it sends in the mailbox's Sent Items folder (its English name; Exchange localises it). */
const graphSentFolder = 'Sent Items';

/**
 * Sends a message the way the account is set to: over SMTP (then IMAP APPEND to the Sent folder,
 * since SMTP keeps no copy) or through Graph's sendMail (which saves to Sent Items itself). The
 * sent message is kept in the workspace at once; a later fetch of the Sent folder finds it by its
 * Message-ID instead of keeping it twice.
 */
export async function sendFromAccount(
  ports: EmailSendingPorts,
  account: StoredEmailAccount,
  message: Omit<OutgoingMessage, 'from'>,
): Promise<SendResult> {
  const composed = await composeMessage({ ...message, from: { address: account.address, name: account.displayName } }, ports.now());
  let folder: string;
  let savedToSent: string;
  if (account.sendVia === 'graph') {
    const graph = await ports.graphAccess(account.userId);
    if (!graph)
      throw new EmailProblemError({
        explanation: `${account.address} sends through Graph with the Outlook account of a user who has none connected now.`,
        fix: 'Connect that user’s Outlook account on the Accounts page.',
      });
    await sendThroughGraph(graph, composed, ports.gates);
    folder = graphSentFolder;
    savedToSent = 'Microsoft Graph saved it to Sent Items.';
  } else {
    const token = await ports.mailbox.token(account);
    await sendOverSmtp(
      { server: ports.mailbox.servers().smtp, user: account.address, accessToken: token, trustedCa: ports.mailbox.trustedCa() },
      composed,
    );
    const appended = await appendToSent(ports, account, composed.raw);
    folder = appended ?? graphSentFolder;
    savedToSent = appended
      ? `Saved to ${appended} with IMAP APPEND.`
      : 'Sent, but no copy was saved: the mailbox has no Sent folder the console could find or reach.';
  }
  ports.store.insert(
    account.id,
    { folder, uidValidity: null, uid: null },
    {
      identity: composed.messageId.toLowerCase(),
      messageId: composed.messageId,
      inReplyTo: message.inReplyTo ?? null,
      references: [message.references, message.inReplyTo].filter(Boolean).join(' ') || null,
      subject: message.subject,
      from: { address: account.address.toLowerCase(), name: account.displayName },
      to: message.to.map((address) => ({ address: address.toLowerCase(), name: '' })),
      cc: message.cc.map((address) => ({ address: address.toLowerCase(), name: '' })),
      replyTo: [],
      sentAt: ports.now().toISOString(),
      receivedAt: null,
      size: composed.raw.length,
      flags: ['\\Seen'],
      text: message.text,
      html: null,
      snippet: message.text.replace(/\s+/g, ' ').trim().slice(0, 200),
      skippedReason: null,
      direction: 'sent',
      attachments: [],
    },
  );
  ports.log.info(
    `Email “${message.subject}” sent from ${account.address} through ${account.sendVia === 'graph' ? 'Microsoft Graph' : 'SMTP'} to ${composed.recipients.length} ${composed.recipients.length === 1 ? 'recipient' : 'recipients'}. ${savedToSent}`,
    { accountId: account.id },
  );
  return { via: account.sendVia, messageId: composed.messageId, savedToSent };
}

/** SMTP keeps no copy: APPEND one to the Sent folder. A failure here does not unsend the mail: it is said in words. */
async function appendToSent(ports: EmailSendingPorts, account: StoredEmailAccount, raw: Buffer): Promise<string | null> {
  try {
    return await ports.mailbox.withImap(account, async (client) => {
      const folder = await findSentFolder(client);
      if (!folder) return null;
      await client.append(folder, raw, ['\\Seen'], ports.now());
      return folder;
    });
  } catch (error) {
    ports.log.warning(`The mail sent from ${account.address} was not saved to its Sent folder: ${(error as Error).message}`, {
      accountId: account.id,
    });
    return null;
  }
}
