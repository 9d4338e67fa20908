import { z } from 'zod';
import {
  ContractError,
  type EmailAccount,
  type EmailAccountsView,
  type EmailCheckReport,
  type EmailCheckStep,
  type EmailFolder,
  type emailAccountFieldsSchema,
} from '../../shared/contract';
import type { IntegrationFeatures } from '../../shared/integration/permissions';
import type { EmailAccountRecord, EmailAccountRepository, StoredEmailAccount } from './emailAccountRepository';
import { explainEmailFailure, explainTokenFailure } from './emailProblems';
import { sendFromAccount, type EmailSendingPorts } from './emailSending';
import { listFolders } from './imapSession';
import { smtpLogin } from '../mail/mailLogin';

/** A workspace user whose Outlook account is connected: the only users an email account can log in with. */
export type ConnectedMailUser = {
  userId: number;
  userName: string;
  userPrincipalName: string;
  accountDisplayName: string;
  grantedScopes: string[];
};

export type EmailAccountsServicePorts = {
  accounts: EmailAccountRepository;
  sending: EmailSendingPorts;
  connectedUsers: () => ConnectedMailUser[];
  userName: (userId: number) => string;
  features: () => IntegrationFeatures;
  schedule: () => EmailAccountsView['schedule'];
  /** Removes attachment files no message refers to any more (after an account is deleted). */
  collectAttachments: (paths: string[]) => void;
  attachmentPaths: (accountId: number) => string[];
  onChange: () => void;
};

type Fields = z.output<typeof emailAccountFieldsSchema>;

const mailSendScope = /(^|\/)Mail\.Send$/i;

/** Email accounts: their settings, folders listed from the server, Test connection and Send test email. */
export class EmailAccountsService {
  constructor(private readonly ports: EmailAccountsServicePorts) {}

  view(userId?: number): EmailAccountsView {
    const features = this.ports.features();
    return {
      accounts: this.ports.accounts.list(userId).map((account) => this.toView(account)),
      candidates: this.ports
        .connectedUsers()
        .map(({ userId: id, userName, userPrincipalName }) => ({ userId: id, userName, userPrincipalName })),
      schedule: this.ports.schedule(),
      features: { imap: features.imap, smtp: features.smtp, graphMail: features.graphMail === true },
    };
  }

  save(id: number | undefined, fields: Fields): EmailAccount {
    const existing = id === undefined ? undefined : this.require(id);
    const record = this.checked(fields, existing);
    const saved = existing ? this.ports.accounts.update(existing.id, record) : this.ports.accounts.create(record);
    this.ports.sending.log.info(
      `Email account ${saved.address} ${existing ? 'saved' : 'added'} (${saved.kind}, folders ${saved.folders.join(', ')}, sends through ${saved.sendVia === 'graph' ? 'Graph' : 'SMTP'}).`,
      { accountId: saved.id },
    );
    this.ports.onChange();
    return this.toView(saved);
  }

  delete(id: number): boolean {
    const account = this.require(id);
    const paths = this.ports.attachmentPaths(id);
    const deleted = this.ports.accounts.delete(id);
    this.ports.collectAttachments(paths);
    this.ports.sending.log.info(`Email account ${account.address} removed with its fetched mail.`, { accountId: id });
    this.ports.onChange();
    return deleted;
  }

  async folders(id: number): Promise<EmailFolder[]> {
    const account = this.require(id);
    try {
      return await this.ports.sending.mailbox.withImap(account, (client) => listFolders(client));
    } catch (error) {
      const problem = explainEmailFailure(error, 'IMAP', { mailbox: account.address, group: account.kind === 'group' });
      throw new ContractError('CONFLICT', `${problem.explanation} Fix: ${problem.fix}`);
    }
  }

