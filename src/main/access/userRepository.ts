import type { DatabaseSync } from 'node:sqlite';
import { cachedStatements, type StatementCache } from '../store/statementCache';
import type { UserType, WorkspaceUser } from '../../shared/contract';

type UserRow = {
  id: number;
  name: string;
  email: string;
  type: UserType;
  active: number;
  created_at: string;
  updated_at: string;
  deactivated_at: string | null;
};

export type UserFields = { name: string; email: string; type: UserType };

/** SQL for workspace users and their role memberships; no rules, no audit (the service does those). */
export class UserRepository {
  // A sync run checks each mailbox's access as it starts it: preparing these reads every time was
  // most of that check's cost (issue 17's bench profile).
  private readonly statement: StatementCache;

  constructor(db: DatabaseSync) {
    this.statement = cachedStatements(db);
  }

  list(): WorkspaceUser[] {
    const rows = this.statement('SELECT * FROM users ORDER BY name COLLATE NOCASE, id').all() as UserRow[];
    const memberships = this.statement('SELECT user_id, role_id FROM user_roles ORDER BY role_id').all() as {
      user_id: number;
      role_id: number;
    }[];
    const roleIds = new Map<number, number[]>();
    for (const { user_id, role_id } of memberships) roleIds.set(user_id, [...(roleIds.get(user_id) ?? []), role_id]);
    return rows.map((row) => toUser(row, roleIds.get(row.id) ?? []));
  }

  find(id: number): WorkspaceUser | undefined {
    const row = this.statement('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row && toUser(row, this.roleIdsOf(id));
  }

  findByEmail(email: string): WorkspaceUser | undefined {
    const row = this.statement('SELECT * FROM users WHERE email = ? COLLATE NOCASE').get(email.trim()) as UserRow | undefined;
    return row && toUser(row, this.roleIdsOf(row.id));
  }

  /** Every email in use, lower-cased, with its owner's name: for checking an import in one pass. */
  emailOwners(): Map<string, string> {
    const rows = this.statement('SELECT name, email FROM users').all() as { name: string; email: string }[];
    return new Map(rows.map((row) => [row.email.toLowerCase(), row.name]));
  }

  insert(fields: UserFields, at: Date): number {
    const stamp = at.toISOString();
    const result = this.statement('INSERT INTO users (name, email, type, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)').run(
      fields.name,
      fields.email,
      fields.type,
      stamp,
      stamp,
    );
    return Number(result.lastInsertRowid);
  }

  update(id: number, fields: UserFields, at: Date): void {
    this.statement('UPDATE users SET name = ?, email = ?, type = ?, updated_at = ? WHERE id = ?').run(
      fields.name,
      fields.email,
      fields.type,
      at.toISOString(),
      id,
    );
  }

  setActive(id: number, active: boolean, at: Date): void {
    const stamp = at.toISOString();
    this.statement('UPDATE users SET active = ?, deactivated_at = ?, updated_at = ? WHERE id = ?').run(
      active ? 1 : 0,
      active ? null : stamp,
      stamp,
      id,
    );
  }

  roleIdsOf(userId: number): number[] {
    const rows = this.statement('SELECT role_id FROM user_roles WHERE user_id = ? ORDER BY role_id').all(userId) as { role_id: number }[];
    return rows.map((row) => row.role_id);
  }

  replaceRoles(userId: number, roleIds: readonly number[], at: Date): void {
    this.statement('DELETE FROM user_roles WHERE user_id = ?').run(userId);
    const add = this.statement('INSERT INTO user_roles (user_id, role_id) VALUES (?, ?)');
    for (const roleId of new Set(roleIds)) add.run(userId, roleId);
    this.statement('UPDATE users SET updated_at = ? WHERE id = ?').run(at.toISOString(), userId);
  }
}

function toUser(row: UserRow, roleIds: number[]): WorkspaceUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    type: row.type,
    active: row.active === 1,
    roleIds,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deactivatedAt: row.deactivated_at,
  };
}
