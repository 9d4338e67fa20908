// The event resource as Graph returns it: property names, order and annotations of the documented
// examples. Times are in UTC unless the request prefers another zone (Prefer: outlook.timezone).
import type { User } from '../store.ts';
import type { EventInstance } from './instances.ts';
import { formatInZone, toWindows } from './timezones.ts';
import { normalisedRecurrence } from './recurrence.ts';

export type ExpandOptions = { extendedPropertyFilter: ((id: string) => boolean) | null } | null;

function bodyPreview(content: string): string {
  return content
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255);
}

export function eventJson(
  instance: EventInstance,
  owner: User,
  zone: string | null,
  expand: ExpandOptions,
  contextUrl?: string,
): Record<string, unknown> {
  const f = instance.fields;
  const outZone = zone ?? 'UTC';
  const master = instance.master;
  const json: Record<string, unknown> = {
    '@odata.etag': `W/"${instance.changeKey}"`,
    id: instance.id,
    createdDateTime: master.createdDateTime,
    lastModifiedDateTime: instance.lastModifiedDateTime,
    changeKey: instance.changeKey,
    categories: f.categories,
    // Graph leaves transactionId out of events created without one (and of occurrences).
    ...(master.transactionId && (instance.type === 'singleInstance' || instance.type === 'seriesMaster')
      ? { transactionId: master.transactionId }
      : {}),
    originalStartTimeZone: toWindows(f.start.timeZone) ?? f.start.timeZone,
    originalEndTimeZone: toWindows(f.end.timeZone) ?? f.end.timeZone,
    iCalUId: master.iCalUId,
    uid: master.iCalUId,
    reminderMinutesBeforeStart: f.reminderMinutesBeforeStart,
    isReminderOn: f.isReminderOn,
    hasAttachments: false,
    subject: f.subject,
    bodyPreview: bodyPreview(f.body.content),
    importance: f.importance,
    sensitivity: f.sensitivity,
    isAllDay: f.isAllDay,
    isCancelled: master.isCancelled,
    isOrganizer: master.organizer.address.toLowerCase() === owner.userPrincipalName.toLowerCase(),
    responseRequested: f.responseRequested,
    seriesMasterId: instance.type === 'occurrence' || instance.type === 'exception' ? master.id : null,
    showAs: f.showAs,
    type: instance.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(instance.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: f.isOnlineMeeting,
    onlineMeetingProvider: f.onlineMeetingProvider,
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    body: f.body,
    start: formatInZone(instance.startUtc, outZone),
    end: formatInZone(instance.endUtc, outZone),
    location: {
      displayName: f.location.displayName,
      locationType: f.location.locationType ?? 'default',
      uniqueIdType: 'unknown',
      address: {},
      coordinates: {},
    },
    locations: f.location.displayName ? [{ displayName: f.location.displayName, locationType: 'default', uniqueIdType: 'unknown' }] : [],
    recurrence:
      instance.type === 'seriesMaster' && master.recurrence ? normalisedRecurrence(master.recurrence, master.fields.start.timeZone) : null,
    attendees: f.attendees.map((a) => ({
      type: a.type,
      status: a.status ?? { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: a.emailAddress,
    })),
    organizer: { emailAddress: master.organizer },
    onlineMeeting: master.onlineMeeting
      ? { ...master.onlineMeeting, phones: [], quickDial: null, tollFreeNumbers: [], tollNumber: null }
      : null,
  };
  if (instance.originalStart) {
    json.originalStart = instance.originalStart.replace('.000Z', 'Z');
  }
  if (expand) {
    const filter = expand.extendedPropertyFilter;
    json.singleValueExtendedProperties = master.extendedProperties.filter((p) => !filter || filter(p.id));
  }
  return contextUrl ? { '@odata.context': contextUrl, ...json } : json;
}

/**
 * An occurrence as calendarView/delta returns it: only these properties; its subject, body,
 * location, attendees and the rest are the series master's, to be read from the master.
 */
export function deltaOccurrenceJson(instance: EventInstance, zone: string | null): Record<string, unknown> {
  const outZone = zone ?? 'UTC';
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${instance.changeKey}"`,
    id: instance.id,
    seriesMasterId: instance.master.id,
    type: instance.type,
    start: formatInZone(instance.startUtc, outZone),
    end: formatInZone(instance.endUtc, outZone),
  };
}

/** `$select=a,b` → the property names, or null when absent. */
export function parseSelect(select: string | null): string[] | null {
  if (!select) return null;
  return select
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Keeps the selected properties; Graph always keeps the context, the etag and the id. */
export function selectProperties(json: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return json;
  const wanted = new Set(
    ['@odata.context', '@odata.etag', 'id', ...select.map((name) => name.toLowerCase())].map((name) => name.toLowerCase()),
  );
  return Object.fromEntries(Object.entries(json).filter(([key]) => wanted.has(key.toLowerCase())));
}

/**
 * Parses `$expand=singleValueExtendedProperties($filter=id eq '…')` (also `or`-joined ids).
 * Returns null when nothing is expanded; Graph returns extended properties only when asked.
 */
export function parseExpand(expand: string | null): ExpandOptions | 'invalid' {
  if (!expand) return null;
  const m = /^singleValueExtendedProperties(?:\(\$filter=(.+)\))?$/i.exec(expand.trim());
  if (!m) return 'invalid';
  if (!m[1]) return { extendedPropertyFilter: null };
  const ids = [...m[1].matchAll(/id\s+eq\s+'([^']+)'/gi)].map((x) => x[1].toLowerCase());
  if (ids.length === 0) return 'invalid';
  return { extendedPropertyFilter: (id) => ids.includes(id.toLowerCase()) };
}
