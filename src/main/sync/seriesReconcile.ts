/**
 * Occurrences deleted from a series in Outlook. Graph may leave such an occurrence out of the
 * calendarView delta altogether (no @removed entry; docs/graph-fidelity.md), so the occurrences
 * of each series the console knows are compared with the series' instances in the sync window:
 * whenever the series or any of its items changed, and otherwise at a bounded interval.
 */
import { graphIdSegment, isGraphStatus, type GraphJson } from '../graph/graphMailbox';
import type { UserSyncContext } from './syncContext';

/** A series that did not change is still compared this often: the ceiling on how long a silent deletion can go unseen. */
export const seriesCheckIntervalMs = 6 * 3600_000;

/** When each user's series were last compared (in memory: after a restart each is compared once more). */
export class SeriesChecks {
  private readonly checkedAt = new Map<string, number>();

  due(userId: number, masterId: string, now: number): boolean {
    const at = this.checkedAt.get(`${userId}|${masterId}`);
    return at === undefined || now - at >= seriesCheckIntervalMs;
  }

  checked(userId: number, masterId: string, now: number): void {
    this.checkedAt.set(`${userId}|${masterId}`, now);
  }
}

/** The ids of the series' occurrences and exceptions in the window; null when the series is gone. */
async function instanceIds(ctx: UserSyncContext, masterId: string): Promise<Set<string> | null> {
  const query = new URLSearchParams({ startDateTime: ctx.window.start, endDateTime: ctx.window.end, $select: 'id' });
  let url: string | undefined = `/me/events/${graphIdSegment(masterId)}/instances?${query.toString()}`;
  const ids = new Set<string>();
  try {
    while (url) {
      const page: GraphJson = await ctx.box.get(url);
      for (const instance of (page.value ?? []) as GraphJson[]) ids.add(instance.id);
      url = page['@odata.nextLink'];
    }
  } catch (error) {
    if (isGraphStatus(error, 404)) return null;
    throw error;
  }
  return ids;
}

/**
 * Compares the series that changed in this run (`changed`) and those due for their periodic
 * check; each occurrence linked here that Outlook no longer has is removed as Outlook removed it.
 */
export async function reconcileSeries(
  ctx: UserSyncContext,
  changed: ReadonlySet<string>,
  removed: (outlookEventId: string) => void,
): Promise<number> {
  const now = ctx.now().getTime();
  let gone = 0;
  for (const [masterId, linked] of ctx.records.linkedOccurrencesBySeries(ctx.userId)) {
    const due = changed.has(masterId) ? !ctx.seriesCompared.has(masterId) : ctx.seriesChecks.due(ctx.userId, masterId, now);
    if (!due) continue;
    const current = await instanceIds(ctx, masterId);
    // The whole series is gone: a series made here is linked by its master too.
    if (current === null) removed(masterId);
    for (const outlookId of linked) {
      if (current?.has(outlookId)) continue;
      removed(outlookId);
      gone++;
    }
    ctx.seriesCompared.add(masterId);
    ctx.seriesChecks.checked(ctx.userId, masterId, now);
  }
  if (gone > 0)
    ctx.log.info(
      `${ctx.userName}: ${gone} occurrence${gone === 1 ? ' was' : 's were'} deleted from recurring series in Outlook; removed here too.`,
    );
  return gone;
}
