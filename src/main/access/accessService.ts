import type { DatabaseSync } from 'node:sqlite';
import {
  ContractError,
  scopeLabels,
  type AccessOverview,
  type AccessScope,
  type AuditEntry,
  type EffectiveAccess,
  type ImportPreview,
  type ImportResult,
  type ImportRow,
  type Role,
  type WorkspaceUser,
} from '../../shared/contract';
import { AuditLog } from './auditLog';
import { computeEffectiveAccess, listWords, scopeAccess } from './effectiveAccess';
import { RoleRepository, type RoleGrant } from './roleRepository';
import { inTransaction } from '../store/transaction';
import { importContext, importUsers } from './userImportRunner';
import { previewUserImport } from './userImport';
import { UserRepository, type UserFields } from './userRepository';

export type NewUserFields = UserFields & { roleIds?: readonly number[] };

export type AccessServiceOptions = {
  db: DatabaseSync;
  /** Who is at the console (the OS account): the "who" of every audit entry. */
  operator: string;
  now: () => Date;
  /** Called after every committed change, so open pages and windows refresh. */
  onChange?: () => void;
};

/** Why a scope check failed, in the words a job log or an error shows. */
export type ScopeCheck =
  | { granted: true; user: WorkspaceUser; access: EffectiveAccess['scopes'][number] }
  | { granted: false; user: WorkspaceUser; skipReason: string; message: string };

/**
 * Workspace users, roles and the scopes they enable. Every change is written with its audit
 * entry in one transaction. `requireScope` is the single guard the features that act for a
 * user (connecting an account, calendar sync, contacts push) call before they do anything.
 */
export class AccessService {
  private readonly users: UserRepository;
  private readonly roles: RoleRepository;
  private readonly audit: AuditLog;

  constructor(private readonly options: AccessServiceOptions) {
    this.users = new UserRepository(options.db);
    this.roles = new RoleRepository(options.db);
    this.audit = new AuditLog(options.db, options.operator, options.now);
  }

  overview(): AccessOverview {
    return { users: this.users.list(), roles: this.roles.list() };
  }

  getUser(id: number): WorkspaceUser {
    const user = this.users.find(id);
    if (!user)
      throw new ContractError(
        'NOT_FOUND',
        `There is no user with id ${id}. Reload the Access control page: the user list may be out of date.`,
      );
    return user;
  }

  getRole(id: number): Role {
    return this.roles.find(id) ?? roleNotFound(id);
  }

  createUser(input: NewUserFields): WorkspaceUser {
    return this.change(() => this.insertUser(input, 'created'));
  }

  updateUser(input: { id: number } & Partial<UserFields>): WorkspaceUser {
    return this.change(() => {
      const before = this.getUser(input.id);
      const next: UserFields = { name: input.name ?? before.name, email: input.email ?? before.email, type: input.type ?? before.type };
      if (next.email.toLowerCase() !== before.email.toLowerCase()) this.assertEmailFree(next.email);
      const changed = (['name', 'email', 'type'] as const).filter((field) => next[field] !== before[field]);
      if (changed.length === 0) return before;
      this.users.update(before.id, next, this.options.now());
      for (const field of changed)
        this.audit.record({ target: userLabel(before), change: field, oldValue: before[field], newValue: next[field] });
      return this.getUser(before.id);
    });
  }

  /** Deactivating keeps the user, their roles and their history; only their access stops. */
  setUserActive(id: number, active: boolean): WorkspaceUser {
    return this.change(() => {
      const before = this.getUser(id);
      if (before.active === active) return before;
      this.users.setActive(id, active, this.options.now());
      this.audit.record({ target: userLabel(before), change: 'status', oldValue: activeWord(before.active), newValue: activeWord(active) });
      return this.getUser(id);
    });
  }

