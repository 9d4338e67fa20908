/**
 * Workspace events as iCalendar (RFC 5545) through ical.js, and back. Timed events are written in
 * UTC, all-day events as dates (the end exclusive, as stored); the event's own time zone travels
 * in an X- property so a round trip keeps it. Reading checks each VEVENT on its own, so one bad
 * event is reported by name and number without spoiling the rest of the file.
 */
import ICAL from 'ical.js';
import { eventInputSchema, type EventFields, type EventKind, type WorkspaceEvent } from '../../shared/contract';
import { recurrenceFromRrule, rruleFromRecurrence, UnsupportedRecurrence } from './icalRecurrence';
import { ianaZoneOf } from './timeZones';

const productId = '-//Outlook Integration Console//Calendar export//EN';
const timeZoneProperty = 'x-outlook-console-timezone';

export type ICalendarPerson = { name: string; email: string };

export function toICalendar(
  events: readonly WorkspaceEvent[],
  organiser: (userId: number) => ICalendarPerson | undefined,
  now: Date,
): string {
  const calendar = new ICAL.Component(['vcalendar', [], []]);
  calendar.addPropertyWithValue('prodid', productId);
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('calscale', 'GREGORIAN');
  const stamp = ICAL.Time.fromJSDate(now, true);
  for (const event of events) calendar.addSubcomponent(toVevent(event, organiser, stamp));
  return `${calendar.toString()}\r\n`;
}

function toVevent(event: WorkspaceEvent, organiser: (userId: number) => ICalendarPerson | undefined, stamp: ICAL.Time): ICAL.Component {
  const vevent = new ICAL.Component('vevent');
  vevent.addPropertyWithValue('uid', `workspace-event-${event.id}@outlook-integration-console`);
  vevent.addPropertyWithValue('dtstamp', stamp);
  vevent.addPropertyWithValue('dtstart', eventTime(event.start, event.allDay));
  vevent.addPropertyWithValue('dtend', eventTime(event.end, event.allDay));
  vevent.addPropertyWithValue('summary', event.name);
  if (event.location) vevent.addPropertyWithValue('location', event.location);
  if (event.description) vevent.addPropertyWithValue('description', event.description);
  vevent.addPropertyWithValue('categories', event.kind === 'call' ? 'Call' : 'Meeting');
  vevent.addPropertyWithValue(timeZoneProperty, event.timeZone);
  // An occurrence of an Outlook series is one dated instance: writing the series' rule on each would multiply them.
  const rule = event.seriesMasterId ? null : rruleFromRecurrence(event.recurrence);
  if (rule) vevent.addPropertyWithValue('rrule', rule);
  if (event.joinUrl) {
    // RFC 7986's CONFERENCE carries the join link for any client; Outlook's own export names it so too.
    const conference = vevent.addPropertyWithValue('conference', event.joinUrl);
    conference.setParameter('value', 'URI');
    conference.setParameter('feature', 'VIDEO');
    conference.setParameter('label', 'Join the online meeting');
    vevent.addPropertyWithValue('x-microsoft-skypeteamsmeetingurl', event.joinUrl);
  }
  const owner = event.assignedUserId === null ? undefined : organiser(event.assignedUserId);
  if (owner) vevent.addPropertyWithValue('organizer', `mailto:${owner.email}`).setParameter('cn', owner.name);
  for (const attendee of event.attendees) {
    const property = vevent.addPropertyWithValue('attendee', `mailto:${attendee.email}`);
    if (attendee.name) property.setParameter('cn', attendee.name);
  }
  return vevent;
}

function eventTime(value: string, allDay: boolean): ICAL.Time {
  return allDay ? ICAL.Time.fromDateString(value) : ICAL.Time.fromJSDate(new Date(value), true);
}

/**
 * One event as read from a file, ready for `calendar.saveEvent`'s checks, with its repeat rule:
 * the event fields a file carries. Its attendees are bare addresses until the directory names
 * them, and its status and user are chosen when the import is confirmed.
 */
export type ImportedEvent = Pick<
  EventFields,
  'kind' | 'name' | 'start' | 'end' | 'allDay' | 'timeZone' | 'location' | 'description' | 'recurrence'
> & { attendees: string[] };

export type ImportItem = { number: number; name: string; uid: string | null; errors: string[]; event: ImportedEvent | null };

/** Every VEVENT of the text in order, each with its errors in plain words; `fileErrors` when the text is no calendar at all. */
export function readICalendar(text: string): { items: ImportItem[]; fileErrors: string[] } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text.trim()) as unknown[]);
  } catch (error) {
    return {
      items: [],
      fileErrors: [`The file is not an iCalendar (.ics) file: ${(error as Error).message}. Export it again from the calendar program.`],
    };
  }
  if (root.name !== 'vcalendar')
    return { items: [], fileErrors: ['The file does not start with BEGIN:VCALENDAR: it is not an iCalendar (.ics) file.'] };
  const zones = new Map(
    root.getAllSubcomponents('vtimezone').map((component) => {
      const zone = new ICAL.Timezone(component);
      return [zone.tzid, zone] as const;
    }),
  );
  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length === 0) return { items: [], fileErrors: ['The file holds no events (no VEVENT).'] };
  return { items: vevents.map((vevent, index) => readVevent(vevent, index + 1, zones)), fileErrors: [] };
}

