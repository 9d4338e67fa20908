import type { DatabaseSync } from 'node:sqlite';

export type StoredContactSettings = {
  folderId: string | null;
  folderName: string | null;
  pushChangedOnSchedule: boolean;
  changesSince: string | null;
};

const defaults: StoredContactSettings = { folderId: null, folderName: null, pushChangedOnSchedule: false, changesSince: null };

/** Per-user contacts settings: the target folder and the scheduled push option. */
export class ContactSettingsStore {
  constructor(private readonly db: DatabaseSync) {}

  get(userId: number): StoredContactSettings {
    const row = this.db
      .prepare('SELECT folder_id, folder_name, push_changed_on_schedule, changes_since FROM contact_settings WHERE user_id = ?')
      .get(userId) as
      { folder_id: string | null; folder_name: string | null; push_changed_on_schedule: number; changes_since: string | null } | undefined;
    if (!row) return { ...defaults };
    return {
      folderId: row.folder_id,
      folderName: row.folder_name,
      pushChangedOnSchedule: row.push_changed_on_schedule === 1,
      changesSince: row.changes_since,
    };
  }

  save(userId: number, settings: StoredContactSettings, at: string): void {
    this.db
      .prepare(
        `
        INSERT INTO contact_settings (user_id, folder_id, folder_name, push_changed_on_schedule, changes_since, updated_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (user_id) DO UPDATE SET folder_id = excluded.folder_id, folder_name = excluded.folder_name,
          push_changed_on_schedule = excluded.push_changed_on_schedule, changes_since = excluded.changes_since, updated_at = excluded.updated_at`,
      )
      .run(userId, settings.folderId, settings.folderName, settings.pushChangedOnSchedule ? 1 : 0, settings.changesSince, at);
  }

  /** Users who asked for the scheduled push. */
  scheduledUserIds(): number[] {
    return (
      this.db.prepare('SELECT user_id FROM contact_settings WHERE push_changed_on_schedule = 1 ORDER BY user_id').all() as Array<{
        user_id: number;
      }>
    ).map((row) => row.user_id);
  }

  /** A push for this user finished: the scheduled push starts from when it began. */
  markPushed(userId: number, startedAt: string): void {
    this.db
      .prepare('UPDATE contact_settings SET changes_since = ? WHERE user_id = ? AND (changes_since IS NULL OR changes_since < ?)')
      .run(startedAt, userId, startedAt);
  }
}