  setUserRoles(id: number, roleIds: readonly number[]): WorkspaceUser {
    return this.change(() => {
      const before = this.getUser(id);
      const oldNames = this.roleNamesOf(before.roleIds, 'roleIds');
      const newNames = this.roleNamesOf(roleIds, 'roleIds');
      if (sameMembers(before.roleIds, roleIds)) return before;
      this.users.replaceRoles(id, roleIds, this.options.now());
      this.audit.record({ target: userLabel(before), change: 'roles', oldValue: listOrNone(oldNames), newValue: listOrNone(newNames) });
      return this.getUser(id);
    });
  }

  /** New roles enable nothing: an administrator turns each scope on deliberately. */
  createRole(name: string): Role {
    return this.change(() => {
      this.assertRoleNameFree(name);
      const id = this.roles.insert(name, this.options.now());
      this.audit.record({ target: `Role ${name}`, change: 'created', newValue: 'no scope enabled' });
      return this.getRole(id);
    });
  }

  renameRole(id: number, name: string): Role {
    return this.change(() => {
      const before = this.getRole(id);
      if (before.name === name) return before;
      if (before.name.toLowerCase() !== name.toLowerCase()) this.assertRoleNameFree(name);
      this.roles.rename(id, name, this.options.now());
      this.audit.record({ target: `Role ${before.name}`, change: 'name', oldValue: before.name, newValue: name });
      return this.getRole(id);
    });
  }

  /** Its members lose what it granted; the audit entry keeps what it was and who had it. */
  deleteRole(id: number): void {
    this.change(() => {
      const before = this.getRole(id);
      const members = before.memberIds.map((memberId) => this.users.find(memberId)?.name ?? `#${memberId}`);
      this.roles.delete(id);
      this.audit.record({
        target: `Role ${before.name}`,
        change: 'deleted',
        oldValue: `${describeScopes(before)}; members: ${listOrNone(members)}`,
      });
    });
  }

  setRoleScope(id: number, scope: AccessScope, enabled: boolean): Role {
    return this.change(() => {
      const before = this.getRole(id);
      if (before.scopes[scope] === enabled) return before;
      this.roles.setScope(id, scope, enabled, this.options.now());
      this.audit.record({
        target: `Role ${before.name}`,
        change: scopeLabels[scope],
        oldValue: scopeWord(before.scopes[scope]),
        newValue: scopeWord(enabled),
      });
      return this.getRole(id);
    });
  }

  effectiveAccess(userId: number): EffectiveAccess {
    const user = this.getUser(userId);
    return computeEffectiveAccess(user, this.grantsOf(user));
  }

  private grantsOf(user: WorkspaceUser): RoleGrant[] {
    return user.roleIds.map((roleId) => this.roleGrant(roleId));
  }

  /** A role's name and scopes, without its members: a check per user must not read every member of a large role. */
  private roleGrant(id: number): RoleGrant {
    return this.roles.grant(id) ?? roleNotFound(id);
  }

  checkScope(userId: number, scope: AccessScope): ScopeCheck {
    // The one scope, not the user's whole effective access with its troubleshooting answers: a
    // sync run checks every mailbox as it starts it.
    const user = this.getUser(userId);
    const roles = this.grantsOf(user);
    const entry = scopeAccess(user, roles, scope);
    if (entry.granted) return { granted: true, user, access: entry };
    const { name } = user;
    const label = scopeLabels[scope];
    if (entry.source === 'deactivated') {
      return {
        granted: false,
        user,
        skipReason: 'user deactivated',
        message: `${name} is deactivated, so has no ${label} access: reactivate ${name} on the Access control page.`,
      };
    }
    const fix =
      roles.length === 0
        ? `${name} has no role; give ${name} a role with ${label} enabled on the Access control page.`
        : `enable ${label} in one of ${name}'s roles (${listWords(roles.map((role) => role.name))}) on the Access control page.`;
    return { granted: false, user, skipReason: `no ${label} access`, message: `${name} has no ${label} access: ${fix}` };
  }

  /**
   * The one guard for acting on a user's behalf. Throws FORBIDDEN, in words that name the fix,
   * when the user lacks the scope (or is deactivated); NOT_FOUND when there is no such user.
   */
  requireScope(userId: number, scope: AccessScope): WorkspaceUser {
    const check = this.checkScope(userId, scope);
    if (!check.granted) throw new ContractError('FORBIDDEN', check.message);
    return check.user;
  }

