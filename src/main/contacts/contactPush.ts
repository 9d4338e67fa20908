/**
 * Pushes records to one user's Outlook contacts through the shared Graph layer: `$batch` of at
 * most 20, up to 4 batches at once (the mailbox gate's limit), the first push creates, later ones
 * update the same contact through the mapping, and a contact deleted in Outlook is created again.
 *
 * Exactly once: every create carries the record's identity (an extended property) and is
 * recorded as in doubt before its batch goes out. A create whose answer never came (a dropped
 * connection, a timeout, a crash) is looked for in Outlook by that identity before anything is
 * created again: found, it is linked; not found, it is created.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Person, PushUserProgress } from '../../shared/contract';
import { inTransaction } from '../store/transaction';
import type { UserSyncOutcome } from '../sync/calendarSyncJob';
import { MailboxWaitTooLongError } from '../graph/graphErrors';
import { maxBatchRequests, type BatchItem, type BatchResult, type GraphJson, type GraphMailbox } from '../graph/graphMailbox';
import { outlookConcurrencyPerMailbox } from '../graph/mailboxGate';
import { explainContactFailure, explainContactItemFailure } from './contactErrors';
import { findByIdentityUrl, identityProperty } from './contactIdentity';
import { leftOutMessage, outlookContactOf } from './outlookContactFields';
import type { ContactInDoubt, ContactsInDoubt } from './contactsInDoubt';
import type { OutlookLink, OutlookLinks } from './outlookLinks';

/** What fills the mailbox's 4 slots with full batches: one group is pushed, then recorded. */
export const recordsPerGroup = maxBatchRequests * outlookConcurrencyPerMailbox;
const maxMessages = 50;
/** Lost answers within one group: after this many rounds what is still unknown waits for the next push. */
const maxRoundsPerGroup = 3;

