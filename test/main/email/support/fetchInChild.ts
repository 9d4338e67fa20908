// A check of one email account in a process of its own, for the kill test: the same modules the
// console runs (workspace database, fetch, store), logging in with a token the parent hands over
// in the environment. Run with Node 24: --experimental-transform-types --import bench/register.mjs.
import { join } from 'node:path';
import { checkEmailAccount } from '../../../../src/main/email/accountCheck';
import { AttachmentFiles } from '../../../../src/main/email/attachmentFiles';
import { EmailAccountRepository } from '../../../../src/main/email/emailAccountRepository';
import { MailboxAccess } from '../../../../src/main/email/mailboxAccess';
import { defaultEmailLimits } from '../../../../src/main/email/messageParsing';
import { MessageStore } from '../../../../src/main/email/messageStore';
import { openWorkspaceDatabase } from '../../../../src/main/store/workspaceDatabase';

const { DATA_DIR, ACCOUNT_ID, MAIL_TOKEN, IMAP_PORT, CUSTOM_CA } = process.env as Record<string, string>;
const now = () => new Date();
const db = openWorkspaceDatabase({ path: join(DATA_DIR, 'workspace.db'), now, notify: () => undefined });
const account = new EmailAccountRepository(db, now).find(Number(ACCOUNT_ID));
if (!account) throw new Error(`No email account ${ACCOUNT_ID}`);
const access = new MailboxAccess({
  mailAccess: async () => ({ userPrincipalName: account.address, accessToken: async () => MAIL_TOKEN }),
  servers: () => ({
    imap: { host: '127.0.0.1', port: Number(IMAP_PORT), security: 'starttls' },
    smtp: { host: '127.0.0.1', port: 1, security: 'starttls' },
  }),
  customCa: () => CUSTOM_CA,
  registerSecret: () => undefined,
});
const outcome = await checkEmailAccount(
  { access, store: new MessageStore(db, now), files: new AttachmentFiles(DATA_DIR), limits: defaultEmailLimits },
  account,
);
db.close();
console.log(
  JSON.stringify({ fetched: outcome.fetched, alreadyKept: outcome.folders.reduce((sum, folder) => sum + folder.alreadyKept, 0) }),
);
