/**
 * Outlook → console: calendarView/delta from the stored deltaLink (or from scratch), page by
 * page. Each page's changes and, on the last page, the new deltaLink are committed in one
 * transaction, so a crash replays at most the pages after the last stored link, which applying
 * by Outlook id makes harmless. A 410 (sync state lost, even in the middle of paging) starts a
 * full resync that matches what is already here by Outlook id and transactionId: no duplicates.
 */
import { inTransaction } from '../store/transaction';
import { isGraphStatus, preferUtc, type GraphJson } from '../graph/graphMailbox';
import { fieldsFromOutlook, kindForNewOutlookEvent, snapshot, transactionPrefix } from './eventMapping';
import { changeKeyOf, SeriesMasters } from './seriesMasters';
import { reconcileSeries } from './seriesReconcile';
import type { UserSyncContext } from './syncContext';
import { DeltaPages, pageWithoutLinkMessage } from './deltaPages';
import { nextPageWriteTurn } from './pageWriteTurns';
import { parseGraphUtc } from './timeZones';

export const deltaPageSize = 50;

export async function pullFromOutlook(ctx: UserSyncContext, pageSize = deltaPageSize): Promise<void> {
  const { records, userId, log, window } = ctx;
  const stored = records.state(userId);
  let full = !stored.deltaLink;
  let seen = new Set<string>();
  let resynced = false;
  const masters = new SeriesMasters(ctx);
  const changedSeries = new Set<string>();
  const fetchPage = (pageUrl: string) => ctx.box.get(pageUrl, [preferUtc, `odata.maxpagesize=${pageSize}`]);
  let pages = new DeltaPages(fetchPage, stored.deltaLink ?? initialDeltaUrl(ctx));
  for (;;) {
    let page: GraphJson;
    try {
      page = await pages.next();
    } catch (error) {
      if (!isGraphStatus(error, 410) || resynced) throw error;
      log.warning(
        `${ctx.userName}: Outlook no longer knows this calendar's sync state (410 SyncStateNotFound). Starting a full resync; events already here are matched by their Outlook id, so nothing is duplicated.`,
      );
      resynced = true;
      full = true;
      seen = new Set();
      inTransaction(ctx.db, () => records.saveState(userId, { ...records.state(userId), deltaLink: null }));
      pages = new DeltaPages(fetchPage, initialDeltaUrl(ctx));
      continue;
    }
    const deltaLink = page['@odata.deltaLink'] as string | undefined;
    const next = page['@odata.nextLink'] as string | undefined;
    if (!deltaLink && !next) throw new Error(pageWithoutLinkMessage);
    // Writing a page is synchronous and takes milliseconds: answers that arrive meanwhile wait.
    await nextPageWriteTurn();
    const items: Array<{ item: GraphJson; recurrence: string | null }> = [];
    for (const raw of (page.value ?? []) as GraphJson[]) {
      items.push(await masters.complete(raw));
      if (raw.seriesMasterId) changedSeries.add(raw.seriesMasterId);
    }
    inTransaction(ctx.db, () => {
      for (const { item, recurrence } of items) {
        if (!item['@removed'] && !item.isCancelled) {
          seen.add(item.id);
          // A series made here is linked by its master, which the delta never lists: its occurrences vouch for it.
          if (item.seriesMasterId) seen.add(item.seriesMasterId);
        }
        applyItem(ctx, item, recurrence);
      }
      if (deltaLink) {
        if (full) forgetUnseen(ctx, seen);
        records.saveState(userId, {
          deltaLink,
          windowStart: window.start,
          windowEnd: window.end,
          lastSyncedAt: records.state(userId).lastSyncedAt,
        });
      }
    });
    if (deltaLink) {
      await reconcileSeries(ctx, changedSeries, (outlookEventId) => inTransaction(ctx.db, () => removedInOutlook(ctx, outlookEventId)));
      return;
    }
  }
}

function initialDeltaUrl(ctx: UserSyncContext): string {
  const query = new URLSearchParams({ startDateTime: ctx.window.start, endDateTime: ctx.window.end });
  return `${calendarViewDeltaBase(ctx.calendarPath)}/calendarView/delta?${query.toString()}`;
}

/**
 * Where a calendar's delta lives. Microsoft documents /me/calendarView/delta for the default
 * calendar (/me/calendar/calendarView/delta is not a delta path) and /me/calendars/{id}/… works.
 */
export function calendarViewDeltaBase(calendarPath: string): string {
  return calendarPath === '/me/calendar' ? '/me' : calendarPath;
}

