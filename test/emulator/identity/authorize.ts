// GET/POST /{tenant}/oauth2/v2.0/authorize and GET/POST /{tenant}/v2.0/adminconsent.
// Errors Entra cannot safely send back (unknown app, unregistered redirect URI, wrong tenant) are
// shown on the page; the user's answers (Cancel, declined consent) go back to the redirect URI.
import { formBody, html, redirect, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { AppRegistration, Tenant, User } from '../store.ts';
import { aad, aadTimestamp, type AadError } from './errors.ts';
import { consentPage, errorPage } from './pages.ts';
import { findApp, tenantLabel, usersFor, type IdentityContext } from './context.ts';
import { redirectUriRegistered } from './redirectUri.ts';
import { OUTLOOK_AUDIENCE, parseScopes, permissionNames } from './scopes.ts';

type Checked =
  | { ok: false; page: EmulatorResponse }
  | { ok: true; tenant: Tenant | 'common' | 'organizations'; app: AppRegistration; redirectUri: string };

function showError(
  req: EmulatorRequest,
  err: AadError,
  ctx: IdentityContext,
  cancel?: { action: string; hidden: Record<string, string> },
): EmulatorResponse {
  const message = `${err.message}\nTrace ID: ${req.id}\nTimestamp: ${aadTimestamp(ctx.clock.date())}`;
  return html(200, errorPage(err.code, message, cancel));
}

function checkClientAndRedirect(ctx: IdentityContext, req: EmulatorRequest, segment: string, params: URLSearchParams): Checked {
  const tenant = ctx.directory.resolveTenant(segment);
  if (!tenant) return { ok: false, page: showError(req, aad.tenantNotFound(segment), ctx) };
  const clientId = params.get('client_id');
  const app = findApp(ctx, clientId, tenant);
  if (!app) return { ok: false, page: showError(req, aad.unknownApplication(clientId ?? '', tenantLabel(tenant, segment)), ctx) };
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!redirectUriRegistered(redirectUri, app.redirectUris)) {
    return { ok: false, page: showError(req, aad.redirectUriMismatch(redirectUri, app.clientId), ctx) };
  }
  if (typeof tenant === 'string' && app.signInAudience === 'AzureADMyOrg') {
    return { ok: false, page: showError(req, aad.notMultiTenant(app.clientId, app.displayName), ctx) };
  }
  return { ok: true, tenant, app, redirectUri };
}

function back(redirectUri: string, values: Record<string, string | null | undefined>): EmulatorResponse {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(values)) if (value != null) target.searchParams.set(key, value);
  return redirect(target.toString());
}

function declined(req: EmulatorRequest, ctx: IdentityContext, redirectUri: string, state: string | null, err: AadError): EmulatorResponse {
  const description = `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${req.id}\r\nTimestamp: ${aadTimestamp(ctx.clock.date())}`;
  return back(redirectUri, { error: err.error, error_description: description, state });
}

/** 50020: the picked account must belong to the tenant in the URL, and to the app's tenant unless it is multi-tenant. */
function wrongTenant(user: User, tenant: Tenant | 'common' | 'organizations', app: AppRegistration, ctx: IdentityContext): AadError | null {
  const required = typeof tenant === 'string' ? (app.signInAudience === 'AzureADMyOrg' ? app.homeTenantId : null) : tenant.id;
  if (required === null || user.tenantId === required) {
    if (app.signInAudience === 'AzureADMyOrg' && user.tenantId !== app.homeTenantId) {
      const home = ctx.directory.tenants.get(app.homeTenantId);
      return aad.accountNotInTenant(user.userPrincipalName, home?.displayName ?? app.homeTenantId, app.clientId, app.displayName);
    }
    return null;
  }
  const name = ctx.directory.tenants.get(required)?.displayName ?? required;
  return aad.accountNotInTenant(user.userPrincipalName, name, app.clientId, app.displayName);
}

