import { z } from 'zod';
import { idSchema } from './access';
import { runSummarySchema } from './jobs';

/** Personal: a user's own mailbox. Group: a shared mailbox opened with the token of a user who has access to it. */
export const emailAccountKindSchema = z.enum(['personal', 'group']);
export type EmailAccountKind = z.infer<typeof emailAccountKindSchema>;

/** SMTP AUTH with the account's Exchange Online token, or Microsoft Graph `sendMail` (needs Mail.Send). */
export const sendViaSchema = z.enum(['smtp', 'graph']);
export type SendVia = z.infer<typeof sendViaSchema>;

const addressSchema = z
  .string()
  .trim()
  .max(320, 'Use at most 320 characters.')
  .pipe(z.email('Enter an email address like support@contoso.com.'));
const folderPathSchema = z.string().trim().min(1, 'A folder needs a name.').max(500, 'A folder path has at most 500 characters.');

export const emailAccountFieldsSchema = z
  .strictObject({
    kind: emailAccountKindSchema,
    /** The user whose connected Outlook account's token is used: the owner (personal) or a user with access (group). */
    userId: idSchema,
    /** The shared mailbox's address (group only); a personal account is the user's connected mailbox. */
    address: addressSchema.optional(),
    displayName: z.string().trim().max(200, 'Use at most 200 characters.').default(''),
    folders: z.array(folderPathSchema).min(1, 'Choose at least one folder to monitor, e.g. INBOX.').max(50, 'Monitor at most 50 folders.'),
    /** Mail older than this date is not fetched; empty means everything in the folders. */
    fetchSince: z.iso.date('Enter a date like 2026-01-31, or leave it empty to fetch everything.').nullable().default(null),
    sendVia: sendViaSchema.default('smtp'),
    enabled: z.boolean().default(true),
  })
  .refine((fields) => fields.kind === 'personal' || Boolean(fields.address), {
    message: 'A group account needs the shared mailbox’s address, e.g. support@contoso.com.',
    path: ['address'],
  })
  .refine((fields) => new Set(fields.folders).size === fields.folders.length, { message: 'A folder is listed twice.', path: ['folders'] });
export type EmailAccountFields = z.input<typeof emailAccountFieldsSchema>;

export const emailCheckStatusSchema = z.enum(['success', 'partial', 'failed']);

export const emailAccountSchema = z.object({
  id: idSchema,
  kind: emailAccountKindSchema,
  userId: idSchema,
  userName: z.string(),
  address: z.string(),
  displayName: z.string(),
  folders: z.array(z.string()),
  fetchSince: z.iso.date().nullable(),
  sendVia: sendViaSchema,
  enabled: z.boolean(),
  lastCheckAt: z.iso.datetime().nullable(),
  lastCheckStatus: emailCheckStatusSchema.nullable(),
  /** What the last check did or why it failed, in words with the fix. */
  lastCheckMessage: z.string().nullable(),
  messageCount: z.number().int().nonnegative(),
});
export type EmailAccount = z.infer<typeof emailAccountSchema>;

/** A user who can own a personal account or lend their token to a group account: their Outlook account is connected. */
export const emailAccountCandidateSchema = z.object({ userId: idSchema, userName: z.string(), userPrincipalName: z.string() });

export const emailJobScheduleSchema = z.object({
  jobId: z.string(),
  name: z.string(),
  cron: z.string(),
  active: z.boolean(),
  nextRunAt: z.iso.datetime().nullable(),
});

export const emailAccountsViewSchema = z.object({
  accounts: z.array(emailAccountSchema),
  candidates: z.array(emailAccountCandidateSchema),
  /** The scheduled job *Check email accounts*: how often every enabled account is checked. */
  schedule: emailJobScheduleSchema,
  /** Which integration features are on: fetching needs IMAP, sending SMTP or Graph's Mail.Send. */
  features: z.object({ imap: z.boolean(), smtp: z.boolean(), graphMail: z.boolean() }),
});
export type EmailAccountsView = z.infer<typeof emailAccountsViewSchema>;

export const emailFolderSchema = z.object({
  path: z.string(),
  name: z.string(),
  /** RFC 6154 special use, e.g. \Sent, \Inbox; null for an ordinary folder. */
  specialUse: z.string().nullable(),
});
export type EmailFolder = z.infer<typeof emailFolderSchema>;

/** One step of Test connection or Send test email, in words. */
export const emailCheckStepSchema = z.object({
  step: z.string(),
  status: z.enum(['pass', 'fail', 'skipped']),
  message: z.string(),
  /** What to do, when the step failed. */
  fix: z.string().nullable(),
});
export type EmailCheckStep = z.infer<typeof emailCheckStepSchema>;
export const emailCheckReportSchema = z.object({ ok: z.boolean(), steps: z.array(emailCheckStepSchema) });
export type EmailCheckReport = z.infer<typeof emailCheckReportSchema>;

