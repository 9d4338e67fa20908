import { json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import { handleAdminConsent, handleAuthorize } from './authorize.ts';
import type { IdentityContext } from './context.ts';
import { aad, aadErrorResponse } from './errors.ts';
import { handleIntrospection, handleSharedIntrospection } from './introspection.ts';
import { openIdConfiguration } from './metadata.ts';
import { handleToken } from './token.ts';

/** Routes /{tenant}/…; returns null for paths that are not the identity platform's. */
export async function routeIdentity(ctx: IdentityContext, req: EmulatorRequest): Promise<EmulatorResponse | null> {
  const match = /^\/([^/]+)(\/.*)$/.exec(req.url.pathname);
  if (!match) return null;
  const [, segment, rest] = match;
  const route = `${req.method} ${rest}`;
  const shared = /^POST \/oauth2\/v2\.0\/introspect\/shared\/([^/]+)$/.exec(route);
  if (shared) return handleSharedIntrospection(ctx, req, decodeURIComponent(shared[1]));
  const known = [
    'GET /v2.0/.well-known/openid-configuration',
    'GET /discovery/v2.0/keys',
    'GET /oauth2/v2.0/authorize',
    'POST /oauth2/v2.0/authorize',
    'POST /oauth2/v2.0/token',
    'POST /oauth2/v2.0/introspect',
    'GET /v2.0/adminconsent',
    'POST /v2.0/adminconsent',
  ];
  if (!known.includes(route)) return null;
  const tenant = ctx.directory.resolveTenant(segment);
  if (!tenant && route.startsWith('GET /v2.0/.well-known')) {
    return aadErrorResponse(aad.tenantNotFound(segment), req.id, ctx.clock.date());
  }
  switch (route) {
    case 'GET /v2.0/.well-known/openid-configuration':
      return openIdConfiguration(ctx, tenant!, segment);
    case 'GET /discovery/v2.0/keys':
      return json(200, ctx.tokens.jwks());
    case 'POST /oauth2/v2.0/token':
      return handleToken(ctx, req, segment);
    case 'POST /oauth2/v2.0/introspect':
      return handleIntrospection(ctx, req);
    case 'GET /v2.0/adminconsent':
    case 'POST /v2.0/adminconsent':
      return handleAdminConsent(ctx, req, segment);
    default:
      return handleAuthorize(ctx, req, segment);
  }
}
