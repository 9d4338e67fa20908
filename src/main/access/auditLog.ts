import type { DatabaseSync } from 'node:sqlite';
import type { AuditEntry } from '../../shared/contract';

export type AuditChange = { target: string; change: string; oldValue?: string | null; newValue?: string | null };

type AuditRow = {
  id: number;
  at: string;
  operator: string;
  target: string;
  change: string;
  old_value: string | null;
  new_value: string | null;
};

/**
 * Who changed what in access control, and when. The service writes an entry inside the same
 * transaction as the change, so there is never a change without its entry or the reverse.
 */
export class AuditLog {
  constructor(
    private readonly db: DatabaseSync,
    private readonly operator: string,
    private readonly now: () => Date,
  ) {}

  record(change: AuditChange): void {
    this.db
      .prepare('INSERT INTO access_audit (at, operator, target, change, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), this.operator, change.target, change.change, change.oldValue ?? null, change.newValue ?? null);
  }

  /** Newest first. */
  list(limit: number): AuditEntry[] {
    const rows = this.db.prepare('SELECT * FROM access_audit ORDER BY id DESC LIMIT ?').all(limit) as AuditRow[];
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      operator: row.operator,
      target: row.target,
      change: row.change,
      oldValue: row.old_value,
      newValue: row.new_value,
    }));
  }
}
