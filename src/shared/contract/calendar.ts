import { z } from 'zod';
import { itemCountsSchema, runErrorSchema } from './jobs';
import { fileDeliverySchema } from './logs';
import { isTimeZone } from './timeZone';

const idSchema = z.number().int().positive();
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export const eventKindSchema = z.enum(['meeting', 'call']);
export type EventKind = z.infer<typeof eventKindSchema>;
export const eventStatusSchema = z.enum(['planned', 'held', 'notHeld']);
export const attendeeKindSchema = z.enum(['user', 'contact', 'lead', 'other']);
export type AttendeeKind = z.infer<typeof attendeeKindSchema>;
export const syncDirectionSchema = z.enum(['both', 'toOutlook', 'fromOutlook']);
export type SyncDirection = z.infer<typeof syncDirectionSchema>;

export const weekDaySchema = z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
export type WeekDay = z.infer<typeof weekDaySchema>;
export const weekIndexSchema = z.enum(['first', 'second', 'third', 'fourth', 'last']);

/**
 * How a series made here repeats, in Outlook's own terms (patternedRecurrence): daily, weekly on
 * some days, monthly or yearly by date or by weekday; ending on a date, after a count, or never.
 * The range's start date and zone are the event's own: the service fills them in.
 */
export const recurrenceInputSchema = z
  .strictObject({
    pattern: z.strictObject({
      type: z.enum(['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly']),
      interval: z.number().int().min(1, 'Repeat at least every 1.').max(99, 'Repeat at most every 99.'),
      daysOfWeek: z.array(weekDaySchema).max(7).default([]),
      dayOfMonth: z.number().int().min(1).max(31).optional(),
      month: z.number().int().min(1).max(12).optional(),
      index: weekIndexSchema.optional(),
    }),
    range: z.strictObject({
      type: z.enum(['endDate', 'numbered', 'noEnd']),
      endDate: z.string().regex(isoDate, 'Enter the end date like 2026-12-31.').optional(),
      numberOfOccurrences: z.number().int().min(1, 'Repeat at least once.').max(999, 'Repeat at most 999 times.').optional(),
    }),
  })
  .superRefine((value, ctx) => {
    const { pattern, range } = value;
    const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const relative = pattern.type === 'relativeMonthly' || pattern.type === 'relativeYearly';
    if ((pattern.type === 'weekly' || relative) && pattern.daysOfWeek.length === 0)
      issue(['pattern', 'daysOfWeek'], 'Choose at least one day of the week.');
    if (relative && !pattern.index) issue(['pattern', 'index'], 'Choose which week of the month (first … last).');
    if ((pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') && !pattern.dayOfMonth)
      issue(['pattern', 'dayOfMonth'], 'Choose the day of the month.');
    if (pattern.type.endsWith('Yearly') && !pattern.month) issue(['pattern', 'month'], 'Choose the month.');
    if (range.type === 'endDate' && !range.endDate) issue(['range', 'endDate'], 'Enter the date of the last occurrence.');
    if (range.type === 'numbered' && !range.numberOfOccurrences)
      issue(['range', 'numberOfOccurrences'], 'Enter how many times it repeats.');
  });
export type RecurrenceInput = z.input<typeof recurrenceInputSchema>;

export const attendeeSchema = z.object({ email: z.string(), name: z.string(), kind: attendeeKindSchema });
export type Attendee = z.infer<typeof attendeeSchema>;

/**
 * What an event is made of, wherever it was made (here, in Outlook, in an .ics file): the fields
 * the event store writes. Timed events: UTC instants; all-day events: dates, the end exclusive.
 */
export const eventFieldsSchema = z.object({
  kind: eventKindSchema,
  name: z.string(),
  start: z.string(),
  end: z.string(),
  allDay: z.boolean(),
  timeZone: z.string(),
  location: z.string(),
  description: z.string(),
  status: eventStatusSchema,
  assignedUserId: idSchema.nullable(),
  attendees: z.array(attendeeSchema),
  /** The Outlook series this occurrence belongs to, with its pattern as Outlook sent it. */
  seriesMasterId: z.string().nullable(),
  recurrence: z.string().nullable(),
  /** A Teams (or other provider's) meeting was asked for; its join link once Outlook made it. */
  onlineMeeting: z.boolean(),
  joinUrl: z.string().nullable(),
});
export type EventFields = z.infer<typeof eventFieldsSchema>;

/** A meeting or call as the console keeps it: its fields, and where it stands. */
export const workspaceEventSchema = z.object({
  id: idSchema,
  ...eventFieldsSchema.shape,
  origin: z.enum(['console', 'outlook']),
  /** Created here, then no longer found in Outlook: kept, not deleted, and shown flagged. */
  removedInOutlook: z.boolean(),
  /** Mapped to an Outlook event in the assigned user's calendar. */
  inOutlook: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type WorkspaceEvent = z.infer<typeof workspaceEventSchema>;

export const eventInputSchema = z
  .strictObject({
    id: idSchema.optional(),
    kind: eventKindSchema,
    name: z.string().trim().min(1, 'Enter a name.').max(255, 'Use at most 255 characters.'),
    start: z.string().trim().min(1, 'Enter a start.'),
    end: z.string().trim().min(1, 'Enter an end.'),
    allDay: z.boolean(),
    timeZone: z.string().trim().min(1).max(100).default('UTC'),
    location: z.string().max(255, 'Use at most 255 characters.').default(''),
    description: z.string().max(20_000, 'Use at most 20,000 characters.').default(''),
    status: eventStatusSchema.default('planned'),
    assignedUserId: idSchema.nullable(),
    attendees: z
      .array(z.string().trim().pipe(z.email('Enter email addresses like ann.lee@example.com.')))
      .max(200)
      .default([]),
    /** A series made here (or a change of its pattern); ignored on an occurrence of a series. */
    recurrence: recurrenceInputSchema.nullable().default(null),
    /** Add online meeting: Outlook makes it with the provider the user's calendar allows. */
    onlineMeeting: z.boolean().default(false),
  })
  .superRefine((value, ctx) => {
    const check = (field: 'start' | 'end') => {
      const text = value[field];
      const ok = value.allDay ? isoDate.test(text) && !Number.isNaN(Date.parse(text)) : !Number.isNaN(Date.parse(text)) && /T/.test(text);
      if (!ok)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: value.allDay
            ? `Enter the ${field} as a date like 2026-05-01.`
            : `Enter the ${field} as a date and time like 2026-05-01T09:00.`,
        });
      return ok;
    };
    if (check('start') && check('end')) {
      const start = Date.parse(value.start);
      const end = Date.parse(value.end);
      const lastDay = value.recurrence?.range.endDate;
      if (lastDay && Date.parse(lastDay) < Date.parse(value.start.slice(0, 10)))
        ctx.addIssue({
          code: 'custom',
          path: ['recurrence', 'range', 'endDate'],
          message: 'The series must not end before its first day.',
        });
      if (value.allDay ? end <= start : end < start)
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: value.allDay
            ? 'The end date must be after the start date (the end is the day after the last day).'
            : 'The end must not be before the start.',
        });
    }
    if (!isTimeZone(value.timeZone))
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'Choose a time zone such as Europe/Berlin or UTC.' });
  });
