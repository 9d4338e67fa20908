import { ContractError, type EmailMessage, type RunSummary, type SendResult, type outgoingEmailSchema } from '../../shared/contract';
import type { z } from 'zod';
import type { IntegrationFeatures } from '../../shared/integration/permissions';
import type { JobDefinition } from '../jobs/jobRun';
import type { AddressLinks } from './addressLinks';
import type { EmailAccountsService } from './emailAccountsService';
import { checkAccountNow, type EmailCheckSource } from './emailCheckJob';
import { explainEmailFailure } from './emailProblems';
import { sendFromAccount, type EmailSendingPorts } from './emailSending';
import { toListRow, type MessageQueries } from './messageQueries';

export type EmailMessagesServicePorts = {
  queries: MessageQueries;
  links: AddressLinks;
  accounts: EmailAccountsService;
  sending: EmailSendingPorts;
  features: () => IntegrationFeatures;
  checkSource: EmailCheckSource;
  /** A manual run of *Check email accounts* (recorded in its history; skipped while it runs). */
  runCheckNow: (body: JobDefinition['run']) => Promise<RunSummary>;
  /** Fetches remote images when the administrator asks to see them. */
  fetch: typeof globalThis.fetch;
  onChange: () => void;
};

type Outgoing = z.output<typeof outgoingEmailSchema>;

/** The Email page's mail: the list, one message shown safely with its linked records, Reply and New email, Check now. */
export class EmailMessagesService {
  constructor(private readonly ports: EmailMessagesServicePorts) {}

  list(query: { accountId?: number; search: string; offset: number; limit: number }) {
    const accountIds =
      query.accountId === undefined
        ? this.ports.accounts.view().accounts.map((account) => account.id)
        : [this.ports.accounts.require(query.accountId).id];
    return this.ports.queries.list({ accountIds, search: query.search, offset: query.offset, limit: query.limit });
  }

  async get(id: number, showRemoteImages: boolean): Promise<EmailMessage> {
    const message = this.ports.queries.find(id);
    if (!message)
      throw new ContractError('NOT_FOUND', `There is no email message ${id}.`, [{ field: 'id', message: 'No message has this id.' }]);
    const addresses = this.ports.queries.addresses(id);
    const of = (role: string) => addresses.filter((entry) => entry.role === role).map(({ address, name }) => ({ address, name }));
    // sanitize-html is loaded when the first message with HTML is opened, not when the console starts.
    const { fetchRemoteImages, sanitizeEmailHtml } = await import('./htmlSafety');
    let safe = message.html_body === null ? null : sanitizeEmailHtml(message.html_body);
    let blocked = safe?.remoteImages.length ?? 0;
    if (safe && showRemoteImages && safe.remoteImages.length > 0) {
      const inline = await fetchRemoteImages(safe.remoteImages, this.ports.fetch);
      safe = sanitizeEmailHtml(message.html_body!, inline);
      blocked = safe.remoteImages.filter((url) => !inline.has(url)).length;
    }
    const links = this.ports.links.linksOf(addresses.map((entry) => entry.address));
    return {
      ...toListRow(message, links.length),
      messageId: message.message_id,
      to: of('to'),
      cc: of('cc'),
      replyTo: of('replyTo'),
      text: message.text_body,
      safeHtml: safe?.html ?? null,
      remoteImagesBlocked: blocked,
      attachments: this.ports.queries.attachments(id).map((attachment) => ({
        id: attachment.id,
        fileName: attachment.file_name,
        contentType: attachment.content_type,
        size: attachment.size,
        skippedReason: attachment.skipped_reason,
      })),
      links,
    };
  }

  /** Reply or New email, sent the account's way; a refusal comes back in words with the fix. */
  async send(input: Outgoing): Promise<SendResult> {
    const account = this.ports.accounts.require(input.accountId);
    const original = input.replyToMessageId === undefined ? undefined : this.ports.queries.find(input.replyToMessageId);
    if (input.replyToMessageId !== undefined && !original)
      throw new ContractError('NOT_FOUND', 'The message being answered no longer exists.', [
        { field: 'replyToMessageId', message: 'No message has this id.' },
      ]);
    const features = this.ports.features();
    if (account.sendVia === 'smtp' && !features.smtp)
      throw new ContractError(
        'CONFLICT',
        'Email sending (SMTP.Send) is switched off on the Integration page. Fix: switch it on, grant admin consent and reconnect the account.',
      );
    if (account.sendVia === 'graph' && features.graphMail !== true)
      throw new ContractError(
        'CONFLICT',
        'Sending through Graph (Mail.Send) is switched off on the Integration page. Fix: switch it on, grant admin consent and reconnect the account.',
      );
    try {
      const result = await sendFromAccount(this.ports.sending, account, {
        to: input.to,
        cc: input.cc,
        subject: input.subject,
        text: input.body,
        inReplyTo: original?.message_id ?? null,
        references: original?.references_header ?? null,
      });
      this.ports.onChange();
      return result;
    } catch (error) {
      const problem = explainEmailFailure(error, account.sendVia === 'graph' ? 'Graph' : 'SMTP', {
        mailbox: account.address,
        group: account.kind === 'group',
      });
      this.ports.sending.log.warning(`Email from ${account.address} was not sent: ${problem.explanation}`, {
        accountId: account.id,
        fix: problem.fix,
      });
      throw new ContractError('CONFLICT', `Not sent: ${problem.explanation} Fix: ${problem.fix}`);
    }
  }

  async checkNow(accountId: number): Promise<RunSummary> {
    const account = this.ports.accounts.require(accountId);
    if (!this.ports.features().imap)
      throw new ContractError(
        'CONFLICT',
        'Email fetching (IMAP) is switched off on the Integration page. Fix: switch on IMAP.AccessAsUser.All there, grant admin consent and reconnect the account.',
      );
    const run = await this.ports.runCheckNow(checkAccountNow(this.ports.checkSource, account));
    this.ports.onChange();
    return run;
  }
}
