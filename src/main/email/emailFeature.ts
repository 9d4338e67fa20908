import { rmSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import type { EmailAccountsView, RunSummary } from '../../shared/contract';
import type { MailServers } from '../../shared/integration/mailServers';
import type { IntegrationFeatures } from '../../shared/integration/permissions';
import type { FeatureModule } from '../contract/featureModule';
import type { GraphAccessProvider } from '../graph/graphAccess';
import type { MailboxGates } from '../graph/mailboxGate';
import type { JobDefinition } from '../jobs/jobRun';
import type { Logger } from '../logs/logService';
import type { MailAccessProvider } from '../mail/mailAccess';
import { checkEmailAccount } from './accountCheck';
import { AddressLinks } from './addressLinks';
import { AttachmentFiles } from './attachmentFiles';
import { EmailAccountRepository } from './emailAccountRepository';
import { EmailAccountsService, type ConnectedMailUser } from './emailAccountsService';
import { createEmailCheckJob, type EmailCheckSource } from './emailCheckJob';
import { EmailMessagesService } from './emailMessagesService';
import { registerEmailHandlers } from './emailHandlers';
import { explainEmailFailure } from './emailProblems';
import { mailChecks } from './mailChecks';
import { MailboxAccess } from './mailboxAccess';
import { defaultEmailLimits, type EmailLimits } from './messageParsing';
import { MessageQueries } from './messageQueries';
import { MessageStore } from './messageStore';

export type EmailFeaturePorts = {
  db: DatabaseSync;
  /** Attachments are kept as files under it. */
  dataDir: string;
  now: () => Date;
  log: Logger;
  mailAccess: MailAccessProvider;
  graphAccess: GraphAccessProvider;
  /** Shared with calendar sync and contacts push (Graph's 4 requests per mailbox). */
  gates: MailboxGates;
  connectedUsers: () => ConnectedMailUser[];
  /** Whose IMAP and SMTP sign-in Diagnostics checks; by default the connected users'. */
  connectedUserIds?: () => number[];
  userName: (userId: number) => string;
  features: () => IntegrationFeatures;
  servers: () => MailServers;
  /** The integration's custom CA (PEM or empty), trusted by mail connections beside the public roots. */
  customCa: () => string;
  registerSecret: (value: string) => void;
  fetch: typeof globalThis.fetch;
  /** The *Check email accounts* job's schedule, from the scheduler. */
  schedule: () => EmailAccountsView['schedule'];
  runCheckNow: (body: JobDefinition['run']) => Promise<RunSummary>;
  onChange: () => void;
  limits?: EmailLimits;
  onImapCommand?: (command: string) => void;
};

export type EmailFeature = {
  accounts: EmailAccountsService;
  messages: EmailMessagesService;
  job: JobDefinition;
  checkSource: EmailCheckSource;
  module: FeatureModule;
};

/** The email feature's services, created from its ports: called once, by core.ts (and by tests). */
export function createEmailFeature(ports: EmailFeaturePorts): EmailFeature {
  const repository = new EmailAccountRepository(ports.db, ports.now);
  const store = new MessageStore(ports.db, ports.now);
  const files = new AttachmentFiles(ports.dataDir);
  const mailbox = new MailboxAccess({
    mailAccess: ports.mailAccess,
    servers: ports.servers,
    customCa: ports.customCa,
    registerSecret: ports.registerSecret,
    onImapCommand: ports.onImapCommand,
  });
  const links = new AddressLinks(ports.db);
  const limits = ports.limits ?? defaultEmailLimits;
  const sending = { mailbox, graphAccess: ports.graphAccess, gates: ports.gates, store, now: ports.now, log: ports.log };

  const accounts = new EmailAccountsService({
    accounts: repository,
    sending,
    connectedUsers: ports.connectedUsers,
    userName: ports.userName,
    features: ports.features,
    schedule: ports.schedule,
    attachmentPaths: (accountId) =>
      (
        ports.db
          .prepare(
            'SELECT DISTINCT t.stored_path FROM email_attachments t JOIN email_messages m ON m.id = t.message_id WHERE m.account_id = ? AND t.stored_path IS NOT NULL',
          )
          .all(accountId) as Array<{ stored_path: string }>
      ).map((row) => row.stored_path),
    collectAttachments: (paths) => {
      const stillUsed = ports.db.prepare('SELECT 1 FROM email_attachments WHERE stored_path = ? LIMIT 1');
      for (const path of paths) if (!stillUsed.get(path)) rmSync(files.absolutePath(path), { force: true });
    },
    onChange: ports.onChange,
  });

  const checkSource: EmailCheckSource = {
    plan() {
      const enabled = repository.list().filter((account) => account.enabled);
      if (enabled.length > 0 && !ports.features().imap)
        return {
          accounts: [],
          nothingToCheck: 'Nothing checked: email fetching (IMAP.AccessAsUser.All) is switched off on the Integration page.',
        };
      return { accounts: enabled };
    },
    check: async (account, signal) => {
      const outcome = await checkEmailAccount({ access: mailbox, store, files, limits }, account, signal);
      if (outcome.fetched > 0 || outcome.skipped > 0) ports.onChange();
      return outcome;
    },
    explain: (error, account) => explainEmailFailure(error, 'IMAP', { mailbox: account.address, group: account.kind === 'group' }),
    record: (account, status, message) => repository.recordCheck(account.id, status, message),
  };

  const messages = new EmailMessagesService({
    queries: new MessageQueries(ports.db, links),
    links,
    accounts,
    sending,
    features: ports.features,
    checkSource,
    runCheckNow: ports.runCheckNow,
    fetch: ports.fetch,
    onChange: ports.onChange,
  });
  const job = createEmailCheckJob(checkSource);
  const module: FeatureModule = {
    registerHandlers: (registry) => registerEmailHandlers(registry, { accounts, messages }),
    checks: mailChecks({
      features: ports.features,
      servers: ports.servers,
      connectedUserIds: ports.connectedUserIds ?? (() => ports.connectedUsers().map((user) => user.userId)),
      mailAccess: ports.mailAccess,
      registerSecret: ports.registerSecret,
    }),
    jobs: [job],
  };
  return { accounts, messages, job, checkSource, module };
}