export type EventInput = z.input<typeof eventInputSchema>;

export const eventFilterSchema = z.strictObject({
  userId: idSchema.optional(),
  kind: eventKindSchema.optional(),
  search: z.string().max(200).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});

export const calendarSettingsSchema = z
  .strictObject({
    userId: idSchema,
    /** Null: the user's default calendar. */
    calendarId: z.string().max(500).nullable(),
    calendarName: z.string().max(255).nullable(),
    direction: syncDirectionSchema,
    syncMeetings: z.boolean(),
    syncCalls: z.boolean(),
    /** Events ending before this date are left alone; null: 30 days back from each first sync. */
    syncSince: z.string().regex(isoDate, 'Enter the date like 2026-01-31.').nullable(),
    sendContactAttendees: z.boolean(),
    /** New meetings for this user get "Add online meeting" ticked. */
    onlineMeetingByDefault: z.boolean().default(false),
  })
  .refine((value) => value.syncMeetings || value.syncCalls, { path: ['syncMeetings'], message: 'Choose meetings, calls or both to sync.' });
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;

export const syncOutcomeSchema = z.object({
  status: z.enum(['success', 'partial', 'failed', 'skipped']),
  summary: z.string(),
  toOutlook: itemCountsSchema,
  fromOutlook: itemCountsSchema,
  errors: z.array(runErrorSchema),
  /** Worth knowing but no error: a lost answer settled without a duplicate. */
  notes: z.array(z.string()).default([]),
});
export type SyncOutcomeView = z.infer<typeof syncOutcomeSchema>;

