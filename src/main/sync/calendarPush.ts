/**
 * Console → Outlook: creates, updates and deletions since the last run, in `$batch` requests.
 *
 * Exactly once: a create's link (with its transaction id, no Outlook id yet) is committed before
 * the batch goes out, and every create carries the record id in an extended property. A link
 * still without an Outlook id is a create *in doubt* (the process died, the connection dropped,
 * the batch timed out): before anything is sent again, Outlook is searched for it by that
 * property and what is found is linked. Only a create not found is sent again, with the same
 * transaction id, so Outlook refuses to make it twice even if the search raced the first create.
 *
 * A version is synced only when Outlook's answer for it was applied: an in-doubt link keeps the
 * version of the first create sent, so edits made since are sent once it is linked.
 */
import { randomBytes } from 'node:crypto';
import type { RunError } from '../../shared/contract';
import { inTransaction } from '../store/transaction';
import { graphIdSegment, graphStringLiteral, type BatchItem, type BatchResult, type GraphJson } from '../graph/graphMailbox';
import { outlookPayload, transactionPrefix, workspaceIdProperty } from './eventMapping';
import type { StoredEvent } from './eventStore';
import { noOnlineMeetingProvider, onlineMeetingProvider, type OnlineMeetingChoice } from './onlineMeetings';
import { removedInOutlook } from './calendarPull';
import type { UserSyncContext } from './syncContext';
import type { CalendarLink } from './syncRecords';

type Planned =
  | { op: 'create'; event: StoredEvent; link: CalendarLink }
  | { op: 'update'; event: StoredEvent; link: CalendarLink }
  | { op: 'delete'; event: StoredEvent | undefined; link: CalendarLink };

export type PushHooks = {
  /** Test seam: runs when a batch has answered and before its mappings are committed. */
  afterBatch?: () => void;
};

/** Rounds of "send, lose answers, look them up, send what is missing" in one run. */
const maxRounds = 3;

/** Returns how many changes were sent. */
export async function pushToOutlook(ctx: UserSyncContext, hooks: PushHooks = {}): Promise<number> {
  // Creates an earlier run left in doubt are settled before anything is planned.
  const earlier = await settleInDoubt(ctx, ctx.records.linksInDoubt(ctx.userId));
  if (earlier.found.length > 0) {
    ctx.notes.push(
      `${earlier.found.length} ${plural(earlier.found.length, 'event')} created in Outlook by an earlier, interrupted sync ${earlier.found.length === 1 ? 'was' : 'were'} found there and linked, not created again.`,
    );
  }
  let sent = 0;
  let only: Set<number> | undefined;
  let online: OnlineMeetingChoice | undefined;
  for (let round = 1; round <= maxRounds; round++) {
    const plan = inTransaction(ctx.db, () => planChanges(ctx, { only, unchecked: earlier.unchecked }));
    if (plan.length === 0) break;
    online ??= plan.some(wantsOnlineMeeting) ? await onlineMeetingProvider(ctx) : undefined;
    for (const change of plan.filter(wantsOnlineMeeting))
      if (online?.provider === null) ctx.errors.push(noOnlineMeetingProvider(change.event!.name, ctx.userName));
    const items = plan.map((change, index) => batchItem(ctx, change, index, online?.provider ?? null));
    const results = await ctx.box.batch(items);
    hooks.afterBatch?.();
    sent += plan.length;
    const doubts = inTransaction(ctx.db, () => plan.flatMap((change, index) => applyResult(ctx, change, results.get(items[index].id)!)));
    if (doubts.length === 0) break;
    const reason = doubts[0].reason;
    const settled = await settleInDoubt(ctx, doubts.map((doubt) => ctx.records.link(doubt.eventId, ctx.userId)!).filter(Boolean));
    ctx.counts.toOutlook.created += settled.found.length;
    inTransaction(ctx.db, () => {
      // Outlook knows the transaction id but the event is not there (deleted meanwhile): a new id lets it be made again.
      for (const doubt of doubts) {
        const link = ctx.records.link(doubt.eventId, ctx.userId);
        if (doubt.duplicateTransaction && link && !link.outlookEventId && settled.absent.includes(doubt.eventId))
          ctx.records.saveLink({ ...link, transactionId: newTransactionId(doubt.eventId, ctx.userId) });
      }
    });
    ctx.notes.push(
      `No final answer came for ${doubts.length} ${plural(doubts.length, 'create')} (${reason}). Outlook was searched for them before anything was sent again: ${settled.found.length} found and linked, ${settled.absent.length} not there${settled.absent.length > 0 ? ' and sent again' : ''}${settled.unchecked.size > 0 ? `, ${settled.unchecked.size} could not be checked and wait for the next sync` : ''}.`,
    );
    for (const eventId of settled.unchecked) earlier.unchecked.add(eventId);
    // The next round sends only what this one left: the creates not found, the edits of those found.
    only = new Set(doubts.map((doubt) => doubt.eventId).filter((eventId) => !settled.unchecked.has(eventId)));
    if (only.size === 0) break;
  }
  for (const eventId of earlier.unchecked) {
    const name = ctx.events.find(eventId)?.name ?? `event ${eventId}`;
    ctx.errors.push({
      message: `Whether "${name}" was created in Outlook is not known yet.`,
      explanation:
        'Outlook could not be searched for it in this run. Nothing is sent twice: the next sync looks for it first, and creates it only if it is not there.',
    });
  }
  return sent;
}

