import { z } from 'zod';
import { fileDeliverySchema } from './logs';

/** Contacts and leads are the workspace's people; accounts are their companies. */
export const personKindSchema = z.enum(['contact', 'lead']);
export type PersonKind = z.infer<typeof personKindSchema>;

const idSchema = z.number().int().positive();
const nameSchema = z.string().trim().max(200, 'Use at most 200 characters.');
export const personEmailSchema = z
  .string()
  .trim()
  .max(320, 'Use at most 320 characters.')
  .pipe(z.email('Enter an email address like ann.lee@example.com.'));
export const personPhoneSchema = z
  .string()
  .trim()
  .min(1, 'Enter a phone number or remove the empty line.')
  .max(50, 'Use at most 50 characters.')
  .regex(/^[+()\d][\d\s().\-/x#*+]*$/i, 'Enter a phone number with digits, spaces and + ( ) - only, like +1 425 555 0100.');

/** What an administrator enters or an import brings: the fields pushed to Outlook. */
export const personFieldsSchema = z
  .strictObject({
    kind: personKindSchema,
    firstName: nameSchema,
    lastName: nameSchema,
    emails: z.array(personEmailSchema).max(3, 'Outlook keeps at most 3 email addresses per contact.'),
    phones: z.array(personPhoneSchema).max(5, 'Enter at most 5 phone numbers.'),
    accountName: z.string().trim().max(200, 'Use at most 200 characters.'),
  })
  .refine((person) => person.firstName !== '' || person.lastName !== '' || person.emails.length > 0, {
    message: 'Enter a first name, a last name or an email address.',
    path: ['lastName'],
  });
export type PersonFields = z.input<typeof personFieldsSchema>;

/** One user's Outlook copy of a record. */
export const outlookCopySchema = z.object({
  userId: idSchema,
  userName: z.string(),
  pushedAt: z.iso.datetime(),
  /** The record changed after it was last pushed. */
  outOfDate: z.boolean(),
});

export const personSchema = z.object({
  id: idSchema,
  kind: personKindSchema,
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  accountName: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** How many users' Outlook contacts have this record. */
  outlookCopies: z.number().int().nonnegative(),
});
export type Person = z.infer<typeof personSchema>;

export const personDetailSchema = personSchema.extend({ copies: z.array(outlookCopySchema) });
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const companyAccountRowSchema = z.object({
  id: idSchema,
  name: z.string(),
  contacts: z.number().int(),
  leads: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type CompanyAccountRow = z.infer<typeof companyAccountRowSchema>;

export const searchSchema = z.string().trim().max(200, 'Search for at most 200 characters.').default('');

/** Which records an action applies to: the rows picked, or all that match a search. */
export const personSelectionSchema = z.union([
  z.strictObject({ ids: z.array(idSchema).min(1, 'Select at least one row.').max(50_000) }),
  z.strictObject({ kind: personKindSchema, search: searchSchema }),
]);
export type PersonSelection = z.input<typeof personSelectionSchema>;

export const importFormatSchema = z.enum(['csv', 'vcard']);
export type ImportFormat = z.infer<typeof importFormatSchema>;
export const maxPeopleImportBytes = 5_000_000;
export const maxPeopleImportRows = 20_000;

export const peopleImportRowSchema = z.object({
  /** The CSV line (header = 1) or the card's position in the vCard file (first = 1). */
  row: z.number().int().min(1),
  firstName: z.string(),
  lastName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  accountName: z.string(),
});
export type PeopleImportRow = z.infer<typeof peopleImportRowSchema>;

export const peopleImportPreviewSchema = z.object({
  format: importFormatSchema,
  fileErrors: z.array(z.string()),
  rows: z.array(
    peopleImportRowSchema.extend({
      status: z.enum(['valid', 'duplicate', 'error']),
      issues: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  ),
  counts: z.object({ valid: z.number().int(), duplicate: z.number().int(), error: z.number().int() }),
});
export type PeopleImportPreview = z.infer<typeof peopleImportPreviewSchema>;

export const contactSettingsSchema = z.object({
  userId: idSchema,
  userName: z.string(),
  /** Whether the user has Outlook Contacts access now; the settings only apply when they do. */
  allowed: z.boolean(),
  /** Why not, and what to change, when not allowed. */
  accessMessage: z.string().nullable(),
  /** Null: the mailbox's default Contacts folder. */
  folderId: z.string().nullable(),
  folderName: z.string().nullable(),
  pushChangedOnSchedule: z.boolean(),
  changesSince: z.iso.datetime().nullable(),
});
export type ContactSettings = z.infer<typeof contactSettingsSchema>;

export const contactFolderSchema = z.object({ id: z.string(), displayName: z.string() });

export const pushStatusSchema = z.enum(['running', 'done', 'partial', 'failed', 'cancelled', 'interrupted']);
export type PushStatus = z.infer<typeof pushStatusSchema>;

export const pushUserProgressSchema = z.object({
  userId: idSchema,
  userName: z.string(),
  total: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  recreated: z.number().int().nonnegative(),
  /** Already pushed by the push this one resumes. */
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** What went wrong or was worth saying (a contact deleted in Outlook, created again), in words; at most 50. */
  messages: z.array(z.string()),
  /** Set when the push stopped for this user (no account, refused, unreachable). */
  error: z.string().nullable(),
});
export type PushUserProgress = z.infer<typeof pushUserProgressSchema>;

export const pushProgressSchema = z.object({
  pushId: z.string(),
  resumeOf: z.string().nullable(),
  status: pushStatusSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  summary: z.string(),
  users: z.array(pushUserProgressSchema),
  /** The push can be resumed: it was cancelled, interrupted or had failures. */
  resumable: z.boolean(),
  /** Grows with every report of one push, so a late answer never replaces a newer report. */
  revision: z.number().int().nonnegative(),
});
export type PushProgress = z.infer<typeof pushProgressSchema>;

export const contactsChannels = {
  'contacts.list': {
    input: z.strictObject({
      kind: personKindSchema,
      search: searchSchema,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ rows: z.array(personSchema), total: z.number().int() }),
  },
  'contacts.get': { input: z.strictObject({ id: idSchema }), output: personDetailSchema },
  'contacts.save': { input: z.strictObject({ id: idSchema.optional(), fields: personFieldsSchema }), output: personSchema },
  'contacts.delete': {
    input: z.strictObject({ ids: z.array(idSchema).min(1, 'Select at least one row.').max(50_000) }),
    output: z.object({ deleted: z.number().int() }),
  },
  'contacts.accounts': {
    input: z.strictObject({ search: searchSchema }),
    output: z.array(companyAccountRowSchema),
  },
  'contacts.previewImport': {
    input: z.strictObject({
      kind: personKindSchema,
      format: importFormatSchema,
      text: z.string().max(maxPeopleImportBytes, 'The file is larger than 5 MB: split it into smaller files.'),
    }),
    output: peopleImportPreviewSchema,
  },
  'contacts.confirmImport': {
    input: z.strictObject({
      kind: personKindSchema,
      rows: z.array(peopleImportRowSchema).min(1, 'There are no valid rows to import.').max(maxPeopleImportRows),
    }),
    output: z.object({ created: z.number().int(), failed: z.array(z.object({ row: z.number().int(), reason: z.string() })) }),
  },
  'contacts.exportVcard': {
    input: z.strictObject({ selection: personSelectionSchema }),
    output: z.object({ fileName: z.string(), count: z.number().int(), delivery: fileDeliverySchema }),
  },
  'contacts.settings': { input: z.strictObject({ userId: idSchema }), output: contactSettingsSchema },
  'contacts.saveSettings': {
    input: z.strictObject({
      userId: idSchema,
      folderId: z.string().min(1).max(500).nullable(),
      folderName: z.string().max(300).nullable(),
      pushChangedOnSchedule: z.boolean(),
    }),
    output: contactSettingsSchema,
  },
  'contacts.folders': {
    input: z.strictObject({ userId: idSchema }),
    output: z.object({ folders: z.array(contactFolderSchema) }),
  },
  'contacts.push': {
    input: z.strictObject({
      selection: personSelectionSchema,
      userIds: z.array(idSchema).min(1, 'Choose at least one user to push to.').max(100),
    }),
    output: pushProgressSchema,
  },
  'contacts.resumePush': { input: z.strictObject({ pushId: z.string().min(1).max(100) }), output: pushProgressSchema },
  'contacts.cancelPush': { input: z.strictObject({ pushId: z.string().min(1).max(100) }), output: z.void() },
  'contacts.pushes': { input: z.void(), output: z.array(pushProgressSchema) },
} as const;

export const contactsEvents = {
  /** Records were added, changed or deleted: lists read them again. */
  'contacts.changed': z.object({ at: z.iso.datetime() }),
  /** A push moved on (at most a few times a second) or finished. */
  'contacts.pushProgress': pushProgressSchema,
} as const;
