/**
 * Console → Outlook: creates, updates and deletions since the last run, in `$batch` requests.
 * A create's transaction id is committed before the batch goes out and every create carries the
 * record id in an extended property, so a run that dies between the batch and the mapping commit
 * sends the same transaction id next time (Outlook returns the event it already made) or finds
 * the event in the delta and links it: never a duplicate.
 */
import { randomBytes } from 'node:crypto';
import type { RunError } from '../../shared/contract';
import { inTransaction } from '../access/transaction';
import { graphIdSegment, type BatchItem, type BatchResult } from '../graph/graphMailbox';
import { outlookPayload, transactionPrefix, workspaceIdProperty } from './eventMapping';
import type { StoredEvent } from './eventStore';
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

/** Returns how many changes were sent. */
export async function pushToOutlook(ctx: UserSyncContext, hooks: PushHooks = {}): Promise<number> {
  const plan = inTransaction(ctx.db, () => planChanges(ctx));
  if (plan.length === 0) return 0;
  const items = plan.map((change, index) => batchItem(ctx, change, index));
  const results = await ctx.box.batch(items);
  hooks.afterBatch?.();
  inTransaction(ctx.db, () => {
    plan.forEach((change, index) => applyResult(ctx, change, results.get(items[index].id)!));
  });
  return plan.length;
}

function planChanges(ctx: UserSyncContext): Planned[] {
  const { events, records, userId, settings } = ctx;
  const kinds = [...(settings.syncMeetings ? (['meeting'] as const) : []), ...(settings.syncCalls ? (['call'] as const) : [])];
  const plan: Planned[] = [];
  for (const event of events.assignedTo(userId, kinds, ctx.window)) {
    const link = records.link(event.id, userId);
    if (!link) {
      if (event.removedInOutlook) continue;
      const pending: CalendarLink = { eventId: event.id, userId, outlookEventId: null, changeKey: null, transactionId: `${transactionPrefix}${event.id}-${userId}-${randomBytes(6).toString('hex')}`, syncedVersion: event.version };
      // Committed before the batch is sent: a retry after a crash reuses this transaction id.
      records.saveLink(pending);
      plan.push({ op: 'create', event, link: pending });
    } else if (!link.outlookEventId) {
      records.saveLink({ ...link, syncedVersion: event.version });
      plan.push({ op: 'create', event, link: { ...link, syncedVersion: event.version } });
    } else if (event.version > link.syncedVersion) {
      plan.push({ op: 'update', event, link });
    }
  }
  for (const link of records.linksOf(userId)) {
    const event = events.find(link.eventId);
    if (!link.outlookEventId) {
      // A create that never got its answer, for an event since deleted or reassigned here. The
      // pull above would have linked it had it reached Outlook (both ways); nothing is left to send.
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

function batchItem(ctx: UserSyncContext, change: Planned, index: number): BatchItem {
  const id = `${change.op}-${index}`;
  if (change.op === 'delete') return { id, method: 'DELETE', url: `/me/events/${graphIdSegment(change.link.outlookEventId!)}` };
  const body = outlookPayload(change.event, ctx.settings);
  if (change.op === 'update') return { id, method: 'PATCH', url: `/me/events/${graphIdSegment(change.link.outlookEventId!)}`, body };
  return {
    id,
    method: 'POST',
    url: `${ctx.calendarPath}/events`,
    body: { ...body, transactionId: change.link.transactionId, singleValueExtendedProperties: [{ id: workspaceIdProperty, value: String(change.event.id) }] },
  };
}

function applyResult(ctx: UserSyncContext, change: Planned, result: BatchResult): void {
  const { records, events, userId } = ctx;
  const ok = result.status >= 200 && result.status < 300;
  if (change.op === 'create') {
    if (!ok) {
      ctx.errors.push(itemError(change, result, 'created in'));
      return;
    }
    records.saveLink({ ...change.link, outlookEventId: String(result.body!.id), changeKey: String(result.body!.changeKey) });
    ctx.counts.toOutlook.created++;
    return;
  }
  if (change.op === 'update') {
    if (result.status === 404) return removedInOutlook(ctx, change.link.outlookEventId!);
    if (!ok) {
      ctx.errors.push(itemError(change, result, 'updated in'));
      return;
    }
    records.saveLink({ ...change.link, changeKey: String(result.body!.changeKey), syncedVersion: change.event.version });
    ctx.counts.toOutlook.updated++;
    return;
  }
  if (!ok && result.status !== 404) {
      ctx.errors.push(itemError(change, result, 'removed from'));
      return;
    }
  records.deleteLink(change.link.eventId, userId);
  if (result.status !== 404) ctx.counts.toOutlook.deleted++;
  if (change.event?.deletedAt && records.linksOfEvent(change.event.id).length === 0) events.purge(change.event.id);
}

function itemError(change: Planned, result: BatchResult, verb: string): RunError {
  const name = change.event?.name ?? `event ${change.link.eventId}`;
  const graphMessage = result.body?.error?.message ?? `status ${result.status}`;
  const explanation =
    result.status === 400
      ? `Outlook refused the event's details. Correct "${name}" on the Calendar page; it is sent again on the next sync.`
      : result.status === 403
        ? 'Outlook refused access to this calendar. Check the Calendars.ReadWrite permission and the calendar chosen in the user\'s calendar settings.'
        : 'Outlook kept refusing this change after several tries; it is sent again on the next sync.';
  return { message: `"${name}" could not be ${verb} Outlook: ${result.status} ${graphMessage}`, explanation };
}