function readVevent(vevent: ICAL.Component, number: number, zones: Map<string, ICAL.Timezone>): ImportItem {
  const text = (name: string) => {
    const value = vevent.getFirstPropertyValue(name);
    return value === null || value === undefined ? '' : String(value).trim();
  };
  const name = text('summary');
  const uid = text('uid') || null;
  const item: ImportItem = { number, name: name || `Event ${number}`, uid, errors: [], event: null };
  if (vevent.hasProperty('recurrence-id')) {
    item.errors.push(
      'It is a changed occurrence of a repeating event (RECURRENCE-ID); import the series and change the occurrence here instead.',
    );
    return item;
  }
  const start = readTime(vevent, 'dtstart', zones, item.errors);
  let end = readTime(vevent, 'dtend', zones, item.errors);
  if (!vevent.hasProperty('dtstart')) item.errors.push('It has no start (DTSTART).');
  if (start && !end && !vevent.hasProperty('dtend')) {
    const duration = vevent.getFirstPropertyValue('duration') as ICAL.Duration | null;
    const endTime = start.time.clone();
    if (duration) endTime.addDuration(duration);
    else if (start.allDay) endTime.day += 1; // RFC 5545: a date start without end lasts one day
    end = { ...start, time: endTime, value: start.allDay ? endTime.toString().slice(0, 10) : endTime.toJSDate().toISOString() };
  }
  if (start && end && start.allDay !== end.allDay) item.errors.push('Its start and end mix a date with a date and time.');
  if (!start || !end || item.errors.length > 0) return item;

  let recurrence: string | null = null;
  const rule = vevent.getFirstPropertyValue('rrule') as ICAL.Recur | null;
  if (rule) {
    try {
      recurrence = recurrenceFromRrule(rule, start.localDate);
    } catch (error) {
      if (!(error instanceof UnsupportedRecurrence)) throw error;
      item.errors.push(`It cannot be imported as a repeating event: ${error.message}`);
      return item;
    }
  }
  const categories = vevent.getAllProperties('categories').flatMap((property) => property.getValues().map(String));
  const kind: EventKind = categories.some((category) => /^call$/i.test(category.trim())) ? 'call' : 'meeting';
  const attendees = vevent.getAllProperties('attendee').map((property) =>
    String(property.getFirstValue())
      .replace(/^mailto:/i, '')
      .trim(),
  );
  const timeZone = text(timeZoneProperty) || start.zone;
  const candidate = {
    kind,
    name,
    start: start.value,
    end: end.value,
    allDay: start.allDay,
    timeZone,
    location: text('location'),
    description: text('description'),
    attendees,
    assignedUserId: null,
  };
  const checked = eventInputSchema.safeParse(candidate);
  if (!checked.success) {
    item.errors.push(
      ...checked.error.issues.map((issue) => `${fieldWords[String(issue.path[0])] ?? String(issue.path[0])}: ${issue.message}`),
    );
    return item;
  }
  const { assignedUserId: _unused, ...fields } = checked.data; // eslint-disable-line @typescript-eslint/no-unused-vars -- chosen on confirming
  item.event = { ...fields, attendees: checked.data.attendees, recurrence };
  return item;
}

const fieldWords: Record<string, string> = {
  name: 'Name (SUMMARY)',
  start: 'Start (DTSTART)',
  end: 'End (DTEND)',
  timeZone: 'Time zone',
  location: 'Location',
  description: 'Description',
  attendees: 'Attendees (ATTENDEE)',
};

type ReadTime = { time: ICAL.Time; allDay: boolean; value: string; localDate: string; zone: string };

function readTime(vevent: ICAL.Component, name: 'dtstart' | 'dtend', zones: Map<string, ICAL.Timezone>, errors: string[]): ReadTime | null {
  const property = vevent.getFirstProperty(name);
  if (!property) return null;
  const time = property.getFirstValue() as ICAL.Time;
  const label = name === 'dtstart' ? 'start (DTSTART)' : 'end (DTEND)';
  if (!(time instanceof ICAL.Time)) {
    errors.push(`Its ${label} is not a date or date and time.`);
    return null;
  }
  const localDate = time.toString().slice(0, 10);
  if (time.isDate) return { time, allDay: true, value: localDate, localDate, zone: 'UTC' };
  const tzid = property.getParameter('tzid') as string | undefined;
  if (time.zone === ICAL.Timezone.utcTimezone || !tzid) {
    // Floating times (no zone) are read as UTC: the file does not say where they are.
    return {
      time,
      allDay: false,
      value: new Date(Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second)).toISOString(),
      localDate,
      zone: 'UTC',
    };
  }
  const iana = ianaZoneOf(tzid) ?? (/^(utc|gmt|z)$/i.test(tzid) ? 'UTC' : null);
  if (iana) return { time, allDay: false, value: new Date(wallTimeToUtc(time, iana)).toISOString(), localDate, zone: iana };
  const zone = zones.get(tzid);
  if (zone) {
    const zoned = new ICAL.Time(
      { year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute, second: time.second },
      zone,
    );
    return { time, allDay: false, value: new Date(zoned.toUnixTime() * 1000).toISOString(), localDate, zone: 'UTC' };
  }
  errors.push(`Its ${label} is in the time zone "${tzid}", which is neither a known zone nor described in the file (VTIMEZONE).`);
  return null;
}

/** The instant a wall-clock time in an IANA zone is (the earlier one when the clock is set back). */
function wallTimeToUtc(time: ICAL.Time, zone: string): number {
  const wall = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  const offset = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
        .formatToParts(new Date(instant))
        .map((part) => [part.type, Number(part.value)]),
    );
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - instant;
  };
  const first = wall - offset(wall);
  return wall - offset(first);
}