  /** Token, IMAP login and folders, and the sending way (an SMTP login, or Mail.Send granted), each in words. */
  async testConnection(id: number): Promise<EmailCheckReport> {
    const account = this.require(id);
    const features = this.ports.features();
    const context = { mailbox: account.address, group: account.kind === 'group' };
    const steps: EmailCheckStep[] = [];
    let token: string;
    try {
      token = await this.ports.sending.mailbox.token(account);
      steps.push(
        pass('Mail token', `Obtained for ${this.ports.userName(account.userId)}’s Outlook account (Exchange Online, not the Graph token).`),
      );
    } catch (error) {
      steps.push(fail('Mail token', explainTokenFailure(error)));
      return report(steps);
    }
    if (!features.imap) {
      steps.push(
        skipped(
          'Fetching (IMAP)',
          'Email fetching (IMAP.AccessAsUser.All) is switched off on the Integration page, so no mail is fetched.',
        ),
      );
    } else {
      try {
        const folders = await this.ports.sending.mailbox.withImap(account, (client) => listFolders(client));
        const known = new Set(folders.map((folder) => folder.path));
        const missing = account.folders.filter((folder) => !known.has(folder));
        const server = this.ports.sending.mailbox.servers().imap;
        const where = `${server.host}:${server.port}`;
        if (missing.length > 0)
          steps.push(
            fail('Fetching (IMAP)', {
              explanation: `Logged in to ${where} as ${account.address}, but the monitored ${missing.length === 1 ? 'folder' : 'folders'} ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist.`,
              fix: 'Choose the folders again in the account’s settings.',
            }),
          );
        else
          steps.push(
            pass(
              'Fetching (IMAP)',
              `Logged in to ${where} as ${account.address}: ${folders.length} folders; ${account.folders.join(', ')} monitored.`,
            ),
          );
      } catch (error) {
        steps.push(fail('Fetching (IMAP)', explainEmailFailure(error, 'IMAP', context)));
      }
    }
    steps.push(await this.sendingStep(account, token, features));
    return report(steps);
  }

  /** Sends a short message from the account to its own address, the way the account sends. */
  async sendTest(id: number): Promise<EmailCheckReport> {
    const account = this.require(id);
    const refusal = sendingRefusal(account, this.ports.features());
    if (refusal) return report([fail('Send test email', refusal)]);
    try {
      const result = await sendFromAccount(this.ports.sending, account, {
        to: [account.address],
        cc: [],
        subject: 'Test email from the Outlook Integration Console',
        text: `This message was sent by the Outlook Integration Console to check that ${account.address} can send through ${account.sendVia === 'graph' ? 'Microsoft Graph (sendMail)' : 'SMTP with OAuth'}. You can delete it.`,
      });
      this.ports.onChange();
      return report([
        pass(
          'Send test email',
          `Sent to ${account.address} through ${result.via === 'graph' ? 'Microsoft Graph' : 'SMTP'}. ${result.savedToSent}`,
        ),
      ]);
    } catch (error) {
      return report([
        fail(
          'Send test email',
          explainEmailFailure(error, account.sendVia === 'graph' ? 'Graph' : 'SMTP', {
            mailbox: account.address,
            group: account.kind === 'group',
          }),
        ),
      ]);
    }
  }

  require(id: number): StoredEmailAccount {
    const account = this.ports.accounts.find(id);
    if (!account)
      throw new ContractError('NOT_FOUND', `There is no email account ${id}.`, [
        { field: 'accountId', message: 'No email account has this id.' },
      ]);
    return account;
  }

  private async sendingStep(account: StoredEmailAccount, token: string, features: IntegrationFeatures): Promise<EmailCheckStep> {
    const refusal = sendingRefusal(account, features);
    if (refusal) return fail('Sending', refusal);
    if (account.sendVia === 'graph') {
      const user = this.ports.connectedUsers().find((candidate) => candidate.userId === account.userId);
      if (!user?.grantedScopes.some((scope) => mailSendScope.test(scope))) {
        return fail('Sending', {
          explanation: `Microsoft has not granted Mail.Send to ${user?.userPrincipalName ?? 'the account'}, so Graph would refuse to send.`,
          fix: 'Grant admin consent on the Integration page (it includes Mail.Send while sending through Graph is on), then reconnect the account on the Accounts page.',
        });
      }
      return pass(
        'Sending',
        `Mail.Send is granted to ${user.userPrincipalName}: Graph sendMail can send from ${account.address}. Graph has no trial login: use Send test email to send one.`,
      );
    }
    const server = this.ports.sending.mailbox.servers().smtp;
    try {
      await smtpLogin(server, account.address, token, this.ports.sending.mailbox.trustedCa());
      return pass('Sending', `SMTP AUTH at ${server.host}:${server.port} accepted ${account.address} (nothing was sent).`);
    } catch (error) {
      return fail(
        'Sending',
        explainEmailFailure(error, 'SMTP', {
          mailbox: account.address,
          group: account.kind === 'group',
          where: `${server.host}:${server.port}`,
        }),
      );
    }
  }

