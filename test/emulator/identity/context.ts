import type { AppOnlyDirectory } from '../appOnly.ts';
import type { EmulatorClock } from '../clock.ts';
import type { AppRegistration, Directory, Tenant, User } from '../store.ts';
import type { TokenService } from './tokenService.ts';

export type IdentityContext = {
  directory: Directory;
  /** Certificates, application consent and mailbox scopes of apps acting as themselves. */
  appOnly: AppOnlyDirectory;
  tokens: TokenService;
  clock: EmulatorClock;
  /** https://localhost:PORT — the authority host, and the issuer host MSAL compares it with. */
  origin: () => string;
  /** Resource prefixes that mean Microsoft Graph in a scope string. */
  graphResourceUrls: () => string[];
};

export function issuerFor(ctx: IdentityContext, tenantId: string): string {
  return `${ctx.origin()}/${tenantId}/v2.0`;
}

/** An app is visible in a tenant when it is registered there or is multi-tenant. */
export function findApp(
  ctx: IdentityContext,
  clientId: string | null,
  tenant: Tenant | 'common' | 'organizations',
): AppRegistration | undefined {
  const app = clientId ? ctx.directory.apps.get(clientId) : undefined;
  if (!app) return undefined;
  if (typeof tenant === 'string' || app.signInAudience === 'AzureADMultipleOrgs' || app.homeTenantId === tenant.id) return app;
  return undefined;
}

export function tenantLabel(tenant: Tenant | 'common' | 'organizations', segment: string): string {
  return typeof tenant === 'string' ? segment : tenant.id;
}

export function usersFor(ctx: IdentityContext, tenant: Tenant | 'common' | 'organizations'): User[] {
  const all = [...ctx.directory.users.values()];
  return typeof tenant === 'string' ? all : all.filter((u) => u.tenantId === tenant.id);
}