export type UserPushOptions = {
  userId: number;
  userName: string;
  mailbox: GraphMailbox;
  /** Null: the mailbox's default Contacts folder. */
  folderId: string | null;
  people: readonly Person[];
  links: OutlookLinks;
  inDoubt: ContactsInDoubt;
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

export type UserPushOutcome = PushUserProgress & {
  cancelled: boolean;
  /** Set when Outlook asked the mailbox to wait longer than the console waits. */
  retryAt?: Date;
};

/**
 * A user's push in the job history's terms (the scheduled push's and the Contacts page's runs):
 * what changed in Outlook, what failed and why, and what is worth knowing. `again`: how the
 * records that failed get pushed.
 */
export function outcomeInHistory(outcome: UserPushOutcome, attempted: number, again: string): Required<UserSyncOutcome> {
  return {
    toOutlook: { created: outcome.created + outcome.recreated, updated: outcome.updated, deleted: 0 },
    fromOutlook: { created: 0, updated: 0, deleted: 0 },
    errors:
      outcome.failed > 0
        ? [
            {
              message: `${outcome.failed} of ${attempted} contacts and leads were not pushed.`,
              explanation: `${outcome.messages.join(' ')} ${again}`,
            },
          ]
        : [],
    notes: outcome.failed > 0 ? [] : outcome.messages,
  };
}

export async function pushToUser(options: UserPushOptions): Promise<UserPushOutcome> {
  const { userId, userName, mailbox, folderId, people, links, inDoubt, alreadyPushedSince } = options;
  const progress: UserPushOutcome = {
    userId,
    userName,
    total: people.length,
    done: 0,
    created: 0,
    updated: 0,
    recreated: 0,
    skipped: 0,
    failed: 0,
    messages: [],
    error: null,
    cancelled: false,
  };
  const say = (message: string) => {
    if (progress.messages.length < maxMessages) progress.messages.push(message);
  };
  const createUrl = folderId ? `/me/contactFolders/${encodeURIComponent(folderId)}/contacts` : '/me/contacts';
  try {
    if (folderId) await mailbox.get(`/me/contactFolders/${encodeURIComponent(folderId)}`, []);
    // Creates left in doubt by an earlier push (a crash, a lost answer) are settled first.
    const earlier = await settleInDoubt(options, inDoubt.forUser(userId));
    if (earlier.found.length > 0)
      say(
        `${earlier.found.length} ${plural(earlier.found.length, 'contact')} created by an earlier, interrupted push ${earlier.found.length === 1 ? 'was' : 'were'} found in ${userName}'s Outlook and linked, not created again.`,
      );
    reportDuplicatesRemoved(earlier.duplicatesRemoved);
    // Outlook could not be searched for these: they wait, uncreated, for a push that can.
    const stillInDoubt = new Set(earlier.unchecked);
    const existing = links.forUser(
      userId,
      people.map((person) => person.id),
    );
    for (let start = 0; start < people.length; start += recordsPerGroup) {
      if (options.isCancelled()) {
        progress.cancelled = true;
        break;
      }
      const group = people.slice(start, start + recordsPerGroup).filter((person) => {
        if (stillInDoubt.has(person.id)) {
          progress.failed++;
          say(unknownYet(person));
          return false;
        }
        const link = existing.get(person.id);
        const upToDate =
          alreadyPushedSince !== undefined &&
          link !== undefined &&
          link.pushedAt >= alreadyPushedSince &&
          link.pushedAt >= person.updatedAt;
        if (upToDate) progress.skipped++;
        return !upToDate;
      });
      await pushGroup(group, existing);
      progress.done = Math.min(people.length, start + recordsPerGroup);
      options.onProgress({ ...progress, messages: [...progress.messages] });
    }
  } catch (error) {
    progress.error = explainContactFailure(error, userName);
    if (error instanceof MailboxWaitTooLongError) progress.retryAt = error.retryAt;
  }
  return progress;

  function reportDuplicatesRemoved(count: number): void {
    if (count > 0)
      say(
        `${count} ${plural(count, 'copy', 'copies')} of contacts created twice in ${userName}'s Outlook (a create that outlived its timeout) ${count === 1 ? 'was' : 'were'} removed; one copy of each is kept.`,
      );
  }

  async function pushGroup(group: readonly Person[], existing: Map<number, OutlookLink>): Promise<void> {
    // Records whose copy was deleted in Outlook: created again, once.
    const deletedInOutlook = new Set<number>();
    // Created again because a search found nothing: searched for once more by the next push.
    const sentAfterSearch = new Set<number>();
    let pending = [...group];
    for (let round = 1; pending.length > 0; round++) {
      const byKey = new Map(pending.map((person) => [`p${person.id}`, person]));
      const items = pending.map((person): BatchItem => {
        const link = existing.get(person.id);
        const update = link !== undefined && link.folderId === folderId && !deletedInOutlook.has(person.id);
        const { body, leftOut } = outlookContactOf(person);
        if (leftOut.length > 0 && round === 1) say(leftOutMessage(person, leftOut));
        return update
          ? { id: `p${person.id}`, method: 'PATCH', url: `/me/contacts/${encodeURIComponent(link.outlookId)}`, body }
          : {
              id: `p${person.id}`,
              method: 'POST',
              url: createUrl,
              body: { ...body, singleValueExtendedProperties: [identityProperty(person.id, userId)] },
            };
      });
      const sentAt = options.now().toISOString();
      // Committed before the batch goes out: whatever happens to its answer, the next look finds it.
      inTransaction(options.db, () => {
        for (const item of items)
          if (item.method === 'POST') inDoubt.record(userId, { personId: byKey.get(item.id)!.id, folderId, sentAt });
      });
      const answers = await mailbox.batch(items);
      const unknown: Person[] = [];
      const again: Person[] = [];
      inTransaction(options.db, () => {
        for (const item of items) {
          const person = byKey.get(item.id)!;
          const answer = answers.get(item.id);
          if (answer?.outcomeUnknown !== undefined) {
            unknown.push(person);
            continue;
          }
          if (item.method === 'PATCH' && answer?.status === 404) {
            deletedInOutlook.add(person.id);
            again.push(person);
            continue;
          }
          const done = isCreatedOrUpdated(answer);
          if (item.method === 'POST') {
            if (done && sentAfterSearch.has(person.id)) inDoubt.record(userId, { personId: person.id, folderId, sentAt, recheck: true });
            else inDoubt.clear(userId, person.id);
          }
          if (!done) {
            progress.failed++;
            say(`${person.displayName}: ${explainContactItemFailure(answer?.status ?? 0, answer?.body, userName)}`);
            continue;
          }
          linkAnswer(
            person,
            answer!.body!,
            sentAt,
            item.method === 'PATCH' ? 'updated' : deletedInOutlook.has(person.id) ? 'recreated' : 'created',
          );
        }
      });
      if (unknown.length > 0) {
        const reason = answers.get(`p${unknown[0].id}`)!.outcomeUnknown!;
        const settled = await settleInDoubt(
          options,
          unknown.map((person) => ({ personId: person.id, folderId, sentAt })),
        );
        for (const found of settled.found) {
          const person = unknown.find((candidate) => candidate.id === found.personId)!;
          existing.set(person.id, found);
          countDone(person, deletedInOutlook.has(person.id) ? 'recreated' : 'created');
        }
        say(
          `No answer came for ${unknown.length} ${plural(unknown.length, 'create')} (${reason}). Outlook was searched for them before anything was sent again: ${settled.found.length} found and linked, ${settled.absent.length} not there${settled.absent.length > 0 ? ' and created now' : ''}${settled.unchecked.length > 0 ? `, ${settled.unchecked.length} could not be checked` : ''}.`,
        );
        reportDuplicatesRemoved(settled.duplicatesRemoved);
        for (const person of unknown.filter((candidate) => settled.absent.includes(candidate.id))) {
          sentAfterSearch.add(person.id);
          again.push(person);
        }
        for (const personId of settled.unchecked) {
          progress.failed++;
          say(unknownYet(unknown.find((person) => person.id === personId)!));
        }
      }
      if (round >= maxRoundsPerGroup && again.length > 0) {
        for (const person of again) {
          progress.failed++;
          say(
            `${person.displayName}: Outlook's answers kept getting lost; the next push looks for this contact before creating it, so it is never created twice.`,
          );
        }
        break;
      }
      pending = again;
    }

    function linkAnswer(person: Person, body: GraphJson, pushedAt: string, how: 'created' | 'updated' | 'recreated'): void {
      const link: OutlookLink = { personId: person.id, outlookId: body.id, changeKey: String(body.changeKey ?? ''), folderId, pushedAt };
      links.save(userId, link);
      existing.set(person.id, link);
      countDone(person, how);
    }

    function countDone(person: Person, how: 'created' | 'updated' | 'recreated'): void {
      if (how === 'recreated') {
        progress.recreated++;
        say(`${person.displayName} had been deleted from ${userName}'s Outlook contacts; it was created again.`);
      } else progress[how]++;
    }
  }
}

function unknownYet(person: Person): string {
  return `${person.displayName}: whether Outlook created this contact is not known yet (Outlook could not be searched for it); the next push looks for it before creating it, so it is never created twice.`;
}

function isCreatedOrUpdated(answer: BatchResult | undefined): boolean {
  return answer !== undefined && (answer.status === 200 || answer.status === 201) && typeof answer.body?.id === 'string';
}

type Settled = { found: OutlookLink[]; absent: number[]; unchecked: number[]; duplicatesRemoved: number };

/**
 * Looks in Outlook for creates in doubt, by identity: one found is linked (dated when its fields
 * were read, so a later edit is still pushed); none found means it never arrived and may be
 * created; two or more (a create that outlived its timeout and was sent again) keep one, the one
 * linked if it is among them, else the oldest. A `recheck` (created again after a search found
 * nothing) only has its extra copies removed: its link is already right.
 */
async function settleInDoubt(options: UserPushOptions, doubts: readonly ContactInDoubt[]): Promise<Settled> {
  const settled: Settled = { found: [], absent: [], unchecked: [], duplicatesRemoved: 0 };
  if (doubts.length === 0) return settled;
  const { userId, mailbox, links, inDoubt, db } = options;
  const answers = await mailbox.batch(
    doubts.map((doubt) => ({
      id: `find-p${doubt.personId}`,
      method: 'GET',
      url: findByIdentityUrl(doubt.folderId, doubt.personId, userId),
    })),
  );
  const extras: string[] = [];
  inTransaction(db, () => {
    for (const doubt of doubts) {
      const answer = answers.get(`find-p${doubt.personId}`);
      if (answer?.status !== 200 || !Array.isArray(answer.body?.value)) {
        settled.unchecked.push(doubt.personId);
        continue;
      }
      inDoubt.clear(userId, doubt.personId);
      const copies = (answer.body.value as GraphJson[]).toSorted((a, b) =>
        String(a.createdDateTime).localeCompare(String(b.createdDateTime)),
      );
      const linked = links.forUser(userId, [doubt.personId]).get(doubt.personId);
      const kept = copies.find((copy) => copy.id === linked?.outlookId) ?? copies[0];
      extras.push(...copies.filter((copy) => copy !== kept).map((copy) => String(copy.id)));
      if (doubt.recheck) continue;
      if (!kept) {
        settled.absent.push(doubt.personId);
        continue;
      }
      const link: OutlookLink = {
        personId: doubt.personId,
        outlookId: String(kept.id),
        changeKey: String(kept.changeKey ?? ''),
        folderId: doubt.folderId,
        pushedAt: doubt.sentAt,
      };
      links.save(userId, link);
      settled.found.push(link);
    }
  });
  if (extras.length > 0) {
    const removed = await mailbox.batch(
      extras.map((id, index) => ({ id: `dup-${index}`, method: 'DELETE', url: `/me/contacts/${encodeURIComponent(id)}` })),
    );
    settled.duplicatesRemoved = [...removed.values()].filter((result) => result.status === 204 || result.status === 404).length;
  }
  return settled;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many;
}