  /** Active users who have the scope now: whom a sync run acts for. */
  usersWithScope(scope: AccessScope): WorkspaceUser[] {
    // One read of the users and of each role, not several queries per user (a run plans 10,000 of them).
    const roles = new Map<number, RoleGrant>();
    const grantOf = (id: number) => roles.get(id) ?? roles.set(id, this.roleGrant(id)).get(id)!;
    return this.users.list().filter((user) => user.active && scopeAccess(user, user.roleIds.map(grantOf), scope).granted);
  }

  auditLog(limit: number): AuditEntry[] {
    return this.audit.list(limit);
  }

  previewImport(csv: string): Promise<ImportPreview> {
    return previewUserImport(csv, importContext(this.users, this.roles));
  }

  confirmImport(rows: readonly ImportRow[]): ImportResult {
    const result = importUsers(rows, {
      context: () => importContext(this.users, this.roles),
      create: (row, roleIds) => inTransaction(this.options.db, () => this.insertUser({ ...row, roleIds }, 'imported from CSV')),
    });
    if (result.created > 0) this.options.onChange?.();
    return result;
  }

  private insertUser(input: NewUserFields, how: string): WorkspaceUser {
    this.assertEmailFree(input.email);
    const roleNames = this.roleNamesOf(input.roleIds ?? [], 'roleIds');
    const now = this.options.now();
    const id = this.users.insert({ name: input.name, email: input.email, type: input.type }, now);
    if (input.roleIds?.length) this.users.replaceRoles(id, input.roleIds, now);
    const user = this.getUser(id);
    this.audit.record({ target: userLabel(user), change: how, newValue: `${user.type}, active; roles: ${listOrNone(roleNames)}` });
    return user;
  }

  private change<T>(work: () => T): T {
    const result = inTransaction(this.options.db, work);
    this.options.onChange?.();
    return result;
  }

  private assertEmailFree(email: string): void {
    const owner = this.users.findByEmail(email);
    if (owner) {
      const message = `A user with this email already exists (${owner.name}): use another email, or edit that user.`;
      throw new ContractError('CONFLICT', `email: ${message}`, [{ field: 'email', message }]);
    }
  }

  private assertRoleNameFree(name: string): void {
    if (this.roles.findByName(name)) {
      const message = `A role named "${name}" already exists: choose another name.`;
      throw new ContractError('CONFLICT', `name: ${message}`, [{ field: 'name', message }]);
    }
  }

  private roleNamesOf(roleIds: readonly number[], field: string): string[] {
    return roleIds.map((roleId) => {
      const role = this.roles.grant(roleId);
      if (!role) {
        const message = `There is no role with id ${roleId}: reload the page and choose the roles again.`;
        throw new ContractError('VALIDATION', `${field}: ${message}`, [{ field, message }]);
      }
      return role.name;
    });
  }
}

const userLabel = (user: WorkspaceUser) => `User ${user.name} <${user.email}>`;
const activeWord = (active: boolean) => (active ? 'active' : 'deactivated');
const scopeWord = (enabled: boolean) => (enabled ? 'enabled' : 'not set');
const listOrNone = (names: readonly string[]) => (names.length === 0 ? 'none' : names.join(', '));
const sameMembers = (a: readonly number[], b: readonly number[]) => a.length === new Set(b).size && b.every((id) => a.includes(id));

function describeScopes(role: Role): string {
  const enabled = (Object.keys(role.scopes) as AccessScope[]).filter((scope) => role.scopes[scope]).map((scope) => scopeLabels[scope]);
  return enabled.length === 0 ? 'no scope enabled' : `enabled: ${enabled.join(', ')}`;
}

function roleNotFound(id: number): never {
  throw new ContractError('NOT_FOUND', `There is no role with id ${id}. Reload the Access control page: the role list may be out of date.`);
}
