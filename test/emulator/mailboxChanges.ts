// Every change to a mailbox's events, shared by Graph's handlers and by the "another Outlook
// client" API, so both bump change keys and feed delta queries the same way.
import { randomBytes } from 'node:crypto';
import type { EmulatorClock } from './clock.ts';
import { newChangeKey, newItemId } from './ids.ts';
import { findInstance } from './graph/instances.ts';
import { validateRecurrence } from './graph/recurrence.ts';
import { parseDateTime, toIana } from './graph/timezones.ts';
import {
  defaultEventFields,
  type EventFields,
  type Calendar,
  type ExtendedProperty,
  type Mailbox,
  type Recurrence,
  type StoredEvent,
  type User,
} from './store.ts';

export type EventInput = Partial<EventFields> & {
  recurrence?: Recurrence | null;
  transactionId?: string | null;
  singleValueExtendedProperties?: ExtendedProperty[];
};

const WRITABLE = Object.keys(defaultEventFields()) as Array<keyof EventFields>;

/** A write Graph refuses with 400; `code` is the error code Graph answers with. */
export class InvalidEventError extends Error {
  readonly code: string;
  constructor(message: string, code = 'ErrorInvalidRequest') {
    super(message);
    this.code = code;
  }
}

/** A transactionId already used for a create with another body (publicly reported, see docs/graph-fidelity.md). */
export class DuplicateTransactionError extends InvalidEventError {
  constructor() {
    super('A different item was already created with this transactionId.', 'ErrorDuplicateTransactionId');
  }
}

function pickFields(input: EventInput): Partial<EventFields> {
  const fields: Partial<EventFields> = {};
  for (const key of WRITABLE) if (key in input) (fields as Record<string, unknown>)[key] = input[key];
  return fields;
}

/**
 * The recurrenceRange page: startDate "must be the same value as the start property of the
 * recurring event" — the date of the start's wall time in its own zone. Refused otherwise
 * (stricter than a service that might shift the series silently).
 */
function checkRecurrence(recurrence: Recurrence, fields: EventFields): void {
  const problem = validateRecurrence(recurrence);
  if (problem) throw new InvalidEventError(problem);
  const startDay = fields.start.dateTime.slice(0, 10);
  if (recurrence.range.startDate !== startDay)
    throw new InvalidEventError(
      `The recurrence range startDate '${recurrence.range.startDate}' must be the date of the event's start (${startDay}).`,
      'ErrorPropertyValidationFailure',
    );
}

/**
 * "Create or set an event as an online meeting in an Outlook calendar": setting isOnlineMeeting
 * (or onlineMeetingProvider) makes Graph initialise onlineMeeting with the calendar's provider;
 * afterwards Outlook ignores changes to isOnlineMeeting and the meeting stays online. A provider
 * the calendar does not allow is refused (400, our choice: stricter than a silent ignore).
 */
