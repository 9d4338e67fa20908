import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import { AAD_DESCRIPTION, AAD_ERROR_KEYS, AAD_TIMESTAMP, OPENID_METADATA_KEYS, TOKEN_RESPONSE_KEYS } from './fixtures/documentedShapes.ts';
import { redirectUriRegistered } from './identity/redirectUri.ts';
import type { Emulator } from './server.ts';
import { answerConsent, parseConsentForm } from './support/consentPage.ts';
import { authorizeUrl, pkcePair, postToken, REDIRECT_URI, signIn, startDemoEmulator } from './support/session.ts';
import { httpsRequest } from './support/trustedHttp.ts';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => ({ emulator, demo } = await startDemoEmulator()));
afterAll(() => emulator.stop());

function expectAadError(body: Record<string, unknown>, code: number, error: string) {
  for (const key of AAD_ERROR_KEYS) expect(body).toHaveProperty(key);
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(AAD_DESCRIPTION);
  expect(String(body.error_description).startsWith(`AADSTS${code}: `)).toBe(true);
  expect(body.timestamp).toMatch(AAD_TIMESTAMP);
}

async function codeFor(account: string, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const answer = await answerConsent(
    authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope: 'openid offline_access User.Read', code_challenge: challenge, code_challenge_method: 'S256', ...extra }),
    emulator.caCert,
    { account, decision: 'accept' },
  );
  return { code: new URL(answer.location!).searchParams.get('code')!, verifier };
}

const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
  postToken(emulator, demo.tenant.id, { client_id: demo.app.clientId, client_secret: demo.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier, client_info: '1', ...overrides });

describe('OpenID metadata', () => {
  it('has the documented keys and an issuer on the authority host and port', async () => {
    const res = await httpsRequest(`${emulator.authority(demo.tenant.id)}/v2.0/.well-known/openid-configuration`, emulator.caCert);
    const metadata = JSON.parse(res.body);
    for (const key of OPENID_METADATA_KEYS) expect(metadata).toHaveProperty(key);
    expect(new URL(metadata.issuer).host).toBe(emulator.knownAuthority);
    expect(metadata.issuer).toBe(`${emulator.origin}/${demo.tenant.id}/v2.0`);
    const common = JSON.parse((await httpsRequest(`${emulator.authority('common')}/v2.0/.well-known/openid-configuration`, emulator.caCert)).body);
    expect(common.issuer).toBe(`${emulator.origin}/{tenantid}/v2.0`);
  });
});

describe('redirect URI matching', () => {
  const registered = ['http://localhost/oauth/callback', 'https://app.contoso.com/auth'];
  it.each([
    ['http://localhost:51234/oauth/callback', true],
    ['http://localhost/oauth/callback', true],
    ['http://localhost:51234/OAuth/callback', false],
    ['http://localhost:51234/oauth/callback/', false],
    ['https://localhost:51234/oauth/callback', false],
    ['http://127.0.0.1:51234/oauth/callback', false],
    ['https://app.contoso.com:8443/auth', false],
    ['https://APP.contoso.com/auth', true],
  ])('%s → %s', (uri, expected) => expect(redirectUriRegistered(uri, registered)).toBe(expected));
});