function newTransactionId(eventId: number, userId: number): string {
  return `${transactionPrefix}${eventId}-${userId}-${randomBytes(6).toString('hex')}`;
}

function planChanges(ctx: UserSyncContext, scope: { only?: Set<number>; unchecked: Set<number> }): Planned[] {
  const { events, records, userId, settings } = ctx;
  const kinds = [...(settings.syncMeetings ? (['meeting'] as const) : []), ...(settings.syncCalls ? (['call'] as const) : [])];
  const inScope = (eventId: number) => (!scope.only || scope.only.has(eventId)) && !scope.unchecked.has(eventId);
  const plan: Planned[] = [];
  for (const event of events.pushCandidates(userId, kinds, ctx.window)) {
    if (!inScope(event.id)) continue;
    const link = records.link(event.id, userId);
    if (!link) {
      if (event.removedInOutlook) continue;
      const pending: CalendarLink = {
        eventId: event.id,
        userId,
        outlookEventId: null,
        changeKey: null,
        transactionId: newTransactionId(event.id, userId),
        syncedVersion: event.version,
      };
      // Committed before the batch is sent: a retry after a crash reuses this transaction id.
      records.saveLink(pending);
      plan.push({ op: 'create', event, link: pending });
    } else if (!link.outlookEventId) {
      // Searched for and not found in Outlook: sent again as it is now, with the same transaction
      // id. The link keeps the version of the first create: if Outlook answers with that one
      // after all, the edits since are still sent.
      plan.push({ op: 'create', event, link });
    } else if (event.version > link.syncedVersion) {
      plan.push({ op: 'update', event, link });
    }
  }
  for (const link of records.linksToSettle(userId)) {
    if (!inScope(link.eventId)) continue;
    const event = events.find(link.eventId);
    if (!link.outlookEventId) {
      // A create searched for and not found, for an event since deleted or reassigned here:
      // nothing is left to send.
      if (!event || event.deletedAt || event.assignedUserId !== userId) {
        records.deleteLink(link.eventId, userId);
        if (event?.deletedAt && records.linksOfEvent(event.id).length === 0) events.purge(event.id);
      }
      continue;
    }
    // Deleted here, or reassigned to someone else: it leaves this user's calendar.
    if (!event || event.deletedAt || event.assignedUserId !== userId) plan.push({ op: 'delete', event, link });
  }
  return plan;
}

/** A create or edit of an event that asked for an online meeting Outlook has not made yet. */
function wantsOnlineMeeting(change: Planned): boolean {
  return change.op !== 'delete' && change.event.onlineMeeting && !change.event.joinUrl;
}

function batchItem(ctx: UserSyncContext, change: Planned, index: number, onlineProvider: string | null): BatchItem {
  const id = `${change.op}-${index}`;
  if (change.op === 'delete') return { id, method: 'DELETE', url: `/me/events/${graphIdSegment(change.link.outlookEventId!)}` };
  const body = outlookPayload(change.event, ctx.settings, onlineProvider);
  if (change.op === 'update') return { id, method: 'PATCH', url: `/me/events/${graphIdSegment(change.link.outlookEventId!)}`, body };
  return {
    id,
    method: 'POST',
    url: `${ctx.calendarPath}/events`,
    body: {
      ...body,
      transactionId: change.link.transactionId,
      singleValueExtendedProperties: [{ id: workspaceIdProperty, value: String(change.event.id) }],
    },
  };
}

type Doubt = { eventId: number; reason: string; duplicateTransaction: boolean };

