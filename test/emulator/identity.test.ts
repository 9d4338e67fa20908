import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import { AAD_DESCRIPTION, AAD_ERROR_KEYS, AAD_TIMESTAMP, OPENID_METADATA_KEYS, TOKEN_RESPONSE_KEYS } from './fixtures/documentedShapes.ts';
import { redirectUriRegistered } from './identity/redirectUri.ts';
import type { Emulator } from './server.ts';
import { answerConsent, parseConsentForm } from './support/consentPage.ts';
import { authorizeUrl, graph, pkcePair, postToken, REDIRECT_URI, signIn, startDemoEmulator } from './support/session.ts';
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
    authorizeUrl(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      scope: 'openid offline_access User.Read',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }),
    emulator.caCert,
    { account, decision: 'accept' },
  );
  return { code: new URL(answer.location!).searchParams.get('code')!, verifier };
}

const redeem = (code: string, verifier: string, overrides: Record<string, string> = {}) =>
  postToken(emulator, demo.tenant.id, {
    client_id: demo.app.clientId,
    client_secret: demo.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    client_info: '1',
    ...overrides,
  });

describe('OpenID metadata', () => {
  it('has the documented keys and an issuer on the authority host and port', async () => {
    const res = await httpsRequest(`${emulator.authority(demo.tenant.id)}/v2.0/.well-known/openid-configuration`, emulator.caCert);
    const metadata = JSON.parse(res.body);
    for (const key of OPENID_METADATA_KEYS) expect(metadata).toHaveProperty(key);
    expect(new URL(metadata.issuer).host).toBe(emulator.knownAuthority);
    expect(metadata.issuer).toBe(`${emulator.origin}/${demo.tenant.id}/v2.0`);
    const common = JSON.parse(
      (await httpsRequest(`${emulator.authority('common')}/v2.0/.well-known/openid-configuration`, emulator.caCert)).body,
    );
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
    const url = authorizeUrl(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      scope: 'openid offline_access https://graph.microsoft.com/Calendars.ReadWrite',
      state: 'xyz',
    });
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
    const url = authorizeUrl(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      scope: 'User.Read',
      redirect_uri: 'http://localhost:5000/OAuth/Callback',
    });
    const res = await httpsRequest(url, emulator.caCert);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('AADSTS50011');
    expect(res.body).toContain('http://localhost:5000/OAuth/Callback');
  });

  it('shows AADSTS700016 for an unknown application and AADSTS50194 for /common with a single-tenant app', async () => {
    const unknown = await httpsRequest(
      authorizeUrl(emulator, demo.tenant.id, { client_id: '11111111-2222-3333-4444-555555555555', scope: 'User.Read' }),
      emulator.caCert,
    );
    expect(unknown.body).toContain('AADSTS700016');
    const common = await httpsRequest(
      authorizeUrl(emulator, 'common', { client_id: demo.app.clientId, scope: 'User.Read' }),
      emulator.caCert,
    );
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
    expect(idToken).toMatchObject({
      preferred_username: 'adele.vance@contoso.onmicrosoft.com',
      name: 'Adele Vance',
      tid: demo.tenant.id,
      nonce: 'n-1',
      aud: demo.app.clientId,
    });
    expect(idToken.oid).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(String(res.json.client_info), 'base64url').toString())).toEqual({
      uid: idToken.oid,
      utid: demo.tenant.id,
    });
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
      postToken(emulator, demo.tenant.id, {
        client_id: demo.app.clientId,
        client_secret: demo.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: token,
        scope,
      });
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
      const blocked = await answerConsent(
        authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope }),
        emulator.caCert,
        { account: 'Alex', decision: 'accept' },
      );
      expect(blocked.location).toBeUndefined();
      expect(blocked.body).toContain('AADSTS90094');
      expect(blocked.body).toContain('Need admin approval');

      const url = new URL(`${emulator.authority(demo.tenant.id)}/v2.0/adminconsent`);
      url.search = new URLSearchParams({
        client_id: demo.app.clientId,
        scope: 'https://graph.microsoft.com/Contacts.Read',
        redirect_uri: REDIRECT_URI,
        state: 's9',
      }).toString();
      const granted = new URL((await answerConsent(url.toString(), emulator.caCert, { account: 'Megan', decision: 'accept' })).location!);
      expect(Object.fromEntries(granted.searchParams)).toMatchObject({
        admin_consent: 'True',
        tenant: demo.tenant.id,
        state: 's9',
        scope: 'https://graph.microsoft.com/Contacts.Read',
      });
      const allowed = await answerConsent(
        authorizeUrl(emulator, demo.tenant.id, { client_id: demo.app.clientId, scope }),
        emulator.caCert,
        { account: 'Alex', decision: 'accept' },
      );
      expect(new URL(allowed.location!).searchParams.get('code')).toBeTruthy();
    } finally {
      demo.tenant.userConsentAllowed = true;
    }
  });
});

