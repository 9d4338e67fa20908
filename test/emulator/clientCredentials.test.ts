import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import { AAD_DESCRIPTION, AAD_ERROR_KEYS } from './fixtures/documentedShapes.ts';
import type { Emulator } from './server.ts';
import { postToken, startDemoEmulator } from './support/session.ts';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => ({ emulator, demo } = await startDemoEmulator()));
afterAll(() => emulator.stop());

const appToken = (overrides: Record<string, string> = {}, tenant = demo.tenant.id) =>
  postToken(emulator, tenant, {
    grant_type: 'client_credentials',
    client_id: demo.app.clientId,
    client_secret: demo.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
    ...overrides,
  });

function expectAadError(res: { status: number; json: Record<string, unknown> }, status: number, code: number, error: string) {
  expect(res.status).toBe(status);
  const body = res.json;
  for (const key of AAD_ERROR_KEYS) expect(body).toHaveProperty(key);
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(AAD_DESCRIPTION);
}

describe('client credentials grant (app-only token)', () => {
  it('issues an app token with only the documented keys: no refresh token, no id_token, no scope', async () => {
    const res = await appToken();
    expect(res.status).toBe(200);
    const body = res.json as { access_token: string; token_type: string };
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ appid: demo.app.clientId, tid: demo.tenant.id, idtyp: 'app' });
    expect(claims).not.toHaveProperty('scp');
    expect(claims).not.toHaveProperty('upn');
  });

  it('accepts the emulator’s own Graph resource as well as graph.microsoft.com', async () => {
    expect((await appToken({ scope: `${emulator.origin}/.default` })).status).toBe(200);
  });

  it('refuses a wrong secret with AADSTS7000215 and a missing one with AADSTS7000218', async () => {
    expectAadError(await appToken({ client_secret: 'a1b2c3d4-0000-4000-8000-000000000000' }), 401, 7000215, 'invalid_client');
    const withoutSecret = { grant_type: 'client_credentials', client_id: demo.app.clientId, scope: 'https://graph.microsoft.com/.default' };
    expectAadError(await postToken(emulator, demo.tenant.id, withoutSecret), 401, 7000218, 'invalid_client');
  });

  it('refuses delegated scopes and several scopes: the scope must be one resource’s /.default (AADSTS1002012)', async () => {
    expectAadError(await appToken({ scope: 'User.Read' }), 400, 1002012, 'invalid_scope');
    expectAadError(await appToken({ scope: 'https://graph.microsoft.com/User.Read' }), 400, 1002012, 'invalid_scope');
    expectAadError(await appToken({ scope: 'https://graph.microsoft.com/.default offline_access' }), 400, 1002012, 'invalid_scope');
    expectAadError(await appToken({ scope: '' }), 400, 900144, 'invalid_request');
  });

  it('refuses an unknown resource with AADSTS500011', async () => {
    expectAadError(await appToken({ scope: 'https://unknown.example.com/.default' }), 400, 500011, 'invalid_resource');
  });

  it('refuses /common and /organizations (AADSTS9001023) and an unknown tenant (AADSTS90002)', async () => {
    // A multi-tenant app is found under /common, so the refusal is the grant's, not the app lookup's.
    const multi = emulator.directory.addApp(demo.tenant, {
      displayName: 'Multi',
      redirectUris: ['http://localhost/oauth/callback'],
      signInAudience: 'AzureADMultipleOrgs',
      secrets: [{ keyId: crypto.randomUUID(), hint: 'abc', secretText: 'multi-secret', endDateTime: new Date(Date.now() + 86_400_000) }],
      requiredScopes: ['User.Read'],
    });
    for (const alias of ['common', 'organizations'])
      expectAadError(await appToken({ client_id: multi.clientId, client_secret: 'multi-secret' }, alias), 400, 9001023, 'invalid_request');
    expectAadError(await appToken({}, 'no-such-tenant.example.com'), 400, 90002, 'invalid_tenant');
  });
});
