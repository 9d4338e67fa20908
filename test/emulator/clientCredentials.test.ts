import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import type { Emulator } from './server.ts';
import { appToken, clientAssertion, JWT_BEARER, makeAppCertificate, type AppCertificateFiles } from './support/appCredentials.ts';
import { certificatesPagePath } from './portal.ts';
import { answerConsent } from './support/consentPage.ts';
import { httpsRequest } from './support/trustedHttp.ts';
import { graph, REDIRECT_URI, signIn, startDemoEmulator } from './support/session.ts';

let emulator: Emulator;
let demo: DemoTenant;
let files: AppCertificateFiles;
const APP_ROLES = ['Calendars.ReadWrite', 'Contacts.ReadWrite', 'User.Read.All'];

beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  demo.app.requiredAppRoles = [...APP_ROLES];
  files = await makeAppCertificate();
});
afterAll(() => emulator.stop());
beforeEach(() => {
  emulator.appOnly.removeCertificates(demo.app.clientId);
  emulator.appOnly.revokeApplicationConsent(demo.tenant.id, demo.app.clientId);
  emulator.appOnly.removeMailboxScopePolicies(demo.app.clientId);
});

const withSecret = () => appToken(emulator, demo.tenant.id, { client_id: demo.app.clientId, client_secret: demo.clientSecret });
const withAssertion = (assertion: string) =>
  appToken(emulator, demo.tenant.id, { client_id: demo.app.clientId, client_assertion_type: JWT_BEARER, client_assertion: assertion });
const consentAll = () => emulator.appOnly.grantApplicationConsent(demo.tenant.id, demo.app.clientId, APP_ROLES);

function expectAadCode(answer: { status: number; json: Record<string, unknown> }, status: number, code: number, text?: RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.json.error_codes).toEqual([code]);
  expect(String(answer.json.error_description).startsWith(`AADSTS${code}: `)).toBe(true);
  if (text) expect(answer.json.error_description).toMatch(text);
}

describe('client credentials with a client secret', () => {
  it('issues an app token whose roles are the consented application permissions, and no refresh or id token', async () => {
    consentAll();
    const answer = await withSecret();
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    const claims = decodeJwt(String(answer.json.access_token));
    expect(claims).toMatchObject({ aud: '00000003-0000-0000-c000-000000000000', appid: demo.app.clientId, appidacr: '1', idtyp: 'app' });
    expect(claims.tid).toBe(demo.tenant.id);
    expect([...(claims.roles as string[])].sort()).toEqual([...APP_ROLES].sort());
    expect(claims.scp).toBeUndefined();
    expect(claims.upn).toBeUndefined();
  });

  it('issues a token without a roles claim before admin consent, which Graph refuses with 401', async () => {
    const answer = await withSecret();
    expect(answer.status).toBe(200);
    const token = String(answer.json.access_token);
    expect(decodeJwt(token).roles).toBeUndefined();
    const call = await graph(emulator, token, `/users/${demo.users[0].userPrincipalName}/calendar`);
    expect(call.status).toBe(401);
    expect(call.json!.error.message).toBe('Either scp or roles claim need to be present in the token.');
  });

  it('judges the secret as the delegated grants do (7000215), wants a tenant (50059) and a /.default scope (1002012)', async () => {
    expectAadCode(
      await appToken(emulator, demo.tenant.id, { client_id: demo.app.clientId, client_secret: demo.app.secrets[0].keyId }),
      401,
      7000215,
    );
    expectAadCode(await appToken(emulator, 'common', { client_id: demo.app.clientId, client_secret: demo.clientSecret }), 400, 50059);
    expectAadCode(
      await appToken(emulator, demo.tenant.id, {
        client_id: demo.app.clientId,
        client_secret: demo.clientSecret,
        scope: 'https://graph.microsoft.com/Calendars.ReadWrite',
      }),
      400,
      1002012,
    );
    expectAadCode(await appToken(emulator, demo.tenant.id, { client_id: demo.app.clientId }), 401, 7000218);
  });

  it('refuses an app registered elsewhere that has no service principal in the tenant (700016)', async () => {
    const other = emulator.directory.addTenant({ domain: 'fabrikam.onmicrosoft.com' });
    demo.app.signInAudience = 'AzureADMultipleOrgs';
    try {
      expectAadCode(await appToken(emulator, other.id, { client_id: demo.app.clientId, client_secret: demo.clientSecret }), 400, 700016);
    } finally {
      demo.app.signInAudience = 'AzureADMyOrg';
    }
  });
});

