import type { AttachmentFiles } from './attachmentFiles';
import type { StoredEmailAccount } from './emailAccountRepository';
import { explainEmailFailure, problemText, type EmailProblem } from './emailProblems';
import { fetchFolder, type FolderFetchOutcome } from './folderFetch';
import type { MailboxAccess } from './mailboxAccess';
import type { EmailLimits } from './messageParsing';
import type { MessageStore } from './messageStore';

export type AccountCheckPorts = { access: MailboxAccess; store: MessageStore; files: AttachmentFiles; limits: EmailLimits };

export type AccountCheckOutcome = {
  folders: FolderFetchOutcome[];
  /** Folders that could not be checked (gone, renamed), each in words; the others were checked. */
  folderProblems: Array<{ folder: string; problem: EmailProblem }>;
  fetched: number;
  skipped: number;
  bytes: number;
  interrupted: boolean;
};

/**
 * One check of one account: one IMAP connection for all its monitored folders (Outlook limits
 * connections per mailbox), each folder fetched incrementally. A login failure throws an
 * `EmailProblemError`-explainable error; a failing folder is reported and the others go on.
 */
export async function checkEmailAccount(
  ports: AccountCheckPorts,
  account: StoredEmailAccount,
  signal?: AbortSignal,
): Promise<AccountCheckOutcome> {
  const fetchSince = account.fetchSince ? new Date(`${account.fetchSince}T00:00:00Z`) : null;
  return ports.access.withImap(account, async (client) => {
    const outcome: AccountCheckOutcome = { folders: [], folderProblems: [], fetched: 0, skipped: 0, bytes: 0, interrupted: false };
    for (const folder of account.folders) {
      if (signal?.aborted) {
        outcome.interrupted = true;
        break;
      }
      try {
        const result = await fetchFolder(
          {
            client,
            store: ports.store,
            files: ports.files,
            limits: ports.limits,
            accountId: account.id,
            accountAddress: account.address,
            fetchSince,
            signal,
          },
          folder,
        );
        outcome.folders.push(result);
        outcome.fetched += result.fetched;
        outcome.skipped += result.skipped.length;
        outcome.bytes += result.bytes;
        outcome.interrupted ||= result.interrupted;
      } catch (error) {
        if (!client.usable) throw error;
        outcome.folderProblems.push({ folder, problem: folderProblem(error, folder, account) });
      }
    }
    return outcome;
  });
}

function folderProblem(error: unknown, folder: string, account: StoredEmailAccount): EmailProblem {
  if ((error as { code?: string }).code === 'NotFound' || /doesn't exist|nonexistent|not exist/i.test((error as Error).message ?? '')) {
    return {
      explanation: `The folder “${folder}” no longer exists in ${account.address}.`,
      fix: 'Choose the folders to monitor again in the email account’s settings.',
    };
  }
  return explainEmailFailure(error, 'IMAP', { mailbox: account.address, group: account.kind === 'group' });
}

/** e.g. "12 new messages in 3 folders (1 skipped: over the size limit)." */
export function describeCheck(outcome: AccountCheckOutcome): string {
  const parts = [
    `${outcome.fetched} new ${outcome.fetched === 1 ? 'message' : 'messages'} in ${outcome.folders.length} ${outcome.folders.length === 1 ? 'folder' : 'folders'}`,
  ];
  const restarted = outcome.folders.filter((folder) => folder.restarted).map((folder) => folder.folder);
  if (restarted.length > 0)
    parts.push(`gone through again after the server renumbered ${restarted.join(', ')} (UIDVALIDITY changed), without duplicates`);
  if (outcome.skipped > 0) parts.push(`${outcome.skipped} kept without their body (see each message for why)`);
  for (const { problem } of outcome.folderProblems) parts.push(problemText(problem));
  if (outcome.interrupted) parts.push('stopped at shutdown; the next check goes on from the last message kept');
  return `${parts.join('; ')}.`;
}