export function handleAuthorize(ctx: IdentityContext, req: EmulatorRequest, segment: string): EmulatorResponse {
  const params = req.method === 'POST' ? formBody(req) : req.url.searchParams;
  const checked = checkClientAndRedirect(ctx, req, segment, params);
  if (!checked.ok) return checked.page;
  const { tenant, app, redirectUri } = checked;
  const state = params.get('state');
  if (params.get('response_type') !== 'code') {
    return back(redirectUri, {
      error: 'unsupported_response_type',
      error_description: 'AADSTS700054: response_type is not enabled for the application.',
      state,
    });
  }
  const scopes = parseScopes(params.get('scope'), app.requiredScopes, ctx.graphResourceUrls());
  const accounts = usersFor(ctx, tenant);
  const hint = params.get('login_hint');
  const hinted = hint ? accounts.find((u) => u.userPrincipalName.toLowerCase() === hint.toLowerCase()) : undefined;
  const action = `/${segment}/oauth2/v2.0/authorize`;
  const hidden = Object.fromEntries([...params].filter(([k]) => k !== 'decision' && k !== 'account'));

  if (req.method === 'GET' && params.get('prompt') !== 'none') {
    return html(
      200,
      consentPage({
        title: 'Permissions requested',
        action,
        hidden,
        app,
        accounts,
        preselectedUserId: hinted?.id,
        permissions: [...scopes.openid, ...permissionNames(scopes)],
        intro: 'Sign in and review what this app asks for:',
      }),
    );
  }
  const decision = req.method === 'GET' ? 'accept' : params.get('decision');
  if (decision !== 'accept') return declined(req, ctx, redirectUri, state, aad.userDeclined());

  // Any directory account may be typed on the sign-in page; whether it may sign in here is checked next.
  const user = req.method === 'GET' ? hinted : ctx.directory.users.get(params.get('account') ?? '');
  if (!user)
    return back(redirectUri, {
      error: 'login_required',
      error_description: 'AADSTS50058: A silent sign-in request was sent but no user is signed in.',
      state,
    });
  const tenantError = wrongTenant(user, tenant, app, ctx);
  if (tenantError) return showError(req, tenantError, ctx);

  const consented = ctx.directory.consentedScopes(user, app.clientId);
  const missing = permissionNames(scopes).filter((s) => !consented.has(s));
  if (missing.length > 0) {
    if (req.method === 'GET') {
      return declined(req, ctx, redirectUri, state, { ...aad.consentRequired(app.clientId, app.displayName), error: 'consent_required' });
    }
    const tenantSettings = ctx.directory.tenants.get(user.tenantId);
    if (!user.isAdmin && tenantSettings && !tenantSettings.userConsentAllowed) {
      return showError(
        req,
        {
          error: 'access_denied',
          code: 90094,
          status: 400,
          message: `Need admin approval. ${app.displayName} needs permission to access resources in your organization that only an admin can grant. The grant requires admin permission.`,
        },
        ctx,
        { action, hidden },
      );
    }
    ctx.directory.grantUserConsent(user, app.clientId, missing);
  }
  const code = ctx.tokens.issueCode({
    clientId: app.clientId,
    userId: user.id,
    tenantId: user.tenantId,
    redirectUri: params.get('redirect_uri') ?? redirectUri,
    scopes: [...scopes.openid, ...scopes.graph, ...scopes.outlook.map((s) => `${OUTLOOK_AUDIENCE}/${s}`)],
    codeChallenge: params.get('code_challenge'),
    codeChallengeMethod: params.get('code_challenge_method') ?? 'plain',
    nonce: params.get('nonce'),
  });
  return back(redirectUri, { code, state, session_state: user.id });
}

export function handleAdminConsent(ctx: IdentityContext, req: EmulatorRequest, segment: string): EmulatorResponse {
  const params = req.method === 'POST' ? formBody(req) : req.url.searchParams;
  const checked = checkClientAndRedirect(ctx, req, segment, params);
  if (!checked.ok) return checked.page;
  const { tenant, app, redirectUri } = checked;
  const state = params.get('state');
  const scopes = parseScopes(params.get('scope') ?? '.default', app.requiredScopes, ctx.graphResourceUrls());
  // `.default` consents to everything configured on the registration, application permissions included.
  const appRoles = /(^|[\s/])\.default(\s|$)/.test(params.get('scope') ?? '.default') ? app.requiredAppRoles : [];
  const admins = usersFor(ctx, tenant).filter((u) => u.isAdmin);
  const action = `/${segment}/v2.0/adminconsent`;
  if (req.method === 'GET') {
    const hidden = Object.fromEntries([...params]);
    return html(
      200,
      consentPage({
        title: 'Permissions requested — accept for your organization',
        action,
        hidden,
        app,
        accounts: admins,
        permissions: [...permissionNames(scopes), ...appRoles.map((role) => `${role} (application)`)],
        intro: 'As an administrator, consent on behalf of your organization for',
      }),
    );
  }
  if (params.get('decision') !== 'accept') {
    const err = aad.userDeclined();
    return back(redirectUri, {
      error: 'access_denied',
      error_description: `AADSTS${err.code}: The resource owner or authorization server denied the request.\r\nTrace ID: ${req.id}`,
      state,
    });
  }
  const admin = admins.find((u) => u.id === params.get('account'));
  if (!admin)
    return showError(
      req,
      {
        error: 'access_denied',
        code: 90093,
        status: 400,
        message: 'The signed-in user is not an administrator who can grant consent on behalf of the organization.',
      },
      ctx,
    );
  const tenantError = wrongTenant(admin, tenant, app, ctx);
  if (tenantError) return showError(req, tenantError, ctx);
  ctx.directory.grantAdminConsent(admin.tenantId, app.clientId, permissionNames(scopes));
  if (appRoles.length > 0) ctx.appOnly.grantApplicationConsent(admin.tenantId, app.clientId, appRoles);
  const granted = permissionNames(scopes)
    .map((s) => `https://graph.microsoft.com/${s}`)
    .join(' ');
  return back(redirectUri, { admin_consent: 'True', tenant: admin.tenantId, state, scope: granted });
}