  private checked(fields: Fields, existing: StoredEmailAccount | undefined): EmailAccountRecord {
    const issue = (field: string, message: string) =>
      new ContractError('VALIDATION', `${field}: ${message}`, [{ field: `fields.${field}`, message }]);
    const user = this.ports.connectedUsers().find((candidate) => candidate.userId === fields.userId);
    if (!user)
      throw issue(
        'userId',
        'This user has no Outlook account connected: connect it on the Accounts page first (email accounts log in with its token).',
      );
    const address = fields.kind === 'personal' ? user.userPrincipalName : fields.address!;
    if (fields.kind === 'personal') {
      const personal = this.ports.accounts.findPersonal(fields.userId);
      if (personal && personal.id !== existing?.id)
        throw issue('userId', `${user.userName} already has a personal email account (${personal.address}).`);
    }
    const sameAddress = this.ports.accounts.findByAddress(address);
    if (sameAddress && sameAddress.id !== existing?.id)
      throw issue(fields.kind === 'personal' ? 'userId' : 'address', `${address} already has an email account.`);
    if (fields.sendVia === 'graph' && fields.kind === 'group') {
      throw issue(
        'sendVia',
        'Graph sends only from the signed-in user’s own mailbox with Mail.Send; a shared mailbox sends through SMTP here.',
      );
    }
    if (fields.sendVia === 'graph' && this.ports.features().graphMail !== true) {
      throw issue(
        'sendVia',
        'Sending through Graph needs Mail.Send: switch it on under Permissions on the Integration page, grant admin consent, then reconnect the account.',
      );
    }
    return {
      kind: fields.kind,
      userId: fields.userId,
      address,
      // The mailbox owner's name as Outlook knows it; a shared mailbox's local part until one is given.
      displayName: fields.displayName || (fields.kind === 'personal' ? user.accountDisplayName : address.split('@')[0]),
      folders: fields.folders,
      fetchSince: fields.fetchSince,
      sendVia: fields.sendVia,
      enabled: fields.enabled,
    };
  }

  private toView(account: StoredEmailAccount): EmailAccount {
    return { ...account, userName: this.ports.userName(account.userId) };
  }
}

/** Why the account cannot send as set up (a feature off, Graph for a shared mailbox), or null. */
function sendingRefusal(account: StoredEmailAccount, features: IntegrationFeatures) {
  if (account.sendVia === 'smtp' && !features.smtp) {
    return {
      explanation: 'Email sending (SMTP.Send) is switched off on the Integration page.',
      fix: 'Switch on SMTP.Send under Permissions on the Integration page, grant admin consent, then reconnect the account.',
    };
  }
  if (account.sendVia === 'graph' && features.graphMail !== true) {
    return {
      explanation: 'Sending through Graph (Mail.Send) is switched off on the Integration page.',
      fix: 'Switch on Mail.Send under Permissions on the Integration page, grant admin consent and reconnect the account — or send through SMTP.',
    };
  }
  return null;
}

const pass = (step: string, message: string): EmailCheckStep => ({ step, status: 'pass', message, fix: null });
const skipped = (step: string, message: string): EmailCheckStep => ({ step, status: 'skipped', message, fix: null });
const fail = (step: string, problem: { explanation: string; fix: string }): EmailCheckStep => ({
  step,
  status: 'fail',
  message: problem.explanation,
  fix: problem.fix,
});
const report = (steps: EmailCheckStep[]): EmailCheckReport => ({ ok: steps.every((step) => step.status !== 'fail'), steps });