/** The largest .ics file read at once. */
export const maxIcsBytes = 5 * 1024 * 1024;
const icsTextSchema = z.string().max(maxIcsBytes, 'The file is larger than 5 MB: export a shorter period.');

/** What an .ics file would import: each VEVENT with its errors; nothing is written yet. */
export const icsImportPreviewSchema = z.object({
  fileErrors: z.array(z.string()),
  items: z.array(
    z.object({
      number: z.number().int(),
      name: z.string(),
      status: z.enum(['ready', 'error']),
      errors: z.array(z.string()),
      start: z.string().nullable(),
      end: z.string().nullable(),
      allDay: z.boolean(),
      repeats: z.boolean(),
    }),
  ),
  counts: z.object({ ready: z.number().int(), error: z.number().int() }),
});
export type IcsImportPreview = z.infer<typeof icsImportPreviewSchema>;

export const calendarChannels = {
  'calendar.listEvents': { input: eventFilterSchema, output: z.object({ events: z.array(workspaceEventSchema), total: z.number().int() }) },
  'calendar.getEvent': { input: z.strictObject({ id: idSchema }), output: workspaceEventSchema },
  'calendar.saveEvent': { input: eventInputSchema, output: workspaceEventSchema },
  'calendar.deleteEvent': { input: z.strictObject({ id: idSchema }), output: z.void() },
  'calendar.getSettings': { input: z.strictObject({ userId: idSchema }), output: calendarSettingsSchema },
  'calendar.saveSettings': { input: calendarSettingsSchema, output: calendarSettingsSchema },
  'calendar.listCalendars': {
    input: z.strictObject({ userId: idSchema }),
    output: z.object({ calendars: z.array(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() })) }),
  },
  'calendar.syncNow': { input: z.strictObject({ userId: idSchema }), output: syncOutcomeSchema },
  /** The filtered list, or one event, as an .ics file: a save dialog in desktop, a download in headless. */
  'calendar.exportIcs': {
    input: z.strictObject({ filter: eventFilterSchema.optional(), eventId: idSchema.optional() }),
    output: z.object({ fileName: z.string(), count: z.number().int(), delivery: fileDeliverySchema }),
  },
  'calendar.previewIcsImport': { input: z.strictObject({ text: icsTextSchema }), output: icsImportPreviewSchema },
  /** Imports the events the preview showed ready, for the chosen user; those with errors are skipped. */
  'calendar.importIcs': {
    input: z.strictObject({ text: icsTextSchema, assignedUserId: idSchema.nullable() }),
    output: z.object({ created: z.number().int(), skipped: z.number().int() }),
  },
  'calendar.resetSync': {
    input: z.strictObject({ userId: idSchema, existingEvents: z.enum(['keep', 'removeFromOutlookCopies']) }),
    output: z.object({ removedEvents: z.number().int() }),
  },
} as const;

export const calendarEvents = {
  /** Events or calendar settings changed (an edit, a sync): pages showing them read them again. */
  'calendar.changed': z.object({ at: z.iso.datetime() }),
} as const;
