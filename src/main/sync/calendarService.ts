/** What the Calendar page and the calendar settings panel do: events, settings, Sync now, Reset. */
import type { z } from 'zod';
import {
  ContractError,
  eventFilterSchema,
  type CalendarSettings,
  type eventInputSchema,
  type FileDelivery,
  type IcsImportPreview,
  type SyncOutcomeView,
  type WorkspaceEvent,
} from '../../shared/contract';
import type { AccessService } from '../access/accessService';
import { inTransaction } from '../store/transaction';
import type { GraphAccessProvider } from '../graph/graphAccess';
import { calendarSyncJobId, syncOneUser } from './calendarSyncJob';
import type { JobScheduler } from '../jobs/jobScheduler';
import { explainGraphFailure } from '../graph/graphErrors';
import { GraphMailbox } from '../graph/graphMailbox';
import { MailboxGate } from '../graph/mailboxGate';
import { defaultRetryPolicy } from '../graph/retryPolicy';
import type { Logger } from '../logs/logService';
import type { CalendarSyncEngine } from './calendarSyncEngine';
import type { StoredEvent } from './eventStore';
import { storedRecurrence } from './seriesPattern';
import { iCalendarFile, type DeliverFile } from '../files/fileTypes';

export type CalendarServiceOptions = {
  engine: CalendarSyncEngine;
  access: Pick<AccessService, 'getUser' | 'requireScope'>;
  graphAccess: GraphAccessProvider;
  /** Sync now runs through the scheduler: in the job history, never beside another run of the job. */
  jobs: Pick<JobScheduler, 'runPartNow' | 'detail'>;
  now: () => Date;
  log: Logger;
  /** A file for the administrator: a save dialog in desktop, a download link in headless. */
  deliverFile: DeliverFile;
  onChange: () => void;
};

/**
 * The pattern to keep for a save: undefined leaves it as it is (an occurrence of a series keeps
 * its series' pattern). Outlook cannot turn a single event into a series or back, so an event
 * already in Outlook keeps what it is there.
 */
function seriesPatternFor(
  input: z.output<typeof eventInputSchema>,
  existing: StoredEvent | undefined,
  event: { start: string; allDay: boolean; timeZone: string },
): string | null | undefined {
  if (existing?.seriesMasterId) return undefined;
  const inOutlook = existing?.inOutlook === true;
  if (input.recurrence) {
    if (inOutlook && !existing.recurrence)
      throw refusedPattern(
        '"Repeats" cannot be added to an event already in Outlook as a single event. Create the series as a new event, then delete this one.',
      );
    return storedRecurrence(input.recurrence, event);
  }
  if (inOutlook && existing.recurrence)
    throw refusedPattern(
      'This series is in Outlook: it cannot become a single event. Delete the series and create a single event instead.',
    );
  return null;
}

function refusedPattern(message: string): ContractError {
  return new ContractError('VALIDATION', message, [{ field: 'recurrence', message }]);
}

const publicView = (event: StoredEvent): WorkspaceEvent => {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- internal bookkeeping stays in main.
  const { version, deletedAt, outlookType, ...view } = event;
  return view;
};

export class CalendarService {
  constructor(private readonly options: CalendarServiceOptions) {}

  list(filter: z.output<typeof eventFilterSchema>): { events: WorkspaceEvent[]; total: number } {
    const { events, total } = this.options.engine.events.list(filter);
    return { events: events.map(publicView), total };
  }

  get(id: number): WorkspaceEvent {
    return publicView(this.find(id));
  }

  save(input: z.output<typeof eventInputSchema>): WorkspaceEvent {
    const { engine, now } = this.options;
    if (input.assignedUserId !== null) this.options.access.getUser(input.assignedUserId);
    const attendees = this.attendees(input.attendees);
    const start = input.allDay ? input.start : new Date(input.start).toISOString();
    const end = input.allDay ? input.end : new Date(input.end).toISOString();
    const existing = input.id === undefined ? undefined : this.find(input.id);
    const recurrence = seriesPatternFor(input, existing, { start, allDay: input.allDay, timeZone: input.timeZone });
    const fields = { ...input, start, end, attendees, recurrence: recurrence ?? null };
    const id = inTransaction(engine.db, () => {
      if (!existing) return engine.events.insert(fields, 'console', now());
      engine.events.update(existing.id, fields, now());
      if (recurrence !== undefined) engine.events.setRecurrence(existing.id, recurrence);
      return existing.id;
    });
    this.options.onChange();
    return this.get(id);
  }

