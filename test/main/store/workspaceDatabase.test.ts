import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StartupNotice } from '../../../src/shared/contract';
import { migrations } from '../../../src/main/store/migrations';
import { openWorkspaceDatabase, schemaVersion } from '../../../src/main/store/workspaceDatabase';
import { useTempDirs } from '../../support/tempDir';

const now = () => new Date('2026-11-26T12:00:00Z');

describe('workspace database', () => {
  const tempDir = useTempDirs();

  it('opens in WAL mode with every migration applied', () => {
    const path = join(tempDir(), 'workspace.db');
    const db = openWorkspaceDatabase({ path, now, notify: () => {} });
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('applies only pending migrations, all in one transaction', () => {
    const path = join(tempDir(), 'workspace.db');
    const first = [{ version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY)' }];
    openWorkspaceDatabase({ path, now, notify: () => {}, migrations: first }).close();
    const broken = [
      ...first,
      { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY)' },
      { version: 3, name: 'three', sql: 'CREATE TABLE three (oops' },
    ];
    expect(() => openWorkspaceDatabase({ path, now, notify: () => {}, migrations: broken })).toThrow();
    const fixed = [...broken.slice(0, 2), { version: 3, name: 'three', sql: 'CREATE TABLE three (id INTEGER PRIMARY KEY)' }];
    const db = openWorkspaceDatabase({ path, now, notify: () => {}, migrations: fixed });
    expect(schemaVersion(db)).toBe(3);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (row) => row.name,
    );
    expect(tables).toEqual(['one', 'three', 'two']);
    db.close();
  });

  it('refuses a database from a newer version instead of damaging it', () => {
    const path = join(tempDir(), 'workspace.db');
    const db = openWorkspaceDatabase({ path, now, notify: () => {} });
    db.exec('PRAGMA user_version = 999');
    db.close();
    expect(() => openWorkspaceDatabase({ path, now, notify: () => {} })).toThrow(/newer version/);
  });

  it('moves a file that is not a database aside, reports its path, and starts a new one', () => {
    const dir = tempDir();
    const path = join(dir, 'workspace.db');
    writeFileSync(path, 'this is not an sqlite file, just text that happens to be here'.repeat(100));
    const notices: StartupNotice[] = [];
    const db = openWorkspaceDatabase({ path, now, notify: (notice) => notices.push(notice) });
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
    const aside = readdirSync(dir).filter((name) => name.startsWith('workspace.db.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]), 'utf8')).toContain('this is not an sqlite file');
    expect(notices).toEqual([expect.objectContaining({ level: 'error', path })]);
  });
});