function applyItem(ctx: UserSyncContext, item: GraphJson, recurrence: string | null): void {
  if (item['@removed'] || item.isCancelled) return removedInOutlook(ctx, item.id);
  if (item.type === 'seriesMaster') return;
  const { records, events, userId } = ctx;
  const link = records.linkByOutlookId(userId, item.id);
  if (!link) return arrivedFromOutlook(ctx, item, recurrence);
  const changeKey = changeKeyOf(item);
  // Our own write coming back: nothing new.
  if (changeKey && changeKey === link.changeKey) return;
  const event = events.find(link.eventId);
  if (!event || event.deletedAt || event.assignedUserId !== userId) {
    // Deleted or reassigned here: the push removes it from this calendar.
    records.saveLink({ ...link, changeKey });
    return;
  }
  const incoming = fieldsFromOutlook(item, { existing: event, userId, kind: event.kind, directory: ctx.directory, recurrence });
  const outlookModified = outlookModifiedAt(item);
  if (event.version > link.syncedVersion) {
    // Changed on both sides since the last run: the later edit wins, the other is recorded.
    const outlookWins = Date.parse(outlookModified) > Date.parse(event.updatedAt);
    records.recordConflict({
      at: ctx.now(),
      userId,
      eventId: event.id,
      winner: outlookWins ? 'outlook' : 'console',
      loser: outlookWins ? snapshot(event) : snapshot(incoming),
    });
    ctx.log.warning(
      `${ctx.userName}: "${event.name}" was changed both here and in Outlook since the last sync. The ${outlookWins ? 'Outlook' : 'console'} version is newer and wins; the ${outlookWins ? 'console' : 'Outlook'} version was: ${JSON.stringify(outlookWins ? snapshot(event) : snapshot(incoming))}.`,
      { eventId: event.id },
    );
    if (!outlookWins) {
      records.saveLink({ ...link, changeKey });
      return;
    }
  }
  const version = events.update(event.id, incoming, outlookModified);
  records.saveLink({ ...link, changeKey, syncedVersion: version });
  ctx.counts.fromOutlook.updated++;
}

function arrivedFromOutlook(ctx: UserSyncContext, item: GraphJson, recurrence: string | null): void {
  const { records, events, userId } = ctx;
  const changeKey = changeKeyOf(item);
  const transactionId = typeof item.transactionId === 'string' ? item.transactionId : undefined;
  if (transactionId) {
    // A create of ours whose answer was lost (crash, timeout): adopt it instead of importing it.
    const pending = records.linkByTransactionId(transactionId);
    if (pending && pending.userId === userId) {
      records.saveLink({ ...pending, outlookEventId: item.id, changeKey });
      ctx.log.info(
        `${ctx.userName}: an event created in Outlook by an earlier, interrupted sync was found again and linked (no duplicate).`,
        { eventId: pending.eventId },
      );
      return;
    }
    const ownId = transactionId.startsWith(transactionPrefix) ? Number(transactionId.split('-')[1]) : NaN;
    const own = Number.isInteger(ownId) ? events.find(ownId) : undefined;
    if (own && !own.deletedAt && own.assignedUserId === userId && !records.link(own.id, userId)) {
      records.saveLink({ eventId: own.id, userId, outlookEventId: item.id, changeKey, transactionId, syncedVersion: own.version });
      return;
    }
  }
  // An occurrence of a series made here is a meeting or a call as its series is.
  const masterLink = item.seriesMasterId ? records.linkByOutlookId(userId, item.seriesMasterId) : undefined;
  const kind = (masterLink && events.find(masterLink.eventId)?.kind) || kindForNewOutlookEvent(ctx.settings);
  const fields = fieldsFromOutlook(item, { userId, kind, directory: ctx.directory, recurrence });
  const id = events.insert(fields, 'outlook', new Date(outlookModifiedAt(item)));
  records.saveLink({
    eventId: id,
    userId,
    outlookEventId: item.id,
    changeKey,
    transactionId: `outlook:${userId}:${item.id}`,
    syncedVersion: 1,
  });
  ctx.counts.fromOutlook.created++;
}

/** The deletion rules: Outlook's events go, the console's stay (flagged), as the original integration does. */
export function removedInOutlook(ctx: UserSyncContext, outlookEventId: string): void {
  const { records, events, userId } = ctx;
  const link = records.linkByOutlookId(userId, outlookEventId);
  if (!link) return;
  records.deleteLink(link.eventId, userId);
  const event = events.find(link.eventId);
  if (!event) return;
  if (event.deletedAt) {
    if (records.linksOfEvent(event.id).length === 0) events.purge(event.id);
    return;
  }
  if (event.assignedUserId !== userId) return;
  if (event.origin === 'outlook') {
    events.purge(event.id);
    ctx.counts.fromOutlook.deleted++;
    return;
  }
  events.markRemovedInOutlook(event.id, ctx.now());
  ctx.log.warning(
    `${ctx.userName}: "${event.name}" was created in the console and is no longer in Outlook. It is kept here and flagged rather than deleted; edit it to send it to Outlook again, or delete it here.`,
    { eventId: event.id },
  );
}

/** After a full resync: what Outlook no longer has is treated as removed there. */
function forgetUnseen(ctx: UserSyncContext, seen: Set<string>): void {
  for (const outlookEventId of ctx.records.linkedOutlookIds(ctx.userId)) {
    if (!seen.has(outlookEventId)) removedInOutlook(ctx, outlookEventId);
  }
}

function outlookModifiedAt(item: GraphJson): string {
  const parsed = item.lastModifiedDateTime ? parseGraphUtc(String(item.lastModifiedDateTime)) : NaN;
  return new Date(Number.isNaN(parsed) ? Date.now() : parsed).toISOString();
}
