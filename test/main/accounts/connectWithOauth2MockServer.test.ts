// The same connect flow against oauth2-mock-server, an independent OpenID provider from npm: proof
// that the OAuth client is not tuned to our own emulator. Only Entra's URL layout (the tenant
// segment before /v2.0) and the two fields MSAL needs (client_info; oid/tid/name in the id_token)
// are added around it, plus a one-route Graph answering /me for the tokens it signed.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { AccountsView, AttemptOutcome, SignInAttempt } from '../../../src/shared/contract';
import { generateCertificates } from '../../emulator/certificates';
import { httpsRequest } from '../../emulator/support/trustedHttp';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';
import { callOk, followToConsole } from './accountsFixture';

const tenantId = '7a1c0d2e-3f4a-4b5c-8d9e-0f1a2b3c4d5e';
const clientId = '0b5e6a2c-1234-4cde-9f00-123456789abc';
const tempDir = useTempDirs();
let provider: OAuth2Server;
let front: Server;
let origin = '';
let caCert = '';
const tokenRequests: string[] = [];

beforeAll(async () => {
  const certificates = await generateCertificates();
  caCert = certificates.caCert;
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  provider.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, { oid: 'johndoe-oid', tid: tenantId, preferred_username: 'john.doe@mock.example', name: 'John Doe' });
  });
  provider.service.on('beforeResponse', (response: { body: Record<string, unknown> }, req: { body?: Record<string, string> }) => {
    tokenRequests.push(req.body?.grant_type ?? '');
    response.body.client_info = Buffer.from(JSON.stringify({ uid: 'johndoe-oid', utid: tenantId })).toString('base64url');
  });
  const handler = provider.service.requestHandler;
  front = createServer({ cert: certificates.serverCert, key: certificates.serverKey }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    if (url.pathname === '/v1.0/me') {
      void answerMe(req.headers.authorization ?? '').then(({ status, body }) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      });
      return;
    }
    // Entra's layout, /{tenant}/v2.0/.well-known/openid-configuration, onto the provider's root.
    if (url.pathname === `/${tenantId}/v2.0/.well-known/openid-configuration`) req.url = '/.well-known/openid-configuration';
    handler(req, res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', () => resolve()));
  origin = `https://localhost:${(front.address() as AddressInfo).port}`;
  provider.issuer.url = origin;
});

afterAll(async () => {
  front.closeAllConnections();
  await new Promise<void>((resolve) => front.close(() => resolve()));
});

async function answerMe(authorization: string) {
  try {
    const { payload } = await jwtVerify(
      authorization.replace(/^Bearer /, ''),
      createLocalJWKSet({ keys: provider.issuer.keys.toJSON() as never }),
    );
    return { status: 200, body: { displayName: payload.name, userPrincipalName: payload.preferred_username } };
  } catch {
    return { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } };
  }
}

it('connects, reads /me and refreshes against oauth2-mock-server', async () => {
  const core = createTestCore(tempDir(), { clock: { now: () => new Date() } });
  try {
    const host = new URL(origin).host;
    await callOk(core, 'integration.save', {
      config: {
        enabled: true,
        clientId,
        accountType: 'singleTenant',
        tenant: tenantId,
        cloud: 'custom',
        customCloud: { loginHost: host, graphHost: host, caCertificatePem: caCert },
        redirectPort: null,
        features: { calendar: true, contacts: false, imap: false, smtp: false },
      },
      secret: { value: 'Mock8Q~client-secret-value-for-the-mock', expiresOn: '2028-11-26' },
    });
    const role = core.access.createRole('Outlook');
    core.access.setRoleScope(role.id, 'externalAccounts', true);
    const user = core.access.createUser({ name: 'Ann Lee', email: 'ann@example.com', type: 'regular', roleIds: [role.id] });
    const outcomes: AttemptOutcome[] = [];
    core.events.subscribe((envelope) => {
      if (envelope.event === 'accounts.attemptFinished') outcomes.push(envelope.payload as AttemptOutcome);
    });

    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    expect(new URL(attempt.url).origin).toBe(origin);
    // The provider signs the user in at once and redirects to the console's loopback listener.
    const authorize = await httpsRequest(attempt.url, caCert);
    expect(authorize.status).toBe(302);
    const visit = await followToConsole(authorize.headers.location);
    expect(visit.resultPage).toContain('Connected — you can close this window');
    await vi.waitFor(() => expect(outcomes.at(-1)).toMatchObject({ outcome: 'connected' }));
    // The provider checked the PKCE verifier against the challenge (it throws on a mismatch).
    expect(tokenRequests).toEqual(['authorization_code']);

    const row = (await callOk<AccountsView>(core, 'accounts.list')).rows[0];
    expect(row.account).toMatchObject({ userPrincipalName: 'john.doe@mock.example', displayName: 'John Doe', status: 'connected' });
    const access = (await core.accounts.graphAccess(user.id))!;
    const refreshed = await access.accessToken({ forceRefresh: true });
    expect(tokenRequests).toEqual(['authorization_code', 'refresh_token']);
    expect((await answerMe(`Bearer ${refreshed}`)).status).toBe(200);
  } finally {
    await core.shutdown();
  }
});