describe('client credentials with a certificate assertion', () => {
  it('accepts an assertion signed with the uploaded certificate, named by x5t#S256 or x5t, PS256 or RS256', async () => {
    consentAll();
    emulator.appOnly.uploadCertificate(demo.app.clientId, files.certPem);
    for (const options of [{}, { thumbprintHeader: 'x5t' as const, alg: 'RS256' as const }]) {
      const answer = await withAssertion(await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files, options));
      expect(answer.status).toBe(200);
      expect(decodeJwt(String(answer.json.access_token))).toMatchObject({ appidacr: '2', idtyp: 'app' });
    }
  });

  it('refuses a certificate that was never uploaded (700027, the key was not found)', async () => {
    const answer = await withAssertion(await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files));
    expectAadCode(answer, 401, 700027, /The key was not found/);
    expect(answer.json.error).toBe('invalid_client');
  });

  it('refuses a signature made with another key (700027) and an assertion without a thumbprint', async () => {
    emulator.appOnly.uploadCertificate(demo.app.clientId, files.certPem);
    const stranger = await makeAppCertificate();
    const forged = await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files, { signingKeyPem: stranger.keyPem });
    expectAadCode(await withAssertion(forged), 401, 700027, /Key was found, but use of the key to verify the signature failed/);
    const unnamed = await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files, { thumbprintHeader: 'none' });
    expectAadCode(await withAssertion(unnamed), 401, 700027, /The key was not found/);
  });

  it('refuses an expired certificate (700027, the key used is expired)', async () => {
    const expired = await makeAppCertificate({ from: new Date(Date.now() - 3 * 86400_000), to: new Date(Date.now() - 86400_000) });
    emulator.appOnly.uploadCertificate(demo.app.clientId, expired.certPem);
    const answer = await withAssertion(await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, expired));
    expectAadCode(answer, 401, 700027, /The key used is expired/);
  });

  it('checks the audience, iss = sub = client id, the lifetime and refuses a replayed jti', async () => {
    emulator.appOnly.uploadCertificate(demo.app.clientId, files.certPem);
    const make = (options: Parameters<typeof clientAssertion>[4]) =>
      clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files, options);
    const now = Math.floor(emulator.clock.now() / 1000);
    expectAadCode(await withAssertion(await make({ aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' })), 401, 50027);
    expectAadCode(await withAssertion(await make({ iss: 'someone-else' })), 401, 50027);
    expectAadCode(await withAssertion(await make({ exp: now - 3600, nbf: now - 4000 })), 401, 700024);
    expectAadCode(await withAssertion(await make({ nbf: now + 3600, exp: now + 4000 })), 401, 700024);
    const once = await make({});
    expect((await withAssertion(once)).status).toBe(200);
    expectAadCode(await withAssertion(once), 401, 50027, /already used/);
    const both = await appToken(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      client_secret: demo.clientSecret,
      client_assertion_type: JWT_BEARER,
      client_assertion: await make({}),
    });
    expect(both.status).toBe(400);
  });

  it('takes the assertion audience under the tenant domain too', async () => {
    emulator.appOnly.uploadCertificate(demo.app.clientId, files.certPem);
    const assertion = await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files, {
      aud: `${emulator.authority(demo.tenant.domain)}/oauth2/v2.0/token`,
    });
    expect((await withAssertion(assertion)).status).toBe(200);
  });
});

