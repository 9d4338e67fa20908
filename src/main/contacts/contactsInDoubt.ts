import type { DatabaseSync } from 'node:sqlite';

/**
 * A contact create sent to Outlook whose answer has not been applied yet; or, with `recheck`, one
 * created again after a search found nothing, to be searched for once more.
 */
export type ContactInDoubt = { personId: number; folderId: string | null; sentAt: string; recheck?: boolean };

/**
 * The creates that may or may not exist in Outlook (migration 8). A row is committed before its
 * create goes out and removed with the answer; a row still here after a crash, a dropped
 * connection or a timeout means "look in Outlook before creating this again".
 */
export class ContactsInDoubt {
  constructor(private readonly db: DatabaseSync) {}

  forUser(userId: number): ContactInDoubt[] {
    return (
      this.db
        .prepare('SELECT person_id, folder_id, sent_at, recheck FROM crm_outlook_contacts_in_doubt WHERE user_id = ? ORDER BY person_id')
        .all(userId) as Array<{ person_id: number; folder_id: string | null; sent_at: string; recheck: number }>
    ).map((row) => ({ personId: row.person_id, folderId: row.folder_id, sentAt: row.sent_at, recheck: row.recheck === 1 }));
  }

  /** Call inside the transaction that is committed before the batch is sent. */
  record(userId: number, entry: ContactInDoubt): void {
    this.db
      .prepare(
        `INSERT INTO crm_outlook_contacts_in_doubt (person_id, user_id, folder_id, sent_at, recheck) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (person_id, user_id) DO UPDATE SET folder_id = excluded.folder_id, sent_at = excluded.sent_at, recheck = excluded.recheck`,
      )
      .run(entry.personId, userId, entry.folderId, entry.sentAt, entry.recheck ? 1 : 0);
  }

  clear(userId: number, personId: number): void {
    this.db.prepare('DELETE FROM crm_outlook_contacts_in_doubt WHERE user_id = ? AND person_id = ?').run(userId, personId);
  }
}
