/** SQL for what the sync remembers: mappings to Outlook, delta links, per-user settings, conflicts. */
import type { DatabaseSync } from 'node:sqlite';
import { cachedStatements, type StatementCache } from '../store/statementCache';
import type { CalendarSettings } from '../../shared/contract';

export type CalendarLink = {
  eventId: number;
  userId: number;
  /** Null while a create is in flight (sent, or about to be, with `transactionId`). */
  outlookEventId: string | null;
  changeKey: string | null;
  transactionId: string;
  syncedVersion: number;
};

export type SyncState = { deltaLink: string | null; windowStart: string | null; windowEnd: string | null; lastSyncedAt: string | null };

type LinkRow = {
  event_id: number;
  user_id: number;
  outlook_event_id: string | null;
  change_key: string | null;
  transaction_id: string;
  synced_version: number;
};

const toLink = (row: LinkRow): CalendarLink => ({
  eventId: row.event_id,
  userId: row.user_id,
  outlookEventId: row.outlook_event_id,
  changeKey: row.change_key,
  transactionId: row.transaction_id,
  syncedVersion: row.synced_version,
});

export class SyncRecords {
  private readonly statement: StatementCache;

  constructor(private readonly db: DatabaseSync) {
    this.statement = cachedStatements(db);
  }

  linkByOutlookId(userId: number, outlookEventId: string): CalendarLink | undefined {
    const row = this.statement('SELECT * FROM calendar_links WHERE user_id = ? AND outlook_event_id = ?').get(userId, outlookEventId) as
      LinkRow | undefined;
    return row && toLink(row);
  }

  linkByTransactionId(transactionId: string): CalendarLink | undefined {
    const row = this.statement('SELECT * FROM calendar_links WHERE transaction_id = ?').get(transactionId) as LinkRow | undefined;
    return row && toLink(row);
  }

  link(eventId: number, userId: number): CalendarLink | undefined {
    const row = this.statement('SELECT * FROM calendar_links WHERE event_id = ? AND user_id = ?').get(eventId, userId) as
      LinkRow | undefined;
    return row && toLink(row);
  }

  linksOf(userId: number): CalendarLink[] {
    return (this.statement('SELECT * FROM calendar_links WHERE user_id = ?').all(userId) as LinkRow[]).map(toLink);
  }

  /** This user's creates in doubt: sent (or about to be) and not yet answered with an Outlook id. */
  linksInDoubt(userId: number): CalendarLink[] {
    return (this.statement('SELECT * FROM calendar_links WHERE user_id = ? AND outlook_event_id IS NULL').all(userId) as LinkRow[]).map(
      toLink,
    );
  }

  /**
   * The links a push may have to act on besides its events' own: creates in doubt, and links whose
   * event is gone, deleted or no longer this user's. A link to an event still theirs is left to
   * SQLite, so a push reads none of the thousands a first sync made.
   */
  linksToSettle(userId: number): CalendarLink[] {
    return (
      this.statement(
        `SELECT l.* FROM calendar_links l LEFT JOIN workspace_events e ON e.id = l.event_id
          WHERE l.user_id = ? AND (l.outlook_event_id IS NULL OR e.id IS NULL OR e.deleted_at IS NOT NULL OR e.assigned_user_id IS NOT l.user_id)`,
      ).all(userId) as LinkRow[]
    ).map(toLink);
  }

  /** The Outlook ids this user's links point at (what a full resync checks against what Outlook still has). */
  linkedOutlookIds(userId: number): string[] {
    return (
      this.statement('SELECT outlook_event_id AS id FROM calendar_links WHERE user_id = ? AND outlook_event_id IS NOT NULL').all(
        userId,
      ) as {
        id: string;
      }[]
    ).map((row) => row.id);
  }

  /** Outlook ids of this user's linked occurrences and exceptions, by series master id. */
  linkedOccurrencesBySeries(userId: number): Map<string, string[]> {
    const rows = this.statement(
      `SELECT e.series_master_id AS master, l.outlook_event_id AS outlook FROM calendar_links l JOIN workspace_events e ON e.id = l.event_id
      WHERE l.user_id = ? AND l.outlook_event_id IS NOT NULL AND e.series_master_id IS NOT NULL`,
    ).all(userId) as Array<{ master: string; outlook: string }>;
    const series = new Map<string, string[]>();
    for (const row of rows) series.set(row.master, [...(series.get(row.master) ?? []), row.outlook]);
    return series;
  }

  linksOfEvent(eventId: number): CalendarLink[] {
    return (this.statement('SELECT * FROM calendar_links WHERE event_id = ?').all(eventId) as LinkRow[]).map(toLink);
  }

