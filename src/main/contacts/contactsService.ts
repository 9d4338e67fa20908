import type { DatabaseSync } from 'node:sqlite';
import {
  ContractError,
  personFieldsSchema,
  type ContactSettings,
  type ImportFormat,
  type PeopleImportPreview,
  type PeopleImportRow,
  type Person,
  type PersonDetail,
  type PersonFields,
  type PersonKind,
  type PersonSelection,
} from '../../shared/contract';
import type { ScopeCheck } from '../access/accessService';
import { inTransaction } from '../store/transaction';
import { vCardFile, type DeliverFile } from '../files/fileTypes';
import { GraphCallError } from '../graph/graphErrors';
import type { ContactPushService } from './contactPushService';
import { explainContactFailure } from './contactErrors';
import type { ContactSettingsStore } from './contactSettingsStore';
import type { OutlookLinks } from './outlookLinks';
import type { PeopleRepository, StoredPersonFields } from './peopleRepository';

export type ContactsServiceOptions = {
  db: DatabaseSync;
  people: PeopleRepository;
  links: OutlookLinks;
  settings: ContactSettingsStore;
  push: ContactPushService;
  checkScope: (userId: number, scope: 'outlookContacts') => ScopeCheck;
  now: () => Date;
  deliverFile: DeliverFile;
  onChange: () => void;
};

/** Contacts, leads and accounts in the workspace, their import and export, and per-user settings. */
export class ContactsService {
  constructor(private readonly options: ContactsServiceOptions) {}

  list(kind: PersonKind, search: string, offset: number, limit: number) {
    return this.options.people.list(kind, search, offset, limit);
  }

  get(id: number): PersonDetail {
    const person = this.requirePerson(id);
    const copies = this.options.links.copiesOf(id).map((copy) => ({ ...copy, outOfDate: person.updatedAt > copy.pushedAt }));
    return { ...person, copies };
  }

  save(id: number | undefined, fields: PersonFields): Person {
    const stored = personFieldsSchema.parse(fields) as StoredPersonFields;
    const at = this.options.now().toISOString();
    const savedId = inTransaction(this.options.db, () => {
      if (id === undefined) return this.options.people.insert(stored, at);
      if (!this.options.people.update(id, stored, at)) throw notFound();
      return id;
    });
    this.options.onChange();
    return this.requirePerson(savedId);
  }

  delete(ids: readonly number[]): number {
    const deleted = inTransaction(this.options.db, () => this.options.people.delete(ids));
    this.options.onChange();
    return deleted;
  }

  accounts(search: string) {
    return this.options.people.accounts(search);
  }

  // The CSV and vCard readers (papaparse, ical.js) load with the first import or export, not at start.
  async previewImport(kind: PersonKind, format: ImportFormat, text: string): Promise<PeopleImportPreview> {
    const { previewPeopleImport } = await import('./peopleImport');
    return previewPeopleImport(format, text, this.options.people.emailsOf(kind), kind);
  }

  /** Writes the confirmed rows, checked again: what the preview showed may have changed since. */
  confirmImport(kind: PersonKind, rows: readonly PeopleImportRow[]) {
    const at = this.options.now().toISOString();
    const failed: Array<{ row: number; reason: string }> = [];
    let created = 0;
    inTransaction(this.options.db, () => {
      const existing = this.options.people.emailsOf(kind);
      for (const row of rows) {
        const parsed = personFieldsSchema.safeParse({
          kind,
          firstName: row.firstName,
          lastName: row.lastName,
          emails: row.emails,
          phones: row.phones,
          accountName: row.accountName,
        });
        if (!parsed.success) {
          failed.push({ row: row.row, reason: parsed.error.issues.map((issue) => issue.message).join(' ') });
          continue;
        }
        const duplicate = parsed.data.emails.find((email) => existing.has(email.toLowerCase()));
        if (duplicate) {
          failed.push({ row: row.row, reason: `A ${kind} with ${duplicate} already exists.` });
          continue;
        }
        this.options.people.insert(parsed.data as StoredPersonFields, at);
        for (const email of parsed.data.emails) existing.add(email.toLowerCase());
        created++;
      }
    });
    if (created > 0) this.options.onChange();
    return { created, failed };
  }

  async exportVcard(selection: PersonSelection) {
    const people = this.options.people.many(this.options.people.idsOf(selection));
    if (people.length === 0)
      throw new ContractError('VALIDATION', 'Nothing to export: no record matches the selection or the search.', [
        { field: 'selection', message: 'Select at least one record.' },
      ]);
    const kind = people.every((person) => person.kind === 'lead') ? 'leads' : 'contacts';
    const fileName = `${kind}-${this.options.now().toISOString().slice(0, 10)}.vcf`;
    const { toVcards } = await import('./vcardExport');
    const delivery = await this.options.deliverFile(fileName, new TextEncoder().encode(toVcards(people)), vCardFile);
    return { fileName, count: people.length, delivery };
  }

  settings(userId: number): ContactSettings {
    const check = this.options.checkScope(userId, 'outlookContacts');
    return {
      userId,
      userName: check.user.name,
      allowed: check.granted,
      accessMessage: check.granted ? null : check.message,
      ...this.options.settings.get(userId),
    };
  }

  saveSettings(
    userId: number,
    input: { folderId: string | null; folderName: string | null; pushChangedOnSchedule: boolean },
  ): ContactSettings {
    const check = this.options.checkScope(userId, 'outlookContacts');
    if (!check.granted) throw new ContractError('FORBIDDEN', check.message);
    const current = this.options.settings.get(userId);
    const at = this.options.now().toISOString();
    // Turning the option on starts from now: records changed earlier are pushed from the list, not all at once by the schedule.
    const changesSince = input.pushChangedOnSchedule && !current.pushChangedOnSchedule ? at : current.changesSince;
    this.options.settings.save(
      userId,
      {
        folderId: input.folderId,
        folderName: input.folderId ? input.folderName : null,
        pushChangedOnSchedule: input.pushChangedOnSchedule,
        changesSince,
      },
      at,
    );
    return this.settings(userId);
  }

  /** The user's contact folders, read from their mailbox: the default Contacts folder and the folders in it. */
  async folders(userId: number) {
    const user = this.requireAllowed(userId);
    const access = await this.options.push.accessOf(user);
    try {
      const answer = await this.options.push.mailboxFor(userId, access).get('/me/contactFolders?$top=100', []);
      const folders = (answer.value as Array<{ id: string; displayName: string }>).map(({ id, displayName }) => ({ id, displayName }));
      return { folders };
    } catch (error) {
      throw new ContractError(
        error instanceof GraphCallError && error.status < 500 ? 'FORBIDDEN' : 'INTERNAL',
        explainContactFailure(error, user.name),
      );
    }
  }

  private requireAllowed(userId: number) {
    const check = this.options.checkScope(userId, 'outlookContacts');
    if (!check.granted) throw new ContractError('FORBIDDEN', check.message);
    return check.user;
  }

  private requirePerson(id: number): Person {
    const person = this.options.people.get(id);
    if (!person) throw notFound();
    return person;
  }
}

function notFound(): ContractError {
  return new ContractError('NOT_FOUND', 'This record no longer exists: it was deleted.', [
    { field: 'id', message: 'No record has this id.' },
  ]);
}
