/** SQL for workspace events and their attendees. No sync rules here: the engine and the service have them. */
import type { DatabaseSync } from 'node:sqlite';
import { cachedStatements, type StatementCache } from '../store/statementCache';
import type { Attendee, AttendeeKind, EventFields, EventKind, WorkspaceEvent } from '../../shared/contract';

type EventRow = {
  id: number;
  kind: EventKind;
  name: string;
  start_at: string;
  end_at: string;
  all_day: number;
  time_zone: string;
  location: string;
  description: string;
  status: WorkspaceEvent['status'];
  assigned_user_id: number | null;
  origin: WorkspaceEvent['origin'];
  outlook_type: string | null;
  series_master_id: string | null;
  recurrence: string | null;
  online_meeting: number;
  online_meeting_join_url: string | null;
  outlook_removed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};

/**
 * What an edit (here or from Outlook) sets: the contract's event fields, where those of a series
 * and an online meeting may be left out to keep what is stored, plus Outlook's event type.
 */
export type EventEdit = Omit<EventFields, OptionalOnEdit> & Partial<Pick<EventFields, OptionalOnEdit>> & { outlookType?: string | null };
type OptionalOnEdit = 'seriesMasterId' | 'recurrence' | 'onlineMeeting' | 'joinUrl';

export type StoredEvent = WorkspaceEvent & { version: number; deletedAt: string | null; outlookType: string | null };

export class EventStore {
  private readonly statement: StatementCache;

  constructor(private readonly db: DatabaseSync) {
    this.statement = cachedStatements(db);
  }

  find(id: number): StoredEvent | undefined {
    const row = this.statement('SELECT * FROM workspace_events WHERE id = ?').get(id) as EventRow | undefined;
    return row && this.toEvent(row);
  }

