// POST /{tenant}/oauth2/v2.0/token with grant_type=client_credentials: an app-only token, as
// Microsoft's "OAuth 2.0 client credentials flow" page documents it (see docs/graph-fidelity.md,
// "Client credentials"). Kept apart from token.ts so certificate credentials (client_assertion)
// can be added here without touching the user grants.
import { json, type EmulatorResponse } from '../http.ts';
import type { AppRegistration, Tenant } from '../store.ts';
import type { AadError } from './errors.ts';
import { issuerFor, type IdentityContext } from './context.ts';

export const clientCredentialsErrors = {
  /** Documented: the grant works only against the app's tenant, not /common or /consumers (and, stricter, not /organizations). */
  tenantRequired: (): AadError => ({
    error: 'invalid_request',
    code: 9001023,
    status: 400,
    message:
      'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
  }),
  /** Documented: the scope must be one resource's `/.default`. */
  scopeNotDefault: (scope: string): AadError => ({
    error: 'invalid_scope',
    code: 1002012,
    status: 400,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  /** A `/.default` of a resource this tenant does not have. */
  resourceNotFound: (resource: string, tenantName: string): AadError => ({
    error: 'invalid_resource',
    code: 500011,
    status: 400,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  missingScope: (): AadError => ({
    error: 'invalid_request',
    code: 900144,
    status: 400,
    message: "The request body must contain the following parameter: 'scope'.",
  }),
};

/**
 * Called once token.ts has found the tenant, the app and checked a given secret. Strict where
 * Microsoft is: a tenant-specific endpoint, a secret (no public client), exactly one scope that
 * is a known Graph resource's `/.default`; the answer has no refresh token, no id_token, no scope.
 */
export async function handleClientCredentials(
  ctx: IdentityContext,
  tenant: Tenant | 'common' | 'organizations',
  app: AppRegistration,
  secretGiven: boolean,
  form: URLSearchParams,
  fail: (err: AadError) => EmulatorResponse,
  missingSecret: AadError,
): Promise<EmulatorResponse> {
  if (typeof tenant === 'string') return fail(clientCredentialsErrors.tenantRequired());
  if (!secretGiven) return fail(missingSecret);
  const scope = form.get('scope')?.trim();
  if (!scope) return fail(clientCredentialsErrors.missingScope());
  if (/\s/.test(scope) || !scope.endsWith('/.default')) return fail(clientCredentialsErrors.scopeNotDefault(scope));
  const resource = scope.slice(0, -'.default'.length);
  if (!ctx.graphResourceUrls().includes(resource)) return fail(clientCredentialsErrors.resourceNotFound(scope, tenant.displayName));
  // No application permissions are modelled yet: Entra then issues a token without a `roles` claim.
  const access = await ctx.tokens.appAccessToken(app.clientId, tenant.id, [], issuerFor(ctx, tenant.id));
  return json(
    200,
    { token_type: 'Bearer', expires_in: access.expiresIn, ext_expires_in: access.expiresIn, access_token: access.token },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}
