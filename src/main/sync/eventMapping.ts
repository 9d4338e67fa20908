/** Outlook's event JSON ↔ the console's event fields. */
import type { Attendee, CalendarSettings, EventKind } from '../../shared/contract';
import type { GraphJson } from '../graph/graphMailbox';
import type { EventEdit, StoredEvent } from './eventStore';
import { isSeriesMadeHere, outlookRecurrence } from './seriesPattern';
import { dateInZone, parseGraphUtc, toIanaZone, toWindowsZone, wallTimeInZone } from './timeZones';

/** Where the console's record id rides on the events it creates (a named MAPI string property). */
export const workspaceIdProperty = 'String {3c6b5f0e-1d7a-4f2b-9e55-7a1f0c2d9b41} Name OutlookIntegrationConsoleEventId';
/** transactionId of a create: `oic-<event id>-<user id>-<nonce>`; recognised again after a reset. */
export const transactionPrefix = 'oic-';

/** Finds attendees among workspace users, contacts and leads by email. */
export type AttendeeDirectory = (email: string) => { kind: Exclude<Attendee['kind'], 'other'>; name?: string } | undefined;

function allDayDate(value: { dateTime: string }, originalZone: string | undefined): string {
  const instant = parseGraphUtc(value.dateTime);
  // Graph may send an all-day event as floating midnight or as the instant of midnight in the
  // event's own zone: a UTC midnight is the date itself, any other instant is read in that zone.
  if (new Date(instant).toISOString().slice(11, 19) === '00:00:00') return new Date(instant).toISOString().slice(0, 10);
  return dateInZone(instant, toIanaZone(originalZone));
}

export function kindForNewOutlookEvent(settings: CalendarSettings): EventKind {
  return settings.syncMeetings ? 'meeting' : 'call';
}

/** The console's fields for an Outlook event; the description only when Outlook created the event. */
export function fieldsFromOutlook(
  item: GraphJson,
  context: { existing?: StoredEvent; userId: number; kind: EventKind; directory: AttendeeDirectory; recurrence: string | null },
): EventEdit {
  const allDay = item.isAllDay === true;
  const zone = toIanaZone(item.originalStartTimeZone);
  const attendees: Attendee[] = ((item.attendees ?? []) as GraphJson[])
    .map((attendee) => attendee.emailAddress as { address?: string; name?: string })
    .filter((address) => address?.address)
    .map((address) => {
      const known = context.directory(address.address!);
      return { email: address.address!, name: address.name ?? known?.name ?? '', kind: known?.kind ?? 'other' };
    });
  const existing = context.existing;
  const fromOutlookSide = !existing || existing.origin === 'outlook';
  return {
    kind: existing?.kind ?? context.kind,
    name: String(item.subject ?? ''),
    start: allDay ? allDayDate(item.start, item.originalStartTimeZone) : new Date(parseGraphUtc(item.start.dateTime)).toISOString(),
    end: allDay
      ? allDayDate(item.end, item.originalEndTimeZone ?? item.originalStartTimeZone)
      : new Date(parseGraphUtc(item.end.dateTime)).toISOString(),
    allDay,
    timeZone: zone,
    location: String(item.location?.displayName ?? ''),
    description: fromOutlookSide ? bodyText(item.body) : existing.description,
    status: existing?.status ?? 'planned',
    assignedUserId: existing?.assignedUserId ?? context.userId,
    attendees,
    outlookType: item.type ?? 'singleInstance',
    seriesMasterId: item.seriesMasterId ?? null,
    recurrence: context.recurrence,
    onlineMeeting: item.isOnlineMeeting === true,
    joinUrl: (item.onlineMeeting as { joinUrl?: string } | null | undefined)?.joinUrl ?? null,
  };
}

function bodyText(body: { contentType?: string; content?: string } | undefined): string {
  const content = body?.content ?? '';
  if (body?.contentType !== 'html') return content;
  return content
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The Graph body for an event; the description only goes out for events created here. */
export function outlookPayload(event: StoredEvent, settings: CalendarSettings, onlineProvider: string | null = null): GraphJson {
  // Outlook takes Windows zone names (and only a documented list of IANA ones): always send Windows.
  // A series goes in its own zone's wall time, so Outlook repeats the local time across DST changes.
  const series = isSeriesMadeHere(event);
  const zone = event.allDay || series ? toWindowsZone(event.timeZone) : 'UTC';
  const time = (value: string) =>
    event.allDay
      ? { dateTime: `${value}T00:00:00`, timeZone: zone }
      : series
        ? { dateTime: wallTimeInZone(Date.parse(value), event.timeZone), timeZone: zone }
        : { dateTime: new Date(value).toISOString().slice(0, 19), timeZone: 'UTC' };
  const attendees = event.attendees
    .filter((attendee) => attendee.kind === 'user' || attendee.kind === 'other' || settings.sendContactAttendees)
    .map((attendee) => ({ type: 'required', emailAddress: { address: attendee.email, name: attendee.name || attendee.email } }));
  return {
    subject: event.name,
    ...(event.origin === 'console' ? { body: { contentType: 'text', content: event.description } } : {}),
    start: time(event.start),
    end: time(event.end),
    isAllDay: event.allDay,
    location: { displayName: event.location },
    attendees,
    ...(series ? { recurrence: outlookRecurrence(event) } : {}),
    ...(event.onlineMeeting && onlineProvider ? { isOnlineMeeting: true, onlineMeetingProvider: onlineProvider } : {}),
  };
}

/** What the losing side of a conflict looked like, for the record. */
export function snapshot(
  fields: Pick<EventEdit, 'name' | 'start' | 'end' | 'allDay' | 'location' | 'description'>,
): Record<string, unknown> {
  return {
    name: fields.name,
    start: fields.start,
    end: fields.end,
    allDay: fields.allDay,
    location: fields.location,
    description: fields.description,
  };
}