describe('authorize page', () => {
  it('lists the accounts and the requested permissions, and redirects with code and state on Accept', async () => {
    const url = authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope: 'openid offline_access https://graph.microsoft.com/Calendars.ReadWrite', state: 'xyz' });
    const form = parseConsentForm((await httpsRequest(url, emulator.caCert)).body);
    expect(form.accounts.map((a) => a.label)).toContain('Adele Vance (adele.vance@contoso.onmicrosoft.com)');
    expect(form.permissions).toEqual(['openid', 'offline_access', 'Calendars.ReadWrite']);
    const answer = await answerConsent(url, emulator.caCert, { account: 'Alex Wilber', decision: 'accept' });
    const back = new URL(answer.location!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('xyz');
  });

  it('redirects with error=access_denied on Cancel', async () => {
    const url = authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope: 'User.Read', state: 'abc' });
    const back = new URL((await answerConsent(url, emulator.caCert, { account: 'Adele', decision: 'cancel' })).location!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('shows AADSTS50011 on the page (no redirect) for an unregistered redirect URI', async () => {
    const url = authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope: 'User.Read', redirect_uri: 'http://localhost:5000/OAuth/Callback' });
    const res = await httpsRequest(url, emulator.caCert);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('AADSTS50011');
    expect(res.body).toContain('http://localhost:5000/OAuth/Callback');
  });

  it('shows AADSTS700016 for an unknown application and AADSTS50194 for /common with a single-tenant app', async () => {
    const unknown = await httpsRequest(authorizeUrl(emulator, demo.tenant.id, { client_id: '11111111-2222-3333-4444-555555555555', scope: 'User.Read' }), emulator.caCert);
    expect(unknown.body).toContain('AADSTS700016');
    const common = await httpsRequest(authorizeUrl(emulator, 'common', { client_id: demo.app.clientId, scope: 'User.Read' }), emulator.caCert);
    expect(common.body).toContain('AADSTS50194');
    expect(common.body).toContain('is not configured as a multi-tenant application');
  });

  it('shows AADSTS50020 when an account from another tenant signs in to a tenant-specific authority', async () => {
    const other = emulator.directory.addTenant({ domain: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam' });
    const outsider = emulator.directory.addUser(other, { userPrincipalName: 'pat@fabrikam.onmicrosoft.com', displayName: 'Pat Outsider' });
    const url = authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope: 'User.Read' });
    const form = parseConsentForm((await httpsRequest(url, emulator.caCert)).body);
    expect(form.accounts.map((a) => a.id)).not.toContain(outsider.id);
    const typed = await httpsRequest(new URL(form.action, url).toString(), emulator.caCert, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form.hidden, decision: 'accept', account: outsider.id }).toString(),
    });
    expect(typed.headers.location).toBeUndefined();
    expect(typed.body).toContain('AADSTS50020');
    expect(typed.body).toContain('pat@fabrikam.onmicrosoft.com');
  });
});

describe('token endpoint', () => {
  it('redeems a code once, with the documented response and MSAL-ready id_token and client_info', async () => {
    const { code, verifier } = await codeFor('Adele', { nonce: 'n-1' });
    const res = await redeem(code, verifier);
    expect(res.status).toBe(200);
    for (const key of TOKEN_RESPONSE_KEYS) expect(res.json).toHaveProperty(key);
    expect(res.json.token_type).toBe('Bearer');
    const idToken = decodeJwt(String(res.json.id_token));
    expect(idToken).toMatchObject({ preferred_username: 'adele.vance@contoso.onmicrosoft.com', name: 'Adele Vance', tid: demo.tenant.id, nonce: 'n-1', aud: demo.app.clientId });
    expect(idToken.oid).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(String(res.json.client_info), 'base64url').toString())).toEqual({ uid: idToken.oid, utid: demo.tenant.id });
    const again = await redeem(code, verifier);
    expectAadError(again.json, 54005, 'invalid_grant');
  });

  it('checks PKCE, the redirect URI of the authorize request, and the client secret', async () => {
    const first = await codeFor('Adele');
    expectAadError((await redeem(first.code, 'wrong-verifier-wrong-verifier-wrong-verifier')).json, 501481, 'invalid_grant');
    const second = await codeFor('Adele');
    const mismatch = await redeem(second.code, second.verifier, { redirect_uri: 'http://localhost:9999/oauth/callback' });
    expect(mismatch.status).toBe(400);
    expectAadError(mismatch.json, 500112, 'invalid_grant');
    const third = await codeFor('Adele');
    const secretId = demo.app.secrets[0].keyId;
    const wrong = await redeem(third.code, third.verifier, { client_secret: secretId });
    expect(wrong.status).toBe(401);
    expectAadError(wrong.json, 7000215, 'invalid_client');
    const unknown = await redeem(third.code, third.verifier, { client_id: '99999999-9999-9999-9999-999999999999' });
    expectAadError(unknown.json, 700016, 'unauthorized_client');
  });

  it('rejects an expired secret with AADSTS7000222', async () => {
    const { code, verifier } = await codeFor('Adele');
    const secret = demo.app.secrets[0];
    const saved = secret.endDateTime;
    secret.endDateTime = new Date(Date.now() - 1000);
    try {
      const res = await redeem(code, verifier);
      expect(res.status).toBe(401);
      expectAadError(res.json, 7000222, 'invalid_client');
    } finally {
      secret.endDateTime = saved;
    }
  });

  it('rotates refresh tokens; expired or revoked ones give invalid_grant; unconsented scopes give 65001', async () => {
    const tokens = await signIn(emulator, demo, 'Diego');
    const refresh = (token: string, scope = 'openid offline_access User.Read') =>
      postToken(emulator, demo.tenant.id, { client_id: demo.app.clientId, client_secret: demo.clientSecret, grant_type: 'refresh_token', refresh_token: token, scope });
    const rotated = await refresh(tokens.refresh_token);
    expect(rotated.status).toBe(200);
    expect(rotated.json.refresh_token).not.toBe(tokens.refresh_token);
    const consent = await refresh(String(rotated.json.refresh_token), 'offline_access Mail.Read');
    expectAadError(consent.json, 65001, 'invalid_grant');
    expect(consent.json.suberror).toBe('consent_required');
    emulator.tokens.expireRefreshTokens();
    expectAadError((await refresh(String(rotated.json.refresh_token))).json, 70008, 'invalid_grant');
    const fresh = await signIn(emulator, demo, 'Diego');
    emulator.revokeGrants('diego.siciliani@contoso.onmicrosoft.com');
    expectAadError((await refresh(fresh.refresh_token)).json, 50173, 'invalid_grant');
  });
});

