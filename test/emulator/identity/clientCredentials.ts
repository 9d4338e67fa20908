// POST /{tenant}/oauth2/v2.0/token with grant_type=client_credentials: the app signs in as itself
// with a client secret or a certificate assertion (RFC 7523 private_key_jwt), checked as Entra
// documents it ("Microsoft identity platform application authentication certificate credentials"),
// and gets a Graph token whose `roles` are the application permissions consented in the tenant.
// docs/graph-fidelity.md, "Application permissions".
import { createHash, X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { AppCertificate } from '../appOnly.ts';
import { json, type EmulatorRequest, type EmulatorResponse } from '../http.ts';
import type { AppRegistration, Tenant } from '../store.ts';
import { aad, type AadError } from './errors.ts';
import { issuerFor, type IdentityContext } from './context.ts';
import { GRAPH_APP_ID } from './tokenService.ts';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ACCESS_TOKEN_SECONDS = 3599;

type Caller = { app: AppRegistration; tenant: Tenant | 'common' | 'organizations'; segment: string };
type Credentials = { secret: string | null; assertion: string | null; assertionType: string | null };

const clientAuth = (code: number, message: string): AadError => ({ error: 'invalid_client', code, status: 401, message });

export const appAad = {
  noTenant: (): AadError => ({
    error: 'invalid_request',
    code: 50059,
    status: 400,
    message: 'No tenant-identifying information found in either the request or implied by any provided credentials.',
  }),
  notDefaultScope: (scope: string): AadError => ({
    error: 'invalid_scope',
    code: 1002012,
    status: 400,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  unknownResource: (resource: string, tenant: string): AadError => ({
    error: 'invalid_resource',
    code: 500011,
    status: 400,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  keyNotFound: (thumbprint: string, clientId: string) =>
    clientAuth(
      700027,
      `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    ),
  keyExpired: (thumbprint: string, key: AppCertificate) =>
    clientAuth(
      700027,
      `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${key.startDateTime.toISOString()}, End=${key.endDateTime.toISOString()}']`,
    ),
  badSignature: (thumbprint: string, key: AppCertificate) =>
    clientAuth(
      700027,
      `Client assertion contains an invalid signature. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: '${thumbprint}', Found key 'Start=${key.startDateTime.toISOString()}, End=${key.endDateTime.toISOString()}']`,
    ),
  outsideTimeRange: (now: Date, nbf: number | undefined, exp: number | undefined) =>
    clientAuth(
      700024,
      `Client assertion is not within its valid time range. Current time: ${now.toISOString()}, assertion valid from ${nbf === undefined ? 'unspecified' : new Date(nbf * 1000).toISOString()}, expiry time of assertion ${exp === undefined ? 'unspecified' : new Date(exp * 1000).toISOString()}.`,
    ),
  invalidAssertion: (reason: string) => clientAuth(50027, `JWT token is invalid or malformed. ${reason}`),
  bothCredentials: (): AadError => ({
    error: 'invalid_request',
    code: 50027,
    status: 400,
    message: "Only one of 'client_assertion' or 'client_secret' may be sent.",
  }),
};

/**
 * The client-credentials grant. `secretCheck` is the token endpoint's own secret check (7000215,
 * 7000222), shared with the delegated grants so a secret is judged the same way everywhere.
 */
export async function handleClientCredentials(
  ctx: IdentityContext,
  req: EmulatorRequest,
  form: URLSearchParams,
  caller: Caller,
  credentials: Credentials,
  secretCheck: (secret: string | null) => AadError | null,
): Promise<AadError | EmulatorResponse> {
  const { app, tenant } = caller;
  // Client credentials need a tenant: there is no user to say which one /common means.
  if (typeof tenant === 'string') return appAad.noTenant();
  if (!ctx.appOnly.hasServicePrincipal(tenant.id, app.clientId)) return aad.unknownApplication(app.clientId, tenant.id);
  const scope = form.get('scope');
  if (!scope) return aad.missingParameter('scope');
  const resourceError = checkDefaultScope(ctx, scope, tenant);
  if (resourceError) return resourceError;

  let method: 'secret' | 'certificate';
  if (credentials.assertion !== null || credentials.assertionType !== null) {
    if (credentials.secret) return appAad.bothCredentials();
    if (credentials.assertionType !== JWT_BEARER_ASSERTION_TYPE) return aad.missingParameter('client_assertion_type');
    if (!credentials.assertion) return aad.missingParameter('client_assertion');
    const assertionError = await checkAssertion(ctx, credentials.assertion, app, tenant, caller.segment);
    if (assertionError) return assertionError;
    method = 'certificate';
  } else {
    const secretError = secretCheck(credentials.secret);
    if (secretError) return secretError;
    if (!credentials.secret) return aad.missingSecret();
    method = 'secret';
  }
  const roles = ctx.appOnly.consentedRoles(tenant.id, app.clientId);
  const token = await ctx.tokens.appAccessToken({
    clientId: app.clientId,
    tenantId: tenant.id,
    servicePrincipalId: ctx.appOnly.servicePrincipalId(tenant.id, app.clientId),
    roles,
    issuer: issuerFor(ctx, tenant.id),
    // appidacr: 1 for a client secret, 2 for a certificate (the access token claims reference).
    authenticationMethod: method === 'secret' ? '1' : '2',
    lifetimeSeconds: ACCESS_TOKEN_SECONDS,
  });
  // No refresh token, no id token: there is no user; the client asks again when this one expires.
  return json(
    200,
    { token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS, ext_expires_in: ACCESS_TOKEN_SECONDS, access_token: token },
    { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
  );
}

/** One resource, named with `/.default`: Graph's (by URL or by app id). */
function checkDefaultScope(ctx: IdentityContext, scope: string, tenant: Tenant): AadError | null {
  const parts = scope.split(/\s+/).filter(Boolean);
  if (parts.length !== 1 || !parts[0].endsWith('/.default')) return appAad.notDefaultScope(scope);
  const resource = parts[0].slice(0, -'.default'.length).toLowerCase();
  const graphNames = [...ctx.graphResourceUrls().map((url) => url.toLowerCase()), `${GRAPH_APP_ID}/`];
  if (!graphNames.includes(resource)) return appAad.unknownResource(resource.replace(/\/$/, ''), tenant.id);
  return null;
}

async function checkAssertion(
  ctx: IdentityContext,
  assertion: string,
  app: AppRegistration,
  tenant: Tenant,
  segment: string,
): Promise<AadError | null> {
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(assertion) as Record<string, unknown>;
  } catch {
    return appAad.invalidAssertion('The assertion is not a signed JWT.');
  }
  const byS256 = typeof header['x5t#S256'] === 'string' ? (header['x5t#S256'] as string) : null;
  const bySha1 = typeof header.x5t === 'string' ? (header.x5t as string) : null;
  const thumbprint = hexOf(byS256 ?? bySha1 ?? '');
  const key = ctx.appOnly
    .certificatesOf(app.clientId)
    .find((candidate) => (byS256 ? candidate.x5tS256 === byS256 : bySha1 !== null && candidate.x5t === bySha1));
  if (!key) return appAad.keyNotFound(thumbprint, app.clientId);
  const now = ctx.clock.date();
  if (key.endDateTime.getTime() <= now.getTime()) return appAad.keyExpired(thumbprint, key);
  // An x5c header, when sent, must be the certificate whose thumbprint it names.
  if (Array.isArray(header.x5c) && !sameCertificate(String(header.x5c[0] ?? ''), key)) return appAad.badSignature(thumbprint, key);

  let claims: Record<string, unknown>;
  try {
    const verified = await compactVerify(assertion, key.certificate.publicKey, { algorithms: ['RS256', 'PS256'] });
    claims = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch {
    return appAad.badSignature(thumbprint, key);
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId)
    return appAad.invalidAssertion(`The 'iss' and 'sub' claims must both be the client id '${app.clientId}'.`);
  const audiences = [claims.aud].flat().map(String);
  const accepted = tokenEndpoints(ctx, tenant, segment);
  if (!audiences.some((aud) => accepted.includes(aud.toLowerCase())))
    return appAad.invalidAssertion(`Unexpected audience '${audiences.join(' ')}': it must be the token endpoint ${accepted[0]}.`);
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : undefined;
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  const nowSeconds = now.getTime() / 1000;
  // Five minutes of clock skew, as Entra allows for tokens.
  if (exp === undefined || exp + 300 <= nowSeconds || (nbf !== undefined && nbf - 300 > nowSeconds))
    return appAad.outsideTimeRange(now, nbf, exp);
  if (typeof claims.jti !== 'string' || !claims.jti) return appAad.invalidAssertion("The 'jti' claim is missing.");
  if (!ctx.appOnly.firstUseOfAssertion(claims.jti, (exp + 300) * 1000))
    return appAad.invalidAssertion(`The assertion with jti '${claims.jti}' was already used: build a new one for each request.`);
  return null;
}

/** The token endpoint under the tenant's id, its domain, and the segment the request used. */
function tokenEndpoints(ctx: IdentityContext, tenant: Tenant, segment: string): string[] {
  return [...new Set([tenant.id, tenant.domain, segment])].map((name) => `${ctx.origin()}/${name}/oauth2/v2.0/token`.toLowerCase());
}

function sameCertificate(base64Der: string, key: AppCertificate): boolean {
  try {
    return new X509Certificate(Buffer.from(base64Der, 'base64')).raw.equals(key.certificate.raw);
  } catch {
    return false;
  }
}

function hexOf(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('hex').toUpperCase();
}

/** A certificate's thumbprints as the portal and the JWT header write them, for tests and the product's checks. */
export function thumbprints(pem: string): { sha1Hex: string; x5t: string; x5tS256: string } {
  const raw = new X509Certificate(pem).raw;
  return {
    sha1Hex: createHash('sha1').update(raw).digest('hex').toUpperCase(),
    x5t: createHash('sha1').update(raw).digest('base64url'),
    x5tS256: createHash('sha256').update(raw).digest('base64url'),
  };
}
