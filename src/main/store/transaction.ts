import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one transaction: a change and its audit entry are written together or not at
 * all. Nested calls become savepoints, so a service method can call another one safely.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) {
    db.exec('SAVEPOINT nested_work');
    try {
      const result = work();
      db.exec('RELEASE nested_work');
      return result;
    } catch (error) {
      db.exec('ROLLBACK TO nested_work');
      db.exec('RELEASE nested_work');
      throw error;
    }
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
