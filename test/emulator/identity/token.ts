// POST /{tenant}/oauth2/v2.0/token: authorization_code (PKCE verified) and refresh_token grants;
// client_credentials in clientCredentials.ts.
import { createHash, timingSafeEqual } from 'node:crypto';
import { formBody, header, json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { AppRegistration, User } from '../store.ts';
import { aad, aadErrorResponse, type AadError } from './errors.ts';
import { handleClientCredentials } from './clientCredentials.ts';
import { findApp, issuerFor, tenantLabel, type IdentityContext } from './context.ts';
import { EXCHANGE_PERMISSIONS, OUTLOOK_AUDIENCE, parseScopes, permissionNames, type ParsedScopes } from './scopes.ts';
import { GRAPH_APP_ID, type Grant } from './tokenService.ts';

type ClientCredentials = { clientId: string | null; secret: string | null };

function clientCredentials(req: EmulatorRequest, form: URLSearchParams): ClientCredentials {
  const basic = header(req, 'authorization');
  if (basic?.startsWith('Basic ')) {
    const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
  }
  return { clientId: form.get('client_id'), secret: form.get('client_secret') };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function checkSecret(ctx: IdentityContext, app: AppRegistration, secret: string | null): AadError | null {
  if (!secret) return app.allowPublicClient ? null : aad.missingSecret();
  const match = app.secrets.find((s) => sameText(s.secretText, secret));
  if (!match) return aad.invalidSecret(app.clientId);
  if (match.endDateTime.getTime() <= ctx.clock.now()) return aad.expiredSecret(app.clientId);
  return null;
}

function pkceValid(challenge: string, method: string, verifier: string | null): boolean {
  if (!verifier) return false;
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  return sameText(computed, challenge);
}

export async function handleToken(ctx: IdentityContext, req: EmulatorRequest, segment: string): Promise<EmulatorResponse> {
  const form = formBody(req);
  const now = ctx.clock.date();
  const fail = (err: AadError) => aadErrorResponse(err, req.id, now, header(req, 'client-request-id'));
  const tenant = ctx.directory.resolveTenant(segment);
  if (!tenant) return fail(aad.tenantNotFound(segment));
  const grantType = form.get('grant_type');
  if (!grantType) return fail(aad.missingParameter('grant_type'));
  const credentials = clientCredentials(req, form);
  const app = findApp(ctx, credentials.clientId, tenant);
  if (!app) return fail(aad.unknownApplication(credentials.clientId ?? '', tenantLabel(tenant, segment)));
  const secretError = checkSecret(ctx, app, credentials.secret);
  if (secretError) return fail(secretError);
  if (grantType === 'client_credentials') {
    return handleClientCredentials(ctx, tenant, app, Boolean(credentials.secret), form, fail, aad.missingSecret());
  }

  if (grantType === 'authorization_code') {
    const value = form.get('code');
    if (!value) return fail(aad.missingParameter('code'));
    const code = ctx.tokens.codes.get(value);
    if (!code || code.clientId !== app.clientId) return fail(aad.malformedGrant());
    if (code.redeemed) return fail(aad.codeRedeemed());
    if (code.expiresAt <= ctx.clock.now()) return fail(aad.codeOrTokenExpired());
    if (form.get('redirect_uri') !== code.redirectUri) return fail(aad.replyAddressDiffers());
    if (code.codeChallenge && !pkceValid(code.codeChallenge, code.codeChallengeMethod, form.get('code_verifier'))) {
      return fail(aad.pkceMismatch());
    }
    // The scope sent now picks the token's resource; a code covers every resource consented at authorize.
    const scopeParam = form.get('scope') ?? code.scopes.join(' ');
    const scopes = parseScopes(scopeParam, app.requiredScopes, ctx.graphResourceUrls());
    if (scopes.graph.length > 0 && scopes.outlook.length > 0) return fail(aad.moreThanOneResource(scopeParam));
    code.redeemed = true;
    const user = ctx.directory.users.get(code.userId) as User;
    const grant = ctx.tokens.grantFor(user, app.clientId);
    return success(ctx, grant, user, app, scopes, code.nonce, form.get('client_info') === '1');
  }

  if (grantType === 'refresh_token') {
    const value = form.get('refresh_token');
    if (!value) return fail(aad.missingParameter('refresh_token'));
    const found = ctx.tokens.lookupRefreshToken(value);
    if (found === 'unknown') return fail(aad.malformedGrant());
    if (found === 'revoked') return fail(aad.grantRevoked());
    if (found === 'expired') return fail(aad.codeOrTokenExpired());
    if (found.grant.clientId !== app.clientId) return fail(aad.malformedGrant());
    const user = ctx.directory.users.get(found.grant.userId) as User;
    const scopeParam = form.get('scope') ?? '';
    const scopes = parseScopes(scopeParam, app.requiredScopes, ctx.graphResourceUrls());
    if (scopes.graph.length > 0 && scopes.outlook.length > 0) return fail(aad.moreThanOneResource(scopeParam));
    const consented = ctx.directory.consentedScopes(user, app.clientId);
    if (permissionNames(scopes).some((s) => !consented.has(s))) return fail(aad.consentRequired(app.clientId, app.displayName));
    return success(ctx, found.grant, user, app, scopes, null, form.get('client_info') === '1');
  }
  return fail(aad.unsupportedGrantType());
}

async function success(
  ctx: IdentityContext,
  grant: Grant,
  user: User,
  app: AppRegistration,
  requested: ParsedScopes,
  nonce: string | null,
  wantsClientInfo: boolean,
): Promise<EmulatorResponse> {
  // Entra puts every permission consented for the resource into the token, not only those asked for.
  // Exchange Online's token carries only its mail permissions, and its response names them with the
  // resource (Graph's answer uses bare names).
  const consented = [...ctx.directory.consentedScopes(user, app.clientId)];
  const forOutlook = requested.outlook.length > 0;
  const tokenScopes = forOutlook ? consented.filter((s) => EXCHANGE_PERMISSIONS.has(s)) : consented;
  const issuer = issuerFor(ctx, user.tenantId);
  const access = await ctx.tokens.accessToken(grant, user, tokenScopes, issuer, forOutlook ? OUTLOOK_AUDIENCE : GRAPH_APP_ID);
  const openid = requested.openid.filter((s) => ['openid', 'profile', 'email'].includes(s));
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: [...(forOutlook ? tokenScopes.map((s) => `${OUTLOOK_AUDIENCE}/${s}`) : tokenScopes), ...openid].join(' '),
    expires_in: access.expiresIn,
    ext_expires_in: access.expiresIn,
    access_token: access.token,
  };
  if (requested.openid.includes('offline_access')) body.refresh_token = ctx.tokens.issueRefreshToken(grant);
  if (requested.openid.includes('openid')) body.id_token = await ctx.tokens.idToken(user, app.clientId, issuer, nonce);
  if (wantsClientInfo) body.client_info = Buffer.from(JSON.stringify({ uid: user.id, utid: user.tenantId })).toString('base64url');
  return json(200, body, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}