export const linkedRecordSchema = z.object({
  kind: z.enum(['user', 'contact', 'lead', 'company']),
  id: idSchema,
  name: z.string(),
  /** The message address that links it (for a company: the domain). */
  via: z.string(),
});
export type LinkedRecord = z.infer<typeof linkedRecordSchema>;

export const emailAddressSchema = z.object({ address: z.string(), name: z.string() });

export const emailListRowSchema = z.object({
  id: idSchema,
  accountId: idSchema,
  accountAddress: z.string(),
  folder: z.string(),
  subject: z.string(),
  from: emailAddressSchema,
  sentAt: z.iso.datetime().nullable(),
  snippet: z.string(),
  direction: z.enum(['received', 'sent']),
  hasAttachments: z.boolean(),
  skippedReason: z.string().nullable(),
  linkCount: z.number().int().nonnegative(),
});
export type EmailListRow = z.infer<typeof emailListRowSchema>;

export const emailAttachmentSchema = z.object({
  id: idSchema,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  /** Null when kept; otherwise why it was not (over the size limit). */
  skippedReason: z.string().nullable(),
});

export const emailMessageSchema = emailListRowSchema.extend({
  messageId: z.string().nullable(),
  to: z.array(emailAddressSchema),
  cc: z.array(emailAddressSchema),
  replyTo: z.array(emailAddressSchema),
  text: z.string().nullable(),
  /** Sanitised: no script, no event handler, no form; remote images removed unless asked for. */
  safeHtml: z.string().nullable(),
  /** How many remote images the sanitised HTML left out (shown after *Show remote images*). */
  remoteImagesBlocked: z.number().int().nonnegative(),
  attachments: z.array(emailAttachmentSchema),
  links: z.array(linkedRecordSchema),
});
export type EmailMessage = z.infer<typeof emailMessageSchema>;

const recipientListSchema = z.array(addressSchema).max(100, 'Send to at most 100 addresses at once.');

export const outgoingEmailSchema = z
  .strictObject({
    accountId: idSchema,
    to: recipientListSchema,
    cc: recipientListSchema.default([]),
    subject: z.string().trim().max(998, 'A subject has at most 998 characters.'),
    body: z.string().max(1_000_000, 'The text is too long (at most 1,000,000 characters).'),
    /** The fetched message this answers: its Message-ID threads the reply. */
    replyToMessageId: idSchema.optional(),
  })
  .refine((message) => message.to.length + message.cc.length > 0, { message: 'Enter at least one recipient.', path: ['to'] });
export type OutgoingEmail = z.input<typeof outgoingEmailSchema>;

export const sendResultSchema = z.object({
  via: sendViaSchema,
  messageId: z.string(),
  /** Where the copy went, in words (IMAP APPEND to Sent, or Graph's own Sent Items). */
  savedToSent: z.string(),
});
export type SendResult = z.infer<typeof sendResultSchema>;

const accountIdInput = z.strictObject({ accountId: idSchema });

export const emailChannels = {
  'email.accounts': { input: z.strictObject({ userId: idSchema.optional() }).default({}), output: emailAccountsViewSchema },
  'email.saveAccount': { input: z.strictObject({ id: idSchema.optional(), fields: emailAccountFieldsSchema }), output: emailAccountSchema },
  'email.deleteAccount': { input: accountIdInput, output: z.object({ deleted: z.boolean() }) },
  /** The mailbox's folders as the IMAP server lists them. */
  'email.folders': { input: accountIdInput, output: z.object({ folders: z.array(emailFolderSchema) }) },
  'email.testConnection': { input: accountIdInput, output: emailCheckReportSchema },
  /** Sends a short message from the account to its own address, the way the account sends. */
  'email.sendTest': { input: accountIdInput, output: emailCheckReportSchema },
  /** A run of *Check email accounts* for one account, recorded in the job history. */
  'email.checkNow': { input: accountIdInput, output: z.object({ run: runSummarySchema }) },
  'email.list': {
    input: z.strictObject({
      accountId: idSchema.optional(),
      search: z.string().trim().max(200, 'Search for at most 200 characters.').default(''),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.object({ rows: z.array(emailListRowSchema), total: z.number().int().nonnegative() }),
  },
  'email.get': { input: z.strictObject({ id: idSchema, showRemoteImages: z.boolean().default(false) }), output: emailMessageSchema },
  'email.send': { input: outgoingEmailSchema, output: sendResultSchema },
} as const;

export const emailEvents = {
  /** Accounts or messages changed (a check fetched mail, an account was saved). */
  'email.changed': z.object({ at: z.iso.datetime() }),
} as const;