describe('tokens for one resource at a time: Microsoft Graph, or Exchange Online for IMAP and SMTP', () => {
  const graphScopes = 'openid profile offline_access https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite';
  const mailScope = 'https://outlook.office.com/IMAP.AccessAsUser.All';

  /** Consents to Graph and the mail scope in one sign-in, as the console does, and returns the code. */
  async function consentToBoth(account: string) {
    const { verifier, challenge } = pkcePair();
    const answer = await answerConsent(
      authorizeUrl(emulator, demo.tenant.id, {
        client_id: demo.app.clientId,
        scope: `${graphScopes} ${mailScope}`,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
      emulator.caCert,
      { account, decision: 'accept' },
    );
    return { code: new URL(answer.location!).searchParams.get('code')!, verifier };
  }
  const redeem = (code: string, verifier: string, scope: string) =>
    postToken(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      client_secret: demo.clientSecret,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      scope,
    });
  const introspect = async (token: string) =>
    JSON.parse(
      (
        await httpsRequest(emulator.introspectionUrl(demo.tenant.id), emulator.caCert, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: `token=${token}`,
        })
      ).body,
    );

  it('refuses a token request naming two resources with AADSTS28000', async () => {
    const { code, verifier } = await consentToBoth('Alex');
    const both = await redeem(code, verifier, `${graphScopes} ${mailScope}`);
    expect(both.status).toBe(400);
    expect(both.json).toMatchObject({ error: 'invalid_request', error_codes: [28000] });
    expect(String(both.json.error_description)).toContain('contains more than one resource');
  });

  it('issues the Exchange Online token from the Graph sign-in’s refresh token; introspection (the mail servers’ view) accepts only that one', async () => {
    const { code, verifier } = await consentToBoth('Alex');
    const graphAnswer = await redeem(code, verifier, graphScopes);
    expect(graphAnswer.status).toBe(200);
    const graphToken = String(graphAnswer.json.access_token);
    expect(decodeJwt(graphToken).aud).toBe('00000003-0000-0000-c000-000000000000');

    const mailAnswer = await postToken(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      client_secret: demo.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: String(graphAnswer.json.refresh_token),
      scope: `${mailScope} openid profile offline_access`,
    });
    expect(mailAnswer.status).toBe(200);
    const mailToken = String(mailAnswer.json.access_token);
    expect(decodeJwt(mailToken)).toMatchObject({ aud: 'https://outlook.office.com', scp: 'IMAP.AccessAsUser.All' });
    expect(String(mailAnswer.json.scope).split(' ')).toContain(mailScope);

    expect(await introspect(mailToken)).toMatchObject({
      active: true,
      username: 'alex.wilber@contoso.onmicrosoft.com',
      client_id: demo.app.clientId,
      token_type: 'Bearer',
      scope: 'IMAP.AccessAsUser.All',
    });
    expect(await introspect(graphToken)).toEqual({ active: false });
    expect((await graph(emulator, mailToken, '/me')).status).toBe(401);
    expect((await graph(emulator, graphToken, '/me')).status).toBe(200);

    emulator.revokeGrants('alex.wilber@contoso.onmicrosoft.com');
    expect(await introspect(mailToken)).toEqual({ active: false });
  });

  it('asks for consent when the mail scope was never consented', async () => {
    const tokens = await signIn(emulator, demo, 'Diego', graphScopes);
    const refused = await postToken(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      client_secret: demo.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: `https://outlook.office.com/SMTP.Send offline_access`,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: 'invalid_grant', suberror: 'consent_required', error_codes: [65001] });
  });
});