  delete(id: number): void {
    const event = this.find(id);
    const { engine, now } = this.options;
    // Never sent to Outlook: gone at once. Otherwise the next sync of each calendar removes it there first.
    if (engine.records.linksOfEvent(event.id).length === 0) engine.events.purge(event.id);
    else engine.events.markDeleted(event.id, now());
    this.options.onChange();
  }

  settings(userId: number): CalendarSettings {
    this.options.access.getUser(userId);
    return this.options.engine.records.settings(userId);
  }

  saveSettings(next: CalendarSettings): CalendarSettings {
    this.options.access.getUser(next.userId);
    const { records } = this.options.engine;
    const before = records.settings(next.userId);
    records.saveSettings(next, this.options.now());
    if (before.calendarId !== next.calendarId) {
      // Another calendar: what was linked lives in the old one. Start over there, keeping events here.
      this.options.engine.reset(next.userId, 'keep');
    } else if (before.syncSince !== next.syncSince) {
      // Another window: a full resync over it; events already here are matched by Outlook id.
      records.saveState(next.userId, { ...records.state(next.userId), deltaLink: null });
    }
    this.options.onChange();
    return records.settings(next.userId);
  }

  async calendars(userId: number): Promise<Array<{ id: string; name: string; isDefault: boolean }>> {
    const access = await this.options.graphAccess(userId);
    if (!access) throw new ContractError('CONFLICT', 'This user has no Outlook account connected: connect one on the Accounts page first.');
    const box = new GraphMailbox({ userId, access, gate: new MailboxGate(), policy: defaultRetryPolicy });
    try {
      const answer = await box.get('/me/calendars?$select=id,name,isDefaultCalendar');
      return (answer.value as Array<{ id: string; name: string; isDefaultCalendar?: boolean }>).map((c) => ({
        id: c.id,
        name: c.name,
        isDefault: c.isDefaultCalendar === true,
      }));
    } catch (error) {
      throw new ContractError('CONFLICT', `The calendars could not be read from Outlook. ${explainGraphFailure(error)}`);
    }
  }

  async syncNow(userId: number): Promise<SyncOutcomeView> {
    const user = this.options.access.requireScope(userId, 'outlookCalendar');
    const empty = { created: 0, updated: 0, deleted: 0 };
    const { engine, jobs } = this.options;
    try {
      const run = await jobs.runPartNow(calendarSyncJobId, syncOneUser(engine.task(user), engine.source()));
      if (run.status === 'skipped') {
        return {
          status: 'skipped',
          summary: `${user.name}'s calendar was not synced now: a run of Outlook Calendar Sync is in progress, and only one runs at a time. This Sync now is recorded as skipped in the job history; try again when that run has finished.`,
          toOutlook: empty,
          fromOutlook: empty,
          errors: [],
          notes: [],
        };
      }
      const result = jobs.detail(run.id)?.users[0];
      if (!result)
        return {
          status: 'failed',
          summary: `${user.name}: the sync did not finish. ${run.summary}`,
          toOutlook: empty,
          fromOutlook: empty,
          errors: [],
          notes: [],
        };
      const { toOutlook, fromOutlook, errors, notes } = result;
      if (result.status === 'failed')
        return {
          status: 'failed',
          summary: `${user.name}: the sync failed. ${errors[0]?.explanation ?? ''}`.trim(),
          toOutlook,
          fromOutlook,
          errors,
          notes,
        };
      const words = (c: typeof empty) => `${c.created} created, ${c.updated} updated, ${c.deleted} deleted`;
      return {
        status: result.status,
        summary: `${user.name}: in Outlook ${words(toOutlook)}; from Outlook ${words(fromOutlook)}.${notes.length > 0 ? ` ${notes.join(' ')}` : ''}`,
        toOutlook,
        fromOutlook,
        errors,
        notes,
      };
    } finally {
      this.options.onChange();
    }
  }

