import type { HandlerRegistry } from '../contract/handlerRegistry';
import type { AccessService } from './accessService';

export function registerAccessHandlers(registry: HandlerRegistry, access: AccessService): void {
  registry.handle('access.overview', () => access.overview());
  registry.handle('access.createUser', (input) => access.createUser(input));
  registry.handle('access.updateUser', (input) => access.updateUser(input));
  registry.handle('access.setUserActive', ({ id, active }) => access.setUserActive(id, active));
  registry.handle('access.setUserRoles', ({ id, roleIds }) => access.setUserRoles(id, roleIds));
  registry.handle('access.createRole', ({ name }) => access.createRole(name));
  registry.handle('access.renameRole', ({ id, name }) => access.renameRole(id, name));
  registry.handle('access.deleteRole', ({ id }) => access.deleteRole(id));
  registry.handle('access.setRoleScope', ({ id, scope, enabled }) => access.setRoleScope(id, scope, enabled));
  registry.handle('access.effectiveAccess', ({ userId }) => access.effectiveAccess(userId));
  registry.handle('access.auditLog', ({ limit }) => access.auditLog(limit));
  registry.handle('access.previewImport', ({ csv }) => access.previewImport(csv));
  registry.handle('access.confirmImport', ({ rows }) => access.confirmImport(rows));
}
