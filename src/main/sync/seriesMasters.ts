/**
 * What an occurrence needs from its series. Graph's calendarView delta sends an occurrence with
 * only its id, type, start, end and series master id: its subject, body, location, attendees,
 * all-day flag and zone belong to the series master, which is read once per run here. When the
 * master cannot be read, the occurrence itself is read (GET /events/{id} returns every property).
 */
import { graphIdSegment, isGraphStatus, type GraphJson } from '../graph/graphMailbox';
import type { UserSyncContext } from './syncContext';

/** The master's properties an occurrence takes on (exceptions carry their own). */
const seriesProperties = [
  'subject',
  'body',
  'location',
  'attendees',
  'isAllDay',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'lastModifiedDateTime',
  'isOnlineMeeting',
  'onlineMeeting',
] as const;
const masterSelect = [...seriesProperties, 'recurrence', 'type'].join(',');

export type SeriesMaster = { properties: GraphJson; recurrence: string | null };

export class SeriesMasters {
  private readonly known = new Map<string, SeriesMaster | null>();

  constructor(private readonly ctx: UserSyncContext) {}

  /** The series master, read once; null when Outlook no longer has it or would not answer. */
  async get(masterId: string): Promise<SeriesMaster | null> {
    if (this.known.has(masterId)) return this.known.get(masterId)!;
    let master: SeriesMaster | null = null;
    try {
      const json = await this.ctx.box.get(`/me/events/${graphIdSegment(masterId)}?$select=${masterSelect}`);
      master = { properties: json, recurrence: json.recurrence ? JSON.stringify(json.recurrence) : null };
    } catch (error) {
      if (!isGraphStatus(error, 404))
        this.ctx.log.warning(
          `${this.ctx.userName}: a recurring series could not be read from Outlook; its occurrences are read one by one instead.`,
          { error },
        );
    }
    this.known.set(masterId, master);
    return master;
  }

  /**
   * A delta item with everything the console keeps: an occurrence gets its series' properties
   * (or, failing that, its own full properties); exceptions and single events pass unchanged.
   */
  async complete(item: GraphJson): Promise<{ item: GraphJson; recurrence: string | null }> {
    const masterId = item.seriesMasterId as string | undefined;
    if (item['@removed'] || !masterId) return { item, recurrence: null };
    const master = await this.get(masterId);
    if (item.type !== 'occurrence') return { item, recurrence: master?.recurrence ?? null };
    if (master) {
      const inherited = Object.fromEntries(seriesProperties.map((name) => [name, master.properties[name]]));
      return { item: { ...inherited, ...item }, recurrence: master.recurrence };
    }
    try {
      const own = await this.ctx.box.get(`/me/events/${graphIdSegment(item.id)}`);
      return { item: { ...own, ...item }, recurrence: null };
    } catch (error) {
      if (isGraphStatus(error, 404)) return { item: { ...item, '@removed': { reason: 'deleted' } }, recurrence: null };
      throw error;
    }
  }
}

/** Graph's changeKey of an item; occurrences in a delta carry it only inside their @odata.etag (W/"…"). */
export function changeKeyOf(item: GraphJson): string | null {
  if (typeof item.changeKey === 'string') return item.changeKey;
  const etag = typeof item['@odata.etag'] === 'string' ? item['@odata.etag'] : '';
  const match = /^W\/"(.*)"$/.exec(etag);
  return match ? match[1] : null;
}