/** Applies one answer; returns the create whose outcome is still unknown, if this was one. */
function applyResult(ctx: UserSyncContext, change: Planned, result: BatchResult): Doubt[] {
  const { records, events, userId } = ctx;
  const ok = result.status >= 200 && result.status < 300;
  if (change.op === 'create') {
    if (result.outcomeUnknown !== undefined)
      return [{ eventId: change.event.id, reason: result.outcomeUnknown, duplicateTransaction: false }];
    // Outlook already has an event with this transaction id (the first create did arrive).
    if (result.status === 400 && result.body?.error?.code === 'ErrorDuplicateTransactionId') {
      return [{ eventId: change.event.id, reason: 'Outlook answered ErrorDuplicateTransactionId', duplicateTransaction: true }];
    }
    if (!ok) {
      // Refused: nothing was made, so nothing is in doubt. The next run starts a fresh create.
      records.deleteLink(change.link.eventId, userId);
      ctx.errors.push(itemError(change, result, 'created in'));
      return [];
    }
    records.saveLink({ ...change.link, outlookEventId: String(result.body!.id), changeKey: String(result.body!.changeKey) });
    keepJoinUrl(ctx, change.event.id, result.body);
    ctx.counts.toOutlook.created++;
    return [];
  }
  if (change.op === 'update') {
    if (result.status === 404) {
      removedInOutlook(ctx, change.link.outlookEventId!);
      return [];
    }
    if (!ok) {
      ctx.errors.push(itemError(change, result, 'updated in'));
      return [];
    }
    records.saveLink({ ...change.link, changeKey: String(result.body!.changeKey), syncedVersion: change.event.version });
    keepJoinUrl(ctx, change.event.id, result.body);
    ctx.counts.toOutlook.updated++;
    return [];
  }
  if (!ok && result.status !== 404) {
    ctx.errors.push(itemError(change, result, 'removed from'));
    return [];
  }
  records.deleteLink(change.link.eventId, userId);
  if (result.status !== 404) ctx.counts.toOutlook.deleted++;
  if (change.event?.deletedAt && records.linksOfEvent(change.event.id).length === 0) events.purge(change.event.id);
  return [];
}

/** The join link Outlook answered with, shown on the event at once. */
function keepJoinUrl(ctx: UserSyncContext, eventId: number, body: GraphJson | undefined): void {
  const joinUrl = body?.onlineMeeting?.joinUrl;
  if (typeof joinUrl === 'string' && joinUrl) ctx.events.setJoinUrl(eventId, joinUrl);
}

type Settled = { found: number[]; absent: number[]; unchecked: Set<number> };

/**
 * Searches Outlook for creates in doubt by the record id they carry. Found: linked (the link keeps
 * the version first sent). Not found: left for the plan to send again. Not answered: unchecked,
 * and not sent in this run.
 */
async function settleInDoubt(ctx: UserSyncContext, links: readonly CalendarLink[]): Promise<Settled> {
  const settled: Settled = { found: [], absent: [], unchecked: new Set() };
  if (links.length === 0) return settled;
  const answers = await ctx.box.batch(
    links.map((link) => ({ id: `find-${link.eventId}`, method: 'GET', url: findByRecordUrl(ctx, link.eventId) })),
  );
  inTransaction(ctx.db, () => {
    for (const link of links) {
      const answer = answers.get(`find-${link.eventId}`);
      if (answer?.status !== 200 || !Array.isArray(answer.body?.value)) {
        settled.unchecked.add(link.eventId);
        continue;
      }
      const copies = answer.body.value as GraphJson[];
      // The one made with this link's transaction id if Outlook says so, else the oldest.
      const copy =
        copies.find((candidate) => candidate.transactionId === link.transactionId) ??
        copies.toSorted((a, b) => String(a.createdDateTime).localeCompare(String(b.createdDateTime)))[0];
      if (!copy) {
        settled.absent.push(link.eventId);
        continue;
      }
      if (copies.length > 1)
        ctx.log.warning(
          `${ctx.userName}: Outlook holds ${copies.length} events made for the same console event ${link.eventId}; the one made first is kept linked.`,
          { eventId: link.eventId },
        );
      ctx.records.saveLink({ ...link, outlookEventId: String(copy.id), changeKey: String(copy.changeKey) });
      settled.found.push(link.eventId);
    }
  });
  return settled;
}

function findByRecordUrl(ctx: UserSyncContext, eventId: number): string {
  const filter = `singleValueExtendedProperties/any(ep: ep/id eq ${graphStringLiteral(workspaceIdProperty)} and ep/value eq ${graphStringLiteral(String(eventId))})`;
  return `${ctx.calendarPath}/events?$filter=${encodeURIComponent(filter)}&$select=id,changeKey,transactionId,createdDateTime&$top=10`;
}

function plural(count: number, one: string): string {
  return count === 1 ? one : `${one}s`;
}

function itemError(change: Planned, result: BatchResult, verb: string): RunError {
  const name = change.event?.name ?? `event ${change.link.eventId}`;
  const graphMessage = result.body?.error?.message ?? `status ${result.status}`;
  const explanation =
    result.status === 400
      ? `Outlook refused the event's details. Correct "${name}" on the Calendar page; it is sent again on the next sync.`
      : result.status === 403
        ? "Outlook refused access to this calendar. Check the Calendars.ReadWrite permission and the calendar chosen in the user's calendar settings."
        : 'Outlook kept refusing this change after several tries; it is sent again on the next sync.';
  return { message: `"${name}" could not be ${verb} Outlook: ${result.status} ${graphMessage}`, explanation };
}
