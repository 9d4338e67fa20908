// Errors in the identity platform's format. Facts kept from Microsoft's documentation: the JSON
// body carries error, error_description ("AADSTSnnnn: text" followed by "\r\nTrace ID: …\r\n
// Correlation ID: …\r\nTimestamp: yyyy-mm-dd hh:mm:ssZ"), error_codes (numbers), timestamp,
// trace_id, correlation_id; the token endpoint answers with HTTP 400 (401 for client auth).
import { randomUUID } from 'node:crypto';
import { json, type EmulatorResponse } from '../http.ts';

export type AadError = { error: string; code: number; message: string; status: number; suberror?: string };

/** Timestamp as the identity platform writes it: "2013-12-31 06:31:41Z". */
export function aadTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function aadErrorBody(err: AadError, traceId: string, now: Date, correlationId: string = randomUUID()) {
  const timestamp = aadTimestamp(now);
  return {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    ...(err.suberror ? { suberror: err.suberror } : {}),
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
}

export function aadErrorResponse(err: AadError, traceId: string, now: Date, correlationId?: string): EmulatorResponse {
  return json(err.status, aadErrorBody(err, traceId, now, correlationId), { 'Cache-Control': 'no-store' });
}

// The messages below follow the wording Microsoft documents for each AADSTS code.
export const aad = {
  redirectUriMismatch: (redirectUri: string, clientId: string): AadError => ({
    error: 'invalid_request',
    code: 50011,
    status: 400,
    message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  }),
  replyAddressDiffers: (): AadError => ({
    error: 'invalid_grant',
    code: 500112,
    status: 400,
    message: 'The reply address does not match the reply address provided when requesting Authorization code.',
  }),
  invalidSecret: (clientId: string): AadError => ({
    error: 'invalid_client',
    code: 7000215,
    status: 401,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  expiredSecret: (clientId: string): AadError => ({
    error: 'invalid_client',
    code: 7000222,
    status: 401,
    message: `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  missingSecret: (): AadError => ({
    error: 'invalid_client',
    code: 7000218,
    status: 401,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  consentRequired: (clientId: string, appName: string): AadError => ({
    error: 'invalid_grant',
    suberror: 'consent_required',
    code: 65001,
    status: 400,
    message: `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
  }),
  userDeclined: (): AadError => ({
    error: 'access_denied',
    code: 65004,
    status: 400,
    message: 'User declined to consent to access the app.',
  }),
  unknownApplication: (clientId: string, tenant: string): AadError => ({
    error: 'unauthorized_client',
    code: 700016,
    status: 400,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  accountNotInTenant: (upn: string, tenantName: string, clientId: string, appName: string): AadError => ({
    error: 'invalid_request',
    code: 50020,
    status: 400,
    message: `User account '${upn}' from identity provider 'live.com' does not exist in tenant '${tenantName}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
  }),
  notMultiTenant: (clientId: string, appName: string): AadError => ({
    error: 'invalid_request',
    code: 50194,
    status: 400,
    message: `Application '${clientId}'(${appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.`,
  }),
  codeRedeemed: (): AadError => ({
    error: 'invalid_grant',
    code: 54005,
    status: 400,
    message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  codeOrTokenExpired: (): AadError => ({
    error: 'invalid_grant',
    code: 70008,
    status: 400,
    message:
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  }),
  malformedGrant: (): AadError => ({
    error: 'invalid_grant',
    code: 9002313,
    status: 400,
    message: 'Invalid request. Request is malformed or invalid.',
  }),
  grantRevoked: (): AadError => ({
    error: 'invalid_grant',
    code: 50173,
    status: 400,
    message:
      'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
  }),
  pkceMismatch: (): AadError => ({
    error: 'invalid_grant',
    code: 501481,
    status: 400,
    message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  missingParameter: (name: string): AadError => ({
    error: 'invalid_request',
    code: 900144,
    status: 400,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrantType: (): AadError => ({
    error: 'unsupported_grant_type',
    code: 70003,
    status: 400,
    message: 'The app requested an unsupported grant type.',
  }),
  // A token is for one resource: naming Graph and Exchange Online scopes together is refused at the token endpoint.
  moreThanOneResource: (scope: string): AadError => ({
    error: 'invalid_request',
    code: 28000,
    status: 400,
    message: `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`,
  }),
  tenantNotFound: (tenant: string): AadError => ({
    error: 'invalid_tenant',
    code: 90002,
    status: 400,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
};
