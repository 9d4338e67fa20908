import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AccessService } from '../../../src/main/access/accessService';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';

/** An AccessService on a fresh, migrated workspace database, with a clock the test moves. */
export function createAccessFixture(dir: string) {
  let now = new Date('2026-11-26T09:00:00Z');
  const db: DatabaseSync = openWorkspaceDatabase({ path: join(dir, 'workspace.db'), now: () => now, notify: () => {} });
  const changes: Date[] = [];
  const access = new AccessService({ db, operator: 'jdoe', now: () => now, onChange: () => changes.push(now) });
  return {
    db,
    access,
    changes,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    close: () => db.close(),
  };
}
