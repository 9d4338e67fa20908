// "Another Outlook client": changes a mailbox the way a person in Outlook would, behind the
// back of the app under test, so its next delta query has something to find.
import type { MailboxChanges, EventInput } from './mailboxChanges.ts';
import { newChangeKey, newItemId } from './ids.ts';
import { occurrenceId } from './graph/instances.ts';
import type { Directory, StoredContact } from './store.ts';

export class AnotherOutlookClient {
  private readonly directory: Directory;
  private readonly changes: MailboxChanges;

  constructor(directory: Directory, changes: MailboxChanges) {
    this.directory = directory;
    this.changes = changes;
  }

  private owner(upn: string) {
    const user = this.directory.findUser(upn);
    if (!user) throw new Error(`No user ${upn} in the emulated tenant`);
    return { user, mailbox: this.directory.mailbox(user.id) };
  }

  private calendarId(upn: string, calendarName?: string): string {
    const { mailbox } = this.owner(upn);
    const calendar = calendarName
      ? mailbox.calendars.find((c) => c.name === calendarName)
      : mailbox.calendars.find((c) => c.isDefaultCalendar);
    if (!calendar) throw new Error(`No calendar ${calendarName} for ${upn}`);
    return calendar.id;
  }

  addCalendar(upn: string, name: string): string {
    const { mailbox } = this.owner(upn);
    const id = newItemId();
    mailbox.calendars.push({ id, name, color: 'auto', isDefaultCalendar: false, changeKey: newChangeKey() });
    return id;
  }

  /** What the organisation allows for online meetings in a user's default calendar ([] allows none). */
  setOnlineMeetingProviders(upn: string, allowed: string[], defaultProvider = allowed[0] ?? 'unknown'): void {
    const calendar = this.owner(upn).mailbox.calendars.find((c) => c.isDefaultCalendar)!;
    calendar.allowedOnlineMeetingProviders = allowed;
    calendar.defaultOnlineMeetingProvider = defaultProvider;
  }

  /** Creates an event (a series when `recurrence` is given); returns its id. */
  createEvent(upn: string, input: EventInput, calendarName?: string): string {
    const { user, mailbox } = this.owner(upn);
    return this.changes.createEvent(mailbox, user, this.calendarId(upn, calendarName), input).event.id;
  }

  /** Edits an event, a whole series, or one occurrence (which becomes an exception). */
  updateEvent(upn: string, id: string, input: EventInput): void {
    if (!this.changes.updateEvent(this.owner(upn).mailbox, id, input)) throw new Error(`No event ${id}`);
  }

  moveEvent(upn: string, id: string, calendarName: string): void {
    if (!this.changes.moveEvent(this.owner(upn).mailbox, id, this.calendarId(upn, calendarName))) throw new Error(`Cannot move ${id}`);
  }

  deleteEvent(upn: string, id: string): void {
    if (!this.changes.deleteEvent(this.owner(upn).mailbox, id)) throw new Error(`No event ${id}`);
  }

  /** Cancels one occurrence of a series, named by its original start instant (ISO, UTC). */
  cancelOccurrence(upn: string, seriesId: string, originalStart: string): void {
    const iso = new Date(originalStart).toISOString();
    this.deleteEvent(upn, occurrenceId(seriesId, iso));
  }

  /** The id Graph gives the occurrence of a series that originally starts at `originalStart`. */
  occurrenceId(seriesId: string, originalStart: string): string {
    return occurrenceId(seriesId, new Date(originalStart).toISOString());
  }

  addContact(upn: string, fields: Record<string, unknown>): string {
    const { mailbox } = this.owner(upn);
    const now = new Date().toISOString();
    const contact: StoredContact = {
      id: newItemId(),
      parentFolderId: mailbox.rootContactFolderId,
      changeKey: newChangeKey(),
      createdDateTime: now,
      lastModifiedDateTime: now,
      fields,
    };
    mailbox.contacts.set(contact.id, contact);
    return contact.id;
  }
}
