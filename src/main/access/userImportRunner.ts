import { ContractError, type ImportResult, type ImportRow } from '../../shared/contract';
import type { RoleRepository } from './roleRepository';
import { checkImportRow, type ImportContext } from './userImport';
import type { UserRepository } from './userRepository';

export function importContext(users: UserRepository, roles: RoleRepository): ImportContext {
  return {
    emailOwners: users.emailOwners(),
    rolesByName: new Map(roles.list().map((role) => [role.name.toLowerCase(), { id: role.id, name: role.name }])),
  };
}

export type ImportSteps = {
  context: () => ImportContext;
  /** Creates one user in its own transaction: one failing row leaves the others in place. */
  create: (row: ImportRow, roleIds: number[]) => unknown;
};

/**
 * Imports the rows the administrator confirmed after the preview. Each row is checked again
 * (someone may have added a user since the preview) and created on its own; every row that is
 * not created is reported with the reason, never dropped silently.
 */
export function importUsers(rows: readonly ImportRow[], steps: ImportSteps): ImportResult {
  const context = steps.context();
  const seen = new Set<number>();
  const firstRowOfEmail = new Map<string, number>();
  const result: ImportResult = { created: 0, failed: [] };
  for (const row of rows) {
    if (seen.has(row.row)) {
      result.failed.push({ row: row.row, email: row.email, reason: `Row ${row.row} was sent twice.` });
      continue;
    }
    seen.add(row.row);
    const checked = checkImportRow({ ...row, roles: row.roleNames }, context, firstRowOfEmail);
    if (checked.status !== 'valid') {
      const reason = checked.issues.map((issue) => `${issue.field}: ${issue.message}`).join(' ');
      result.failed.push({ row: row.row, email: row.email, reason });
      continue;
    }
    const roleIds = checked.roleNames.map((name) => context.rolesByName.get(name.toLowerCase())!.id);
    try {
      steps.create(checked, roleIds);
      result.created += 1;
    } catch (error) {
      const reason = error instanceof ContractError ? error.message : `It could not be saved (${(error as Error).message}).`;
      result.failed.push({ row: row.row, email: row.email, reason });
    }
  }
  return result;
}