  reset(userId: number, existingEvents: 'keep' | 'removeFromOutlookCopies'): { removedEvents: number } {
    this.options.access.getUser(userId);
    const removedEvents = this.options.engine.reset(userId, existingEvents);
    this.options.log.notice(
      `Calendar sync of user ${userId} was reset: delta link and mappings forgotten${removedEvents ? `, ${removedEvents} events from Outlook removed here` : ''}.`,
      { userId },
    );
    this.options.onChange();
    return { removedEvents };
  }

  async exportIcs(input: {
    filter?: z.input<typeof eventFilterSchema>;
    eventId?: number;
  }): Promise<{ fileName: string; count: number; delivery: FileDelivery }> {
    const events =
      input.eventId !== undefined ? [this.get(input.eventId)] : this.list(eventFilterSchema.parse({ limit: 5000, ...input.filter })).events;
    const organiser = (userId: number) => {
      try {
        return this.options.access.getUser(userId);
      } catch {
        return undefined; // a user removed since: the event is exported without an organiser
      }
    };
    const day = this.options.now().toISOString().slice(0, 10);
    const fileName = input.eventId !== undefined ? `event-${input.eventId}-${day}.ics` : `calendar-${day}.ics`;
    const { toICalendar } = await import('./icalendar');
    const delivery = await this.options.deliverFile(
      fileName,
      new TextEncoder().encode(toICalendar(events, organiser, this.options.now())),
      iCalendarFile,
    );
    if (delivery.kind !== 'cancelled')
      this.options.log.info(`${events.length} events exported as iCalendar (${fileName}).`, { delivery: delivery.kind });
    return { fileName, count: events.length, delivery };
  }

  // iCalendar (ical.js) loads with the first import or export, not at start.
  async previewIcsImport(text: string): Promise<IcsImportPreview> {
    const { readICalendar } = await import('./icalendar');
    const { items, fileErrors } = readICalendar(text);
    const rows = items.map((item) => ({
      number: item.number,
      name: item.name,
      status: item.event ? ('ready' as const) : ('error' as const),
      errors: item.errors,
      start: item.event?.start ?? null,
      end: item.event?.end ?? null,
      allDay: item.event?.allDay ?? false,
      repeats: Boolean(item.event?.recurrence),
    }));
    const ready = rows.filter((row) => row.status === 'ready').length;
    return { fileErrors, items: rows, counts: { ready, error: rows.length - ready } };
  }

  /** Writes the events the preview showed ready, all or none; the file is read again, so what is written is what was shown. */
  async importIcs(text: string, assignedUserId: number | null): Promise<{ created: number; skipped: number }> {
    if (assignedUserId !== null) this.options.access.getUser(assignedUserId);
    const { readICalendar } = await import('./icalendar');
    const { items, fileErrors } = readICalendar(text);
    if (fileErrors.length > 0) throw new ContractError('VALIDATION', fileErrors[0], [{ field: 'text', message: fileErrors[0] }]);
    const ready = items.flatMap((item) => (item.event ? [item.event] : []));
    const { engine, now } = this.options;
    inTransaction(engine.db, () => {
      for (const event of ready)
        engine.events.insert({ ...event, status: 'planned', assignedUserId, attendees: this.attendees(event.attendees) }, 'console', now());
    });
    this.options.log.notice(
      `${ready.length} events imported from an iCalendar file${items.length > ready.length ? `; ${items.length - ready.length} with errors skipped` : ''}.`,
    );
    this.options.onChange();
    return { created: ready.length, skipped: items.length - ready.length };
  }

  private attendees(emails: readonly string[]) {
    return emails.map((email) => {
      const known = this.options.engine.directory(email);
      return { email, name: known?.name ?? '', kind: known?.kind ?? ('other' as const) };
    });
  }

  private find(id: number): StoredEvent {
    const event = this.options.engine.events.find(id);
    if (!event || event.deletedAt)
      throw new ContractError('NOT_FOUND', `There is no event with id ${id}: it may have been deleted. Reload the Calendar page.`);
    return event;
  }
}
