import type { DatabaseSync } from 'node:sqlite';
import { cachedStatements, type StatementCache } from '../store/statementCache';
import { accessScopes, type AccessScope, type Role } from '../../shared/contract';

type RoleRow = { id: number; name: string; created_at: string; updated_at: string };

/** A role as a scope check needs it: no member list (a role of 10,000 users would be read per check). */
export type RoleGrant = Pick<Role, 'id' | 'name' | 'scopes'>;

/** SQL for roles, the scopes they enable and their members; the service adds rules and audit. */
export class RoleRepository {
  // A sync run checks each mailbox's access as it starts it: preparing these reads every time was
  // most of that check's cost (issue 17's bench profile).
  private readonly statement: StatementCache;

  constructor(db: DatabaseSync) {
    this.statement = cachedStatements(db);
  }

  list(): Role[] {
    const rows = this.statement('SELECT * FROM roles ORDER BY name COLLATE NOCASE, id').all() as RoleRow[];
    const scopes = this.statement('SELECT role_id, scope FROM role_scopes').all() as { role_id: number; scope: AccessScope }[];
    const members = this.statement(
      'SELECT user_roles.role_id, user_roles.user_id FROM user_roles JOIN users ON users.id = user_roles.user_id ORDER BY users.name COLLATE NOCASE',
    ).all() as { role_id: number; user_id: number }[];
    return rows.map((row) =>
      toRole(
        row,
        scopes.filter((entry) => entry.role_id === row.id).map((entry) => entry.scope),
        members.filter((entry) => entry.role_id === row.id).map((entry) => entry.user_id),
      ),
    );
  }

  find(id: number): Role | undefined {
    const row = this.statement('SELECT * FROM roles WHERE id = ?').get(id) as RoleRow | undefined;
    if (!row) return undefined;
    const scopes = this.statement('SELECT scope FROM role_scopes WHERE role_id = ?').all(id) as { scope: AccessScope }[];
    const members = this.statement(
      'SELECT user_id FROM user_roles JOIN users ON users.id = user_roles.user_id WHERE role_id = ? ORDER BY users.name COLLATE NOCASE',
    ).all(id) as { user_id: number }[];
    return toRole(
      row,
      scopes.map((entry) => entry.scope),
      members.map((entry) => entry.user_id),
    );
  }

  /** Name and scopes only: what a user's effective access is computed from. */
  grant(id: number): RoleGrant | undefined {
    const row = this.statement('SELECT id, name FROM roles WHERE id = ?').get(id) as Pick<RoleRow, 'id' | 'name'> | undefined;
    if (!row) return undefined;
    const enabled = (this.statement('SELECT scope FROM role_scopes WHERE role_id = ?').all(id) as { scope: AccessScope }[]).map(
      (entry) => entry.scope,
    );
    return { id: row.id, name: row.name, scopes: scopesFrom(enabled) };
  }

  findByName(name: string): Role | undefined {
    const row = this.statement('SELECT id FROM roles WHERE name = ? COLLATE NOCASE').get(name.trim()) as { id: number } | undefined;
    return row && this.find(row.id);
  }

  insert(name: string, at: Date): number {
    const stamp = at.toISOString();
    return Number(
      this.statement('INSERT INTO roles (name, created_at, updated_at) VALUES (?, ?, ?)').run(name, stamp, stamp).lastInsertRowid,
    );
  }

  rename(id: number, name: string, at: Date): void {
    this.statement('UPDATE roles SET name = ?, updated_at = ? WHERE id = ?').run(name, at.toISOString(), id);
  }

  delete(id: number): void {
    this.statement('DELETE FROM roles WHERE id = ?').run(id);
  }

  setScope(id: number, scope: AccessScope, enabled: boolean, at: Date): void {
    if (enabled) this.statement('INSERT OR IGNORE INTO role_scopes (role_id, scope) VALUES (?, ?)').run(id, scope);
    else this.statement('DELETE FROM role_scopes WHERE role_id = ? AND scope = ?').run(id, scope);
    this.statement('UPDATE roles SET updated_at = ? WHERE id = ?').run(at.toISOString(), id);
  }
}

function scopesFrom(enabled: readonly AccessScope[]): Role['scopes'] {
  return Object.fromEntries(accessScopes.map((scope) => [scope, enabled.includes(scope)])) as Role['scopes'];
}

function toRole(row: RoleRow, enabled: AccessScope[], memberIds: number[]): Role {
  return { id: row.id, name: row.name, scopes: scopesFrom(enabled), memberIds, createdAt: row.created_at, updatedAt: row.updated_at };
}