  saveLink(link: CalendarLink): void {
    this.statement(
      `INSERT INTO calendar_links (event_id, user_id, outlook_event_id, change_key, transaction_id, synced_version) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (event_id, user_id) DO UPDATE SET outlook_event_id = excluded.outlook_event_id, change_key = excluded.change_key, transaction_id = excluded.transaction_id, synced_version = excluded.synced_version`,
    ).run(link.eventId, link.userId, link.outlookEventId, link.changeKey, link.transactionId, link.syncedVersion);
  }

  deleteLink(eventId: number, userId: number): void {
    this.statement('DELETE FROM calendar_links WHERE event_id = ? AND user_id = ?').run(eventId, userId);
  }

  deleteLinksOf(userId: number): number {
    return Number(this.statement('DELETE FROM calendar_links WHERE user_id = ?').run(userId).changes);
  }

  state(userId: number): SyncState {
    const row = this.statement(
      'SELECT delta_link, window_start, window_end, last_synced_at FROM calendar_sync_state WHERE user_id = ?',
    ).get(userId) as
      { delta_link: string | null; window_start: string | null; window_end: string | null; last_synced_at: string | null } | undefined;
    return {
      deltaLink: row?.delta_link ?? null,
      windowStart: row?.window_start ?? null,
      windowEnd: row?.window_end ?? null,
      lastSyncedAt: row?.last_synced_at ?? null,
    };
  }

  saveState(userId: number, state: SyncState): void {
    this.statement(
      `INSERT INTO calendar_sync_state (user_id, delta_link, window_start, window_end, last_synced_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET delta_link = excluded.delta_link, window_start = excluded.window_start, window_end = excluded.window_end, last_synced_at = excluded.last_synced_at`,
    ).run(userId, state.deltaLink, state.windowStart, state.windowEnd, state.lastSyncedAt);
  }

  settings(userId: number): CalendarSettings {
    const row = this.statement('SELECT * FROM calendar_settings WHERE user_id = ?').get(userId) as
      | {
          calendar_id: string | null;
          calendar_name: string | null;
          direction: CalendarSettings['direction'];
          sync_meetings: number;
          sync_calls: number;
          sync_since: string | null;
          send_contact_attendees: number;
          online_meeting_by_default: number;
        }
      | undefined;
    if (!row)
      return {
        userId,
        calendarId: null,
        calendarName: null,
        direction: 'both',
        syncMeetings: true,
        syncCalls: true,
        syncSince: null,
        sendContactAttendees: false,
        onlineMeetingByDefault: false,
      };
    return {
      userId,
      calendarId: row.calendar_id,
      calendarName: row.calendar_name,
      direction: row.direction,
      syncMeetings: row.sync_meetings === 1,
      syncCalls: row.sync_calls === 1,
      syncSince: row.sync_since,
      sendContactAttendees: row.send_contact_attendees === 1,
      onlineMeetingByDefault: row.online_meeting_by_default === 1,
    };
  }

  saveSettings(settings: CalendarSettings, at: Date): void {
    this.statement(
      `INSERT INTO calendar_settings (user_id, calendar_id, calendar_name, direction, sync_meetings, sync_calls, sync_since, send_contact_attendees, online_meeting_by_default, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET calendar_id = excluded.calendar_id, calendar_name = excluded.calendar_name, direction = excluded.direction, sync_meetings = excluded.sync_meetings,
        sync_calls = excluded.sync_calls, sync_since = excluded.sync_since, send_contact_attendees = excluded.send_contact_attendees, online_meeting_by_default = excluded.online_meeting_by_default, updated_at = excluded.updated_at`,
    ).run(
      settings.userId,
      settings.calendarId,
      settings.calendarName,
      settings.direction,
      settings.syncMeetings ? 1 : 0,
      settings.syncCalls ? 1 : 0,
      settings.syncSince,
      settings.sendContactAttendees ? 1 : 0,
      settings.onlineMeetingByDefault ? 1 : 0,
      at.toISOString(),
    );
  }

  recordConflict(entry: { at: Date; userId: number; eventId: number; winner: 'console' | 'outlook'; loser: unknown }): void {
    this.statement('INSERT INTO calendar_conflicts (at, user_id, event_id, winner, loser) VALUES (?, ?, ?, ?, ?)').run(
      entry.at.toISOString(),
      entry.userId,
      entry.eventId,
      entry.winner,
      JSON.stringify(entry.loser),
    );
  }

  conflicts(eventId: number): Array<{ at: string; winner: string; loser: unknown }> {
    return (
      this.statement('SELECT at, winner, loser FROM calendar_conflicts WHERE event_id = ? ORDER BY id').all(eventId) as {
        at: string;
        winner: string;
        loser: string;
      }[]
    ).map((row) => ({ ...row, loser: JSON.parse(row.loser) }));
  }
}
