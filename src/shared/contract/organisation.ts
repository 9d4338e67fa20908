import { z } from 'zod';

const idSchema = z.number().int().positive();

/** Issue 18: one workspace user's mailbox as organisation-wide mode reaches it. */
export const mailboxCheckSchema = z.object({
  state: z.enum(['found', 'notFound', 'outsideScope', 'noMailbox', 'failed']),
  explanation: z.string(),
  fix: z.string().nullable(),
  checkedAt: z.iso.datetime(),
});
export type MailboxCheckView = z.infer<typeof mailboxCheckSchema>;

export const organisationMailboxRowSchema = z.object({
  user: z.object({ id: idSchema, name: z.string(), email: z.string() }),
  /** What access control lets this user sync: Outlook Calendar, Outlook Contacts. */
  syncs: z.array(z.enum(['outlookCalendar', 'outlookContacts'])),
  /** Null until checked since the console started. */
  check: mailboxCheckSchema.nullable(),
});

export const organisationMailboxesSchema = z.object({
  active: z.boolean(),
  rows: z.array(organisationMailboxRowSchema),
});
export type OrganisationMailboxes = z.infer<typeof organisationMailboxesSchema>;

export const organisationChannels = {
  'organisation.mailboxes': { input: z.void(), output: organisationMailboxesSchema },
  /** Checks every listed user's mailbox now (directory, mailbox, Exchange's scope). */
  'organisation.checkMailboxes': { input: z.void(), output: organisationMailboxesSchema },
} as const;
