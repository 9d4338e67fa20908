import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StartupNotice } from '../../shared/contract';
import { moveAside } from '../files/moveAside';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type WorkspaceDatabaseOptions = {
  path: string;
  now: () => Date;
  notify: (notice: StartupNotice) => void;
  migrations?: readonly Migration[];
};

/**
 * Opens the embedded SQLite workspace (node:sqlite, built into Node and Electron: no native
 * module to rebuild), in WAL mode, and applies pending migrations in one transaction. A file
 * that is not a readable database is moved aside, with its -wal and -shm, and reported.
 */
export function openWorkspaceDatabase(options: WorkspaceDatabaseOptions): DatabaseSync {
  mkdirSync(dirname(options.path), { recursive: true });
  const migrations = options.migrations ?? defaultMigrations;
  try {
    return openAndMigrate(options.path, migrations);
  } catch (error) {
    if (!isCorruptionError(error) || !existsSync(options.path)) throw error;
    const now = options.now();
    const movedTo = moveAside(options.path, now);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(options.path + suffix)) moveAside(options.path + suffix, now);
    }
    options.notify({
      level: 'error',
      message: `The workspace database could not be read (${(error as Error).message}). It was moved aside to ${movedTo} and a new, empty one was created. Restore a backup to get your data back.`,
      path: options.path,
    });
    return openAndMigrate(options.path, migrations);
  }
}

function openAndMigrate(path: string, migrations: readonly Migration[]): DatabaseSync {
  createPrivately(path);
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // SQLite's advice for WAL: a commit survives the process being killed (the crash tests), only
    // a power cut may lose the last ones, never consistency. FULL's fsync per commit was the
    // largest cost of a sync run at 10,000 mailboxes (issue 17's bench profile).
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    const integrity = db.prepare('PRAGMA quick_check').get() as { quick_check: string } | undefined;
    if (integrity?.quick_check !== 'ok') {
      throw Object.assign(new Error(`integrity check failed: ${integrity?.quick_check ?? 'no answer'}`), {
        code: 'ERR_SQLITE_ERROR',
        errcode: 11,
      });
    }
    applyMigrations(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: DatabaseSync): number {
  return (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
}

function applyMigrations(db: DatabaseSync, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `The workspace database is from a newer version of the console (schema ${current}, this version knows ${newest}). Update the console.`,
    );
  }
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return;
  // All pending migrations in one transaction: a failure leaves the database exactly as it was.
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const migration of pending) db.exec(migration.sql);
    db.exec(`PRAGMA user_version = ${newest}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * SQLite creates a new database file 0644, and its -wal and -shm with the database file's mode.
 * An empty file made 0600 first is a valid new database, so all three are private from the start.
 */
function createPrivately(path: string): void {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file is damaged or not a database at all. */
function isCorruptionError(error: unknown): boolean {
  const errcode = (error as { errcode?: number }).errcode;
  return errcode === 11 || errcode === 26;
}
