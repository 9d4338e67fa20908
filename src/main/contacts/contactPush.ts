/**
 * Pushes records to one user's Outlook contacts through the shared Graph layer: `$batch` of at
 * most 20, up to 4 batches at once (the mailbox gate's limit), the first push creates, later ones
 * update the same contact through the mapping, and a contact deleted in Outlook is created again.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Person, PushUserProgress } from '../../shared/contract';
import { inTransaction } from '../access/transaction';
import { maxBatchRequests, type BatchItem, type BatchResult, type GraphMailbox } from '../graph/graphMailbox';
import { outlookConcurrencyPerMailbox } from '../graph/mailboxGate';
import { explainContactFailure, explainContactItemFailure } from './contactErrors';
import { leftOutMessage, outlookContactOf } from './outlookContactFields';
import type { OutlookLink, OutlookLinks } from './outlookLinks';

/** What fills the mailbox's 4 slots with full batches: one group is pushed, then recorded. */
export const recordsPerGroup = maxBatchRequests * outlookConcurrencyPerMailbox;
const maxMessages = 50;

export type UserPushOptions = {
  userId: number;
  userName: string;
  mailbox: GraphMailbox;
  /** Null: the mailbox's default Contacts folder. */
  folderId: string | null;
  people: readonly Person[];
  links: OutlookLinks;
  db: DatabaseSync;
  now: () => Date;
  /** Already done by the push this one resumes: left alone unless changed since. */
  alreadyPushedSince?: string;
  /**
   * Checked between groups only. A request already sent is never abandoned: Outlook may have
   * created the contact, and only its answer tells us its id: dropping it would duplicate it later.
   */
  isCancelled: () => boolean;
  onProgress: (progress: PushUserProgress) => void;
};

export type UserPushOutcome = PushUserProgress & { cancelled: boolean };

export async function pushToUser(options: UserPushOptions): Promise<UserPushOutcome> {
  const { userId, userName, mailbox, folderId, people, links, alreadyPushedSince } = options;
  const progress: UserPushOutcome = {
    userId, userName, total: people.length, done: 0, created: 0, updated: 0, recreated: 0, skipped: 0, failed: 0, messages: [], error: null, cancelled: false,
  };
  const say = (message: string) => {
    if (progress.messages.length < maxMessages) progress.messages.push(message);
  };
  const createUrl = folderId ? `/me/contactFolders/${encodeURIComponent(folderId)}/contacts` : '/me/contacts';
  try {
    if (folderId) await mailbox.get(`/me/contactFolders/${encodeURIComponent(folderId)}`, []);
    const existing = links.forUser(userId, people.map((person) => person.id));
    for (let start = 0; start < people.length; start += recordsPerGroup) {
      if (options.isCancelled()) {
        progress.cancelled = true;
        break;
      }
      const group = people.slice(start, start + recordsPerGroup).filter((person) => {
        const link = existing.get(person.id);
        const upToDate = alreadyPushedSince !== undefined && link !== undefined && link.pushedAt >= alreadyPushedSince && link.pushedAt >= person.updatedAt;
        if (upToDate) progress.skipped++;
        return !upToDate;
      });
      await pushGroup(group, existing);
      progress.done = Math.min(people.length, start + recordsPerGroup);
      options.onProgress({ ...progress, messages: [...progress.messages] });
    }
  } catch (error) {
    progress.error = explainContactFailure(error, userName);
  }
  return progress;

  async function pushGroup(group: readonly Person[], existing: Map<number, OutlookLink>): Promise<void> {
    if (group.length === 0) return;
    const byKey = new Map(group.map((person) => [`p${person.id}`, person]));
    const items = group.map((person): BatchItem => {
      const link = existing.get(person.id);
      const sameFolder = link !== undefined && link.folderId === folderId;
      const { body, leftOut } = outlookContactOf(person);
      if (leftOut.length > 0) say(leftOutMessage(person, leftOut));
      return sameFolder
        ? { id: `p${person.id}`, method: 'PATCH', url: `/me/contacts/${encodeURIComponent(link.outlookId)}`, body }
        : { id: `p${person.id}`, method: 'POST', url: createUrl, body };
    });
    const answers = await mailbox.batch(items);
    const deletedInOutlook = items.filter((item) => item.method === 'PATCH' && answers.get(item.id)?.status === 404);
    const recreated = deletedInOutlook.length > 0
      ? await mailbox.batch(deletedInOutlook.map((item) => ({ ...item, method: 'POST', url: createUrl })))
      : new Map<string, BatchResult>();
    const pushedAt = options.now().toISOString();
    inTransaction(options.db, () => {
      for (const item of items) {
        const person = byKey.get(item.id)!;
        const wasDeleted = deletedInOutlook.includes(item);
        const answer = wasDeleted ? recreated.get(item.id) : answers.get(item.id);
        const ok = answer !== undefined && (answer.status === 200 || answer.status === 201) && typeof answer.body?.id === 'string';
        if (!ok) {
          progress.failed++;
          say(`${person.displayName}: ${explainContactItemFailure(answer?.status ?? 0, answer?.body, userName)}`);
          continue;
        }
        const link: OutlookLink = { personId: person.id, outlookId: answer.body!.id, changeKey: String(answer.body!.changeKey ?? ''), folderId, pushedAt };
        links.save(userId, link);
        existing.set(person.id, link);
        if (wasDeleted) {
          progress.recreated++;
          say(`${person.displayName} had been deleted from ${userName}'s Outlook contacts; it was created again.`);
        } else if (item.method === 'PATCH') progress.updated++;
        else progress.created++;
      }
    });
  }
}
