import type { DatabaseSync } from 'node:sqlite';

/** A record's copy in one user's Outlook contacts. */
export type OutlookLink = { personId: number; outlookId: string; changeKey: string; folderId: string | null; pushedAt: string };

/** The mapping that makes a second push update instead of creating a duplicate. */
export class OutlookLinks {
  constructor(private readonly db: DatabaseSync) {}

  forUser(userId: number, personIds: readonly number[]): Map<number, OutlookLink> {
    const links = new Map<number, OutlookLink>();
    for (let i = 0; i < personIds.length; i += 500) {
      const chunk = personIds.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT person_id, outlook_id, change_key, folder_id, pushed_at FROM crm_outlook_contacts WHERE user_id = ? AND person_id IN (${chunk.map(() => '?').join(',')})`,
        )
        .all(userId, ...chunk) as Array<{
        person_id: number;
        outlook_id: string;
        change_key: string;
        folder_id: string | null;
        pushed_at: string;
      }>;
      for (const row of rows)
        links.set(row.person_id, {
          personId: row.person_id,
          outlookId: row.outlook_id,
          changeKey: row.change_key,
          folderId: row.folder_id,
          pushedAt: row.pushed_at,
        });
    }
    return links;
  }

  save(userId: number, link: OutlookLink): void {
    this.db
      .prepare(
        `
        INSERT INTO crm_outlook_contacts (person_id, user_id, outlook_id, change_key, folder_id, pushed_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (person_id, user_id) DO UPDATE SET outlook_id = excluded.outlook_id, change_key = excluded.change_key, folder_id = excluded.folder_id, pushed_at = excluded.pushed_at`,
      )
      .run(link.personId, userId, link.outlookId, link.changeKey, link.folderId, link.pushedAt);
  }

  /** Every user's copy of one record, for the detail view. */
  copiesOf(personId: number): Array<{ userId: number; userName: string; pushedAt: string }> {
    return this.db
      .prepare(
        'SELECT o.user_id AS userId, u.name AS userName, o.pushed_at AS pushedAt FROM crm_outlook_contacts o JOIN users u ON u.id = o.user_id WHERE o.person_id = ? ORDER BY u.name',
      )
      .all(personId) as Array<{ userId: number; userName: string; pushedAt: string }>;
  }

  /** Records changed after `since`, or changed after their own last push to this user. */
  changedSince(userId: number, since: string): number[] {
    return (
      this.db
        .prepare(
          `
        SELECT p.id FROM crm_people p LEFT JOIN crm_outlook_contacts o ON o.person_id = p.id AND o.user_id = ?
        WHERE (o.person_id IS NULL AND p.updated_at > ?) OR (o.person_id IS NOT NULL AND p.updated_at > o.pushed_at)
        ORDER BY p.id`,
        )
        .all(userId, since) as Array<{ id: number }>
    ).map((row) => row.id);
  }
}
