// OpenID Provider metadata, shaped like login.microsoftonline.com's v2.0 document. The issuer's
// host and port equal the authority's (MSAL compares them); for common/organizations the issuer
// keeps the literal "{tenantid}" placeholder, as Microsoft's does.
import { json, type EmulatorResponse } from '../http.ts';
import type { Tenant } from '../store.ts';
import type { IdentityContext } from './context.ts';

export function openIdConfiguration(ctx: IdentityContext, tenant: Tenant | 'common' | 'organizations', segment: string): EmulatorResponse {
  const origin = ctx.origin();
  const base = `${origin}/${segment}`;
  const tenantId = typeof tenant === 'string' ? '{tenantid}' : tenant.id;
  const graphHost = new URL(ctx.graphResourceUrls()[0] ?? origin).host;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.graphResourceUrls()[0] ?? origin}oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: graphHost,
    rbac_url: 'https://pas.windows.net',
  });
}