describe('certificate upload (portal)', () => {
  /** The portal's form as a browser sends it: multipart, the admin's account, the file. */
  async function uploadThroughPortal(fields: { account?: string; fileName: string; content: string }) {
    const form = new FormData();
    if (fields.account) form.set('account', fields.account);
    form.set('certificate', new File([fields.content], fields.fileName));
    const request = new Request('https://localhost/', { method: 'POST', body: form });
    return httpsRequest(`${emulator.origin}${certificatesPagePath(demo.app.clientId)}`, emulator.caCert, {
      method: 'POST',
      headers: { 'Content-Type': request.headers.get('content-type')! },
      body: await request.text(),
    });
  }

  it('takes a .cer with the public certificate from an administrator, lists its thumbprint, and then accepts assertions signed with it', async () => {
    const page = await httpsRequest(`${emulator.origin}${certificatesPagePath(demo.app.clientId)}`, emulator.caCert);
    expect(page.status).toBe(200);
    expect(page.body).toContain('No certificates have been added');
    const answer = await uploadThroughPortal({ account: demo.admin.id, fileName: 'console.cer', content: files.certPem });
    expect(answer.status).toBe(200);
    const [uploaded] = emulator.appOnly.certificatesOf(demo.app.clientId);
    expect(answer.body).toContain(`Certificate added. Thumbprint ${uploaded.sha1Thumbprint}`);
    expect(answer.body).toContain(`<td data-thumbprint>${uploaded.sha1Thumbprint}</td>`);
    consentAll();
    const token = await withAssertion(await clientAssertion(emulator, demo.tenant.id, demo.app.clientId, files));
    expect(token.status).toBe(200);
  });

  it('refuses a non-administrator, another file type, a private key and a file that is not a certificate, adding nothing', async () => {
    const user = demo.users.find((candidate) => !candidate.isAdmin)!;
    expect((await uploadThroughPortal({ account: user.id, fileName: 'console.cer', content: files.certPem })).status).toBe(403);
    const pfx = await uploadThroughPortal({ account: demo.admin.id, fileName: 'console.pfx', content: files.certPem });
    expect([pfx.status, pfx.body.includes('one of the following file types: .cer, .pem, .crt')]).toEqual([400, true]);
    const withKey = await uploadThroughPortal({ account: demo.admin.id, fileName: 'console.pem', content: files.certPem + files.keyPem });
    expect([withKey.status, withKey.body.includes('never its private key')]).toEqual([400, true]);
    const notCertificate = await uploadThroughPortal({ account: demo.admin.id, fileName: 'console.crt', content: 'hello' });
    expect(notCertificate.status).toBe(400);
    expect(emulator.appOnly.certificatesOf(demo.app.clientId)).toEqual([]);
  });
});

describe('admin consent grants the application permissions configured on the registration', () => {
  it('puts them in the next app token after /adminconsent with .default', async () => {
    const url = new URL(`${emulator.authority(demo.tenant.id)}/v2.0/adminconsent`);
    url.search = new URLSearchParams({
      client_id: demo.app.clientId,
      scope: 'https://graph.microsoft.com/.default',
      redirect_uri: REDIRECT_URI,
      state: 'app',
    }).toString();
    const answer = await answerConsent(url.toString(), emulator.caCert, { account: 'Megan', decision: 'accept' });
    expect(new URL(answer.location!).searchParams.get('admin_consent')).toBe('True');
    const roles = decodeJwt(String((await withSecret()).json.access_token)).roles as string[];
    expect([...roles].sort()).toEqual([...APP_ROLES].sort());
  });
});

