import { rootCertificates } from 'node:tls';
import type { ImapFlow } from 'imapflow';
import type { MailServers } from '../../shared/integration/mailServers';
import { MailboxGate } from '../graph/mailboxGate';
import type { MailAccessProvider } from '../mail/mailAccess';
import type { StoredEmailAccount } from './emailAccountRepository';
import { EmailProblemError, explainTokenFailure } from './emailProblems';
import { openImapSession } from './imapSession';

/**
 * Exchange Online allows 20 IMAP connections per mailbox, shared with the user's own Outlook and
 * phones; the console keeps to 2 per mailbox (the scheduled check and one action from a page).
 */
export const imapConnectionsPerMailbox = 2;

export type MailboxAccessPorts = {
  /** The user's Exchange Online token (IMAP.AccessAsUser.All, SMTP.Send), not the Graph one. */
  mailAccess: MailAccessProvider;
  servers: () => MailServers;
  /** The integration's custom CA (PEM, or empty): mail through a TLS-inspecting proxy must trust it, as Graph calls do. */
  customCa: () => string;
  /** Every token is made known to the log redactor before anything can log it. */
  registerSecret: (value: string) => void;
  /** Counts the IMAP commands sent (tests and the benchmark); off otherwise. */
  onImapCommand?: (command: string) => void;
};

/** The mail token and one IMAP connection per use, within the per-mailbox connection limit. */
export class MailboxAccess {
  private readonly gates = new Map<string, MailboxGate>();

  constructor(private readonly ports: MailboxAccessPorts) {}

  servers(): MailServers {
    return this.ports.servers();
  }

  /** The public roots plus the custom CA; undefined (Node's defaults) when there is none. */
  trustedCa(): string[] | undefined {
    const custom = this.ports.customCa();
    return custom ? [...rootCertificates, custom] : undefined;
  }

  /** The token of the user the account logs in with: its owner, or (group) the user with access. */
  async token(account: Pick<StoredEmailAccount, 'userId' | 'address'>): Promise<string> {
    const access = await this.ports.mailAccess(account.userId);
    if (!access) {
      throw new EmailProblemError({
        explanation: `${account.address} is opened with the Outlook account of a user who has none connected now.`,
        fix: 'Connect that user’s Outlook account on the Accounts page, or choose another user for this email account.',
      });
    }
    let token: string;
    try {
      token = await access.accessToken();
    } catch (error) {
      throw new EmailProblemError(explainTokenFailure(error));
    }
    this.ports.registerSecret(token);
    return token;
  }

  /** Runs `work` on one IMAP connection logged in as the account's mailbox, then logs out. */
  async withImap<T>(account: Pick<StoredEmailAccount, 'userId' | 'address'>, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const accessToken = await this.token(account);
    const release = await this.gate(account.address).acquire();
    try {
      const session = await openImapSession({
        server: this.ports.servers().imap,
        user: account.address,
        accessToken,
        trustedCa: this.trustedCa(),
        onCommand: this.ports.onImapCommand,
      });
      try {
        return await work(session.client);
      } finally {
        await session.close();
      }
    } finally {
      release();
    }
  }

  private gate(address: string): MailboxGate {
    const key = address.toLowerCase();
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new MailboxGate(imapConnectionsPerMailbox);
      this.gates.set(key, gate);
    }
    return gate;
  }
}