describe('admin consent and user consent policy', () => {
  it('needs an admin when users may not consent, and adminconsent grants it tenant-wide', async () => {
    demo.tenant.userConsentAllowed = false;
    try {
      const scope = 'openid offline_access https://graph.microsoft.com/Contacts.Read';
      const blocked = await answerConsent(authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope }), emulator.caCert, { account: 'Alex', decision: 'accept' });
      expect(blocked.location).toBeUndefined();
      expect(blocked.body).toContain('AADSTS90094');
      expect(blocked.body).toContain('Need admin approval');

      const url = new URL(`${emulator.authority(demo.tenant.id)}/v2.0/adminconsent`);
      url.search = new URLSearchParams({ client_id: demo.app.clientId, scope: 'https://graph.microsoft.com/Contacts.Read', redirect_uri: REDIRECT_URI, state: 's9' }).toString();
      const granted = new URL((await answerConsent(url.toString(), emulator.caCert, { account: 'Megan', decision: 'accept' })).location!);
      expect(Object.fromEntries(granted.searchParams)).toMatchObject({ admin_consent: 'True', tenant: demo.tenant.id, state: 's9', scope: 'https://graph.microsoft.com/Contacts.Read' });
      const allowed = await answerConsent(authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope }), emulator.caCert, { account: 'Alex', decision: 'accept' });
      expect(new URL(allowed.location!).searchParams.get('code')).toBeTruthy();
    } finally {
      demo.tenant.userConsentAllowed = true;
    }
  });
});

describe('token introspection (RFC 7662)', () => {
  it('reports an access token active with its username, and inactive once revoked', async () => {
    const tokens = await signIn(emulator, demo, 'Alex');
    const introspect = async () =>
      JSON.parse((await httpsRequest(emulator.introspectionUrl(demo.tenant.id), emulator.caCert, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${tokens.access_token}` })).body);
    expect(await introspect()).toMatchObject({ active: true, username: 'alex.wilber@contoso.onmicrosoft.com', client_id: demo.app.clientId, token_type: 'Bearer' });
    emulator.revokeGrants('alex.wilber@contoso.onmicrosoft.com');
    expect(await introspect()).toEqual({ active: false });
  });
});