describe('Graph with an app token', () => {
  const [adele, alex, diego] = [0, 1, 2];
  const upn = (index: number) => demo.users[index].userPrincipalName;
  async function token() {
    consentAll();
    return String((await withSecret()).json.access_token);
  }

  it('serves /users/{id | userPrincipalName}/… and refuses /me', async () => {
    const app = await token();
    const byUpn = await graph(
      emulator,
      app,
      `/users/${upn(adele)}/calendarView?startDateTime=2020-01-01T00:00:00Z&endDateTime=2040-01-01T00:00:00Z`,
    );
    expect(byUpn.status).toBe(200);
    expect(byUpn.json!.value.length).toBeGreaterThan(0);
    const byId = await graph(emulator, app, `/users/${demo.users[adele].id}/contacts`);
    expect(byId.status).toBe(200);
    const user = await graph(emulator, app, `/users/${upn(alex)}`);
    expect(user.json).toMatchObject({ id: demo.users[alex].id, userPrincipalName: upn(alex) });
    const me = await graph(emulator, app, '/me/calendar');
    expect(me.status).toBe(400);
    expect(me.json!.error.message).toBe('/me request is only valid with delegated authentication flow.');
    expect((await graph(emulator, app, '/users/nobody@contoso.onmicrosoft.com/calendar')).status).toBe(404);
  });

  it('needs the application permission of the area (403 ErrorAccessDenied without Contacts.ReadWrite for a write)', async () => {
    emulator.appOnly.grantApplicationConsent(demo.tenant.id, demo.app.clientId, ['Calendars.ReadWrite', 'Contacts.Read']);
    const app = String((await withSecret()).json.access_token);
    const write = await graph(emulator, app, `/users/${upn(adele)}/contacts`, { method: 'POST', body: { givenName: 'Pat' } });
    expect(write.status).toBe(403);
    expect(write.json!.error.code).toBe('ErrorAccessDenied');
    expect((await graph(emulator, app, `/users/${upn(adele)}/contacts`)).status).toBe(200);
  });

  it('refuses a mailbox outside the application access policy with Exchange’s RAOP answer, the directory entry still readable', async () => {
    emulator.appOnly.addMailboxScopePolicy(demo.app.clientId, 'RestrictAccess', [upn(adele), upn(alex)]);
    const app = await token();
    expect((await graph(emulator, app, `/users/${upn(adele)}/calendar`)).status).toBe(200);
    const outside = await graph(emulator, app, `/users/${upn(diego)}/calendar`);
    expect(outside.status).toBe(403);
    expect(outside.json!.error).toMatchObject({
      code: 'ErrorAccessDenied',
      message: 'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
    });
    expect((await graph(emulator, app, `/users/${upn(diego)}`)).status).toBe(200);
  });

  it('applies DenyAccess to the group it names only', async () => {
    emulator.appOnly.addMailboxScopePolicy(demo.app.clientId, 'DenyAccess', [upn(alex)]);
    const app = await token();
    expect((await graph(emulator, app, `/users/${upn(alex)}/contacts`)).status).toBe(403);
    expect((await graph(emulator, app, `/users/${upn(diego)}/contacts`)).status).toBe(200);
  });

  it('answers 404 MailboxNotEnabledForRESTAPI for a user without a mailbox', async () => {
    const extra = emulator.directory.addUser(demo.tenant, { userPrincipalName: 'kiosk@contoso.onmicrosoft.com', displayName: 'Kiosk' });
    emulator.appOnly.removeMailbox(extra.userPrincipalName);
    const app = await token();
    const answer = await graph(emulator, app, `/users/${extra.userPrincipalName}/calendar`);
    expect(answer.status).toBe(404);
    expect(answer.json!.error.code).toBe('MailboxNotEnabledForRESTAPI');
  });

  it('still refuses a user’s delegated token for another user’s mailbox', async () => {
    const delegated = await signIn(emulator, demo, 'Adele');
    const answer = await graph(emulator, delegated.access_token, `/users/${upn(diego)}/calendar`);
    expect(answer.status).toBe(403);
    expect((await graph(emulator, delegated.access_token, `/users/${upn(adele)}/calendar`)).status).toBe(200);
  });

  it('runs $batch items under /users/{id} with the app token and the policy', async () => {
    emulator.appOnly.addMailboxScopePolicy(demo.app.clientId, 'RestrictAccess', [upn(adele)]);
    const app = await token();
    const answer = await graph(emulator, app, '/$batch', {
      method: 'POST',
      body: {
        requests: [
          { id: '1', method: 'GET', url: `/users/${upn(adele)}/calendar` },
          { id: '2', method: 'GET', url: `/users/${upn(diego)}/calendar` },
        ],
      },
    });
    const statuses = Object.fromEntries((answer.json!.responses as Array<{ id: string; status: number }>).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ '1': 200, '2': 403 });
  });
});