function goOnline(event: StoredEvent, calendar: Calendar | undefined): void {
  const fields = event.fields;
  if (event.onlineMeeting) {
    fields.isOnlineMeeting = true;
    return;
  }
  if (!fields.isOnlineMeeting && fields.onlineMeetingProvider === 'unknown') return;
  const allowed = (calendar?.allowedOnlineMeetingProviders ?? ['teamsForBusiness']).filter((provider) => provider !== 'unknown');
  const provider =
    fields.onlineMeetingProvider !== 'unknown'
      ? fields.onlineMeetingProvider
      : (calendar?.defaultOnlineMeetingProvider ?? 'teamsForBusiness');
  if (!allowed.includes(provider))
    throw new InvalidEventError(
      `The online meeting provider '${provider}' is not allowed for this calendar (allowedOnlineMeetingProviders: ${allowed.length ? allowed.join(', ') : 'none'}).`,
      'ErrorInvalidArgument',
    );
  fields.isOnlineMeeting = true;
  fields.onlineMeetingProvider = provider;
  const meetingId = randomBytes(24).toString('base64url');
  event.onlineMeeting = {
    joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${meetingId}%40thread.v2/0`,
    conferenceId: String(100_000_000 + (randomBytes(4).readUInt32BE() % 900_000_000)),
  };
}

function checkTimes(fields: EventFields): void {
  for (const zone of [fields.start.timeZone, fields.end.timeZone]) {
    if (!toIana(zone))
      throw new InvalidEventError(
        `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`,
        'TimeZoneNotSupportedException',
      );
  }
  const start = parseDateTime(fields.start.dateTime, fields.start.timeZone);
  const end = parseDateTime(fields.end.dateTime, fields.end.timeZone);
  if (start === null || end === null) throw new InvalidEventError('start and end need a dateTime and a known timeZone.');
  if (end < start) throw new InvalidEventError('The end of an event must not be before its start.');
}

/** The create body with its keys sorted, to tell a repeated create from another one with the same transactionId. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function mergeExtended(current: ExtendedProperty[], incoming: ExtendedProperty[] | undefined): ExtendedProperty[] {
  if (!incoming) return current;
  const merged = current.filter((p) => !incoming.some((n) => n.id.toLowerCase() === p.id.toLowerCase()));
  return [...merged, ...incoming.map((p) => ({ id: p.id, value: String(p.value) }))];
}

export class MailboxChanges {
  private readonly clock: EmulatorClock;
  constructor(clock: EmulatorClock) {
    this.clock = clock;
  }

  private stamp(): string {
    return this.clock.date().toISOString().replace('Z', '0000Z');
  }

  createEvent(mailbox: Mailbox, owner: User, calendarId: string, input: EventInput): { event: StoredEvent; existed: boolean } {
    const createBody = canonicalJson(input);
    if (input.transactionId) {
      for (const event of mailbox.events.values()) {
        if (event.transactionId !== input.transactionId) continue;
        if (event.createBody !== createBody) throw new DuplicateTransactionError();
        return { event, existed: true };
      }
    }
    const fields = { ...defaultEventFields(), ...pickFields(input) };
    checkTimes(fields);
    if (input.recurrence) checkRecurrence(input.recurrence, fields);
    const now = this.stamp();
    const event: StoredEvent = {
      id: newItemId(),
      calendarId,
      iCalUId: `040000008200E00074C5B7101A82E00800000000${randomBytes(28).toString('hex').toUpperCase()}`,
      changeKey: newChangeKey(),
      createdDateTime: now,
      lastModifiedDateTime: now,
      transactionId: input.transactionId ?? null,
      createBody,
      fields,
      isCancelled: false,
      recurrence: input.recurrence ?? null,
      exceptions: new Map(),
      cancelledOccurrences: new Set(),
      extendedProperties: mergeExtended([], input.singleValueExtendedProperties),
      organizer: { name: owner.displayName, address: owner.userPrincipalName },
    };
    goOnline(
      event,
      mailbox.calendars.find((c) => c.id === calendarId),
    );
    mailbox.events.set(event.id, event);
    return { event, existed: false };
  }

  /** PATCH an event, a series (changes every occurrence) or one occurrence (which becomes an exception). */
  updateEvent(mailbox: Mailbox, id: string, input: EventInput): string | null {
    const instance = findInstance(mailbox, id);
    if (!instance) return null;
    const master = instance.master;
    const fields = pickFields(input);
    if (instance.type === 'occurrence' || instance.type === 'exception') {
      const original = instance.originalStart!;
      const previous = master.exceptions.get(original);
      const merged = { ...(previous?.fields ?? {}), ...fields };
      checkTimes({ ...master.fields, ...merged });
      master.exceptions.set(original, { id: instance.id, changeKey: newChangeKey(), fields: merged, lastModified: this.stamp() });
      return instance.id;
    }
    const next = { ...master.fields, ...fields };
    checkTimes(next);
    if (input.recurrence && master.recurrence) checkRecurrence(input.recurrence, next);
    const online = { ...master, fields: next };
    goOnline(
      online,
      mailbox.calendars.find((c) => c.id === master.calendarId),
    );
    master.fields = next;
    master.onlineMeeting = online.onlineMeeting;
    if (input.recurrence !== undefined && master.recurrence) master.recurrence = input.recurrence;
    master.extendedProperties = mergeExtended(master.extendedProperties, input.singleValueExtendedProperties);
    this.touch(master);
    return master.id;
  }

  /** DELETE or cancel: a whole event/series, or a single occurrence of a series. */
  deleteEvent(mailbox: Mailbox, id: string): boolean {
    const instance = findInstance(mailbox, id);
    if (!instance) return false;
    if (instance.originalStart) {
      instance.master.exceptions.delete(instance.originalStart);
      instance.master.cancelledOccurrences.add(instance.originalStart);
      return true;
    }
    return mailbox.events.delete(instance.master.id);
  }

  moveEvent(mailbox: Mailbox, id: string, calendarId: string): boolean {
    const event = mailbox.events.get(id);
    if (!event || !mailbox.calendars.some((c) => c.id === calendarId)) return false;
    event.calendarId = calendarId;
    this.touch(event);
    return true;
  }

  private touch(event: StoredEvent): void {
    event.changeKey = newChangeKey();
    event.lastModifiedDateTime = this.stamp();
  }
}