  list(filter: { userId?: number; kind?: EventKind; search?: string; from?: string; to?: string; limit: number }): {
    events: StoredEvent[];
    total: number;
  } {
    const where = ['deleted_at IS NULL'];
    const args: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (filter.userId !== undefined) add('assigned_user_id = ?', filter.userId);
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.search) add("(name LIKE ? ESCAPE '\\' OR location LIKE ? ESCAPE '\\')", like(filter.search), like(filter.search));
    if (filter.from) add('end_at >= ?', filter.from);
    if (filter.to) add('start_at < ?', filter.to);
    const clause = where.join(' AND ');
    const total = (this.statement(`SELECT COUNT(*) AS n FROM workspace_events WHERE ${clause}`).get(...args) as { n: number }).n;
    const rows = this.statement(`SELECT * FROM workspace_events WHERE ${clause} ORDER BY start_at, id LIMIT ?`).all(
      ...args,
      filter.limit,
    ) as EventRow[];
    return { events: rows.map((row) => this.toEvent(row)), total };
  }

  /**
   * Events a user's push may have to send: assigned to them, of the kinds they sync, in the window
   * (a series made here from its first day on), less those Outlook already has at their current
   * version. SQLite leaves those out, so a run after a first sync of thousands of events reads none
   * of them (the profile of a first sync showed most of its push reading every event just pulled).
   */
  pushCandidates(userId: number, kinds: readonly EventKind[], window: { start: string; end: string }): StoredEvent[] {
    const rows = this.statement(
      `SELECT e.* FROM workspace_events e LEFT JOIN calendar_links l ON l.event_id = e.id AND l.user_id = e.assigned_user_id
        WHERE e.assigned_user_id = ? AND e.deleted_at IS NULL AND e.kind IN (${kinds.map(() => '?').join(',')})
        AND (e.end_at >= ? OR (e.recurrence IS NOT NULL AND e.series_master_id IS NULL)) AND e.start_at < ?
        AND (l.event_id IS NULL OR l.outlook_event_id IS NULL OR e.version > l.synced_version)
        ORDER BY e.start_at, e.id`,
    ).all(userId, ...kinds, window.start.slice(0, 10), window.end) as EventRow[];
    return rows.map((row) => this.toEvent(row));
  }

  insert(fields: EventEdit, origin: WorkspaceEvent['origin'], at: Date): number {
    const stamp = at.toISOString();
    const result = this.statement(
      `INSERT INTO workspace_events (kind, name, start_at, end_at, all_day, time_zone, location, description, status, assigned_user_id, origin, outlook_type, series_master_id, recurrence, online_meeting, online_meeting_join_url, version, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ).run(
      ...editableColumns(fields),
      origin,
      fields.outlookType ?? null,
      fields.seriesMasterId ?? null,
      fields.recurrence ?? null,
      fields.onlineMeeting ? 1 : 0,
      fields.joinUrl ?? null,
      stamp,
      stamp,
    );
    const id = Number(result.lastInsertRowid);
    this.addAttendees(id, fields.attendees);
    return id;
  }

  /** Saves an edit and counts it as a new version; returns that version. */
  update(id: number, fields: EventEdit, at: Date | string): number {
    const stamp = typeof at === 'string' ? at : at.toISOString();
    this.statement(
      `UPDATE workspace_events SET kind = ?, name = ?, start_at = ?, end_at = ?, all_day = ?, time_zone = ?, location = ?, description = ?, status = ?, assigned_user_id = ?,
        outlook_type = COALESCE(?, outlook_type), series_master_id = COALESCE(?, series_master_id), recurrence = COALESCE(?, recurrence),
        online_meeting = COALESCE(?, online_meeting), online_meeting_join_url = COALESCE(?, online_meeting_join_url), outlook_removed_at = NULL, version = version + 1, updated_at = ? WHERE id = ?`,
    ).run(
      ...editableColumns(fields),
      fields.outlookType ?? null,
      fields.seriesMasterId ?? null,
      fields.recurrence ?? null,
      fields.onlineMeeting === undefined ? null : fields.onlineMeeting ? 1 : 0,
      fields.joinUrl ?? null,
      stamp,
      id,
    );
    this.setAttendees(id, fields.attendees);
    return this.find(id)!.version;
  }

  /** Sets or clears the pattern of a series made here (an edit keeps it otherwise). */
  setRecurrence(id: number, recurrence: string | null): void {
    this.statement('UPDATE workspace_events SET recurrence = ? WHERE id = ?').run(recurrence, id);
  }

  /** The join link Outlook made for an online meeting: Outlook's own answer, not an edit (no new version). */
  setJoinUrl(id: number, joinUrl: string): void {
    this.statement('UPDATE workspace_events SET online_meeting = 1, online_meeting_join_url = ? WHERE id = ?').run(joinUrl, id);
  }

  markDeleted(id: number, at: Date): void {
    this.statement('UPDATE workspace_events SET deleted_at = ?, version = version + 1, updated_at = ? WHERE id = ?').run(
      at.toISOString(),
      at.toISOString(),
      id,
    );
  }

  markRemovedInOutlook(id: number, at: Date): void {
    this.statement('UPDATE workspace_events SET outlook_removed_at = ? WHERE id = ?').run(at.toISOString(), id);
  }

  purge(id: number): void {
    this.statement('DELETE FROM workspace_events WHERE id = ?').run(id);
  }

  /** Ids of events that came from a user's Outlook and are still assigned to them. */
  fromOutlookOf(userId: number): number[] {
    return (
      this.statement("SELECT id FROM workspace_events WHERE origin = 'outlook' AND assigned_user_id = ?").all(userId) as { id: number }[]
    ).map((row) => row.id);
  }

  private setAttendees(eventId: number, attendees: readonly Attendee[]): void {
    this.statement('DELETE FROM workspace_event_attendees WHERE event_id = ?').run(eventId);
    this.addAttendees(eventId, attendees);
  }

  /** A new event has no attendees to replace: one statement per attendee, none to clear. */
  private addAttendees(eventId: number, attendees: readonly Attendee[]): void {
    const insert = this.statement(
      'INSERT OR IGNORE INTO workspace_event_attendees (event_id, email, name, kind, ref_id) VALUES (?, ?, ?, ?, NULL)',
    );
    for (const attendee of attendees) insert.run(eventId, attendee.email, attendee.name, attendee.kind);
  }

  private toEvent(row: EventRow): StoredEvent {
    const attendees = this.statement('SELECT email, name, kind FROM workspace_event_attendees WHERE event_id = ? ORDER BY rowid').all(
      row.id,
    ) as { email: string; name: string; kind: AttendeeKind }[];
    const linked = this.statement('SELECT 1 FROM calendar_links WHERE event_id = ? AND user_id = ? AND outlook_event_id IS NOT NULL').get(
      row.id,
      row.assigned_user_id ?? -1,
    );
    return {
      id: row.id,
      kind: row.kind,
      name: row.name,
      start: row.start_at,
      end: row.end_at,
      allDay: row.all_day === 1,
      timeZone: row.time_zone,
      location: row.location,
      description: row.description,
      status: row.status,
      assignedUserId: row.assigned_user_id,
      attendees: attendees.map((a) => ({ email: a.email, name: a.name, kind: a.kind })),
      origin: row.origin,
      seriesMasterId: row.series_master_id,
      recurrence: row.recurrence,
      onlineMeeting: row.online_meeting === 1,
      joinUrl: row.online_meeting_join_url,
      removedInOutlook: row.outlook_removed_at !== null,
      inOutlook: linked !== undefined,
      updatedAt: row.updated_at,
      version: row.version,
      deletedAt: row.deleted_at,
      outlookType: row.outlook_type,
    };
  }
}

function like(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The columns an edit sets, in the order both the INSERT and the UPDATE list them. */
function editableColumns(fields: EventEdit) {
  const { kind, name, start, end, allDay, timeZone, location, description, status, assignedUserId } = fields;
  return [kind, name, start, end, allDay ? 1 : 0, timeZone, location, description, status, assignedUserId] as const;
}
