// The real clients against the emulator: @azure/msal-node signs in (auth code + PKCE), refreshes,
// and @microsoft/microsoft-graph-client pages through calendarView/delta with PageIterator.
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import {
  Client,
  PageIterator,
  MiddlewareFactory,
  type Middleware,
  type Context,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import type { Emulator } from './server.ts';
import { answerConsent } from './support/consentPage.ts';
import { REDIRECT_URI, startDemoEmulator } from './support/session.ts';
import { trustedFetch, trustedMsalNetworkClient } from './support/trustedHttp.ts';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => ({ emulator, demo } = await startDemoEmulator()));
afterAll(() => emulator.stop());

/** The Graph client's default chain, with the last step fetching through the trusted CA. */
function graphClient(accessToken: string): Client {
  const chain = MiddlewareFactory.getDefaultMiddlewareChain({ getAccessToken: async () => accessToken });
  const fetchWithCa = trustedFetch(emulator.caCert);
  const httpHandler: Middleware = {
    execute: async (context: Context) => {
      context.response = await fetchWithCa(context.request as RequestInfo, context.options);
    },
  };
  chain[chain.length - 1] = httpHandler;
  for (let i = 0; i < chain.length - 1; i++) chain[i].setNext!(chain[i + 1]);
  return Client.initWithMiddleware({ middleware: chain[0], baseUrl: `${emulator.graphBaseUrl}/`, customHosts: new Set(['localhost']) });
}

describe('@azure/msal-node and @microsoft/microsoft-graph-client against the emulator', () => {
  it('signs in with auth code + PKCE, refreshes, and pages through calendarView/delta', async () => {
    const msal = new ConfidentialClientApplication({
      auth: {
        clientId: demo.app.clientId,
        clientSecret: demo.clientSecret,
        authority: emulator.authority(demo.tenant.id),
        knownAuthorities: [emulator.knownAuthority],
      },
      system: { networkClient: trustedMsalNetworkClient(emulator.caCert) },
    });
    const pkce = await new CryptoProvider().generatePkceCodes();
    const scopes = ['User.Read', 'Calendars.ReadWrite'];
    const url = await msal.getAuthCodeUrl({
      scopes,
      redirectUri: REDIRECT_URI,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state: 'state-123',
    });
    const answer = await answerConsent(url, emulator.caCert, { account: 'Adele Vance', decision: 'accept' });
    const redirected = new URL(answer.location!);
    expect(redirected.searchParams.get('state')).toBe('state-123');

    const signedIn = await msal.acquireTokenByCode({
      code: redirected.searchParams.get('code')!,
      scopes,
      redirectUri: REDIRECT_URI,
      codeVerifier: pkce.verifier,
    });
    expect(signedIn.account?.username).toBe('adele.vance@contoso.onmicrosoft.com');
    expect(signedIn.account?.tenantId).toBe(demo.tenant.id);
    expect(signedIn.idTokenClaims).toMatchObject({ name: 'Adele Vance', tid: demo.tenant.id });

    const refreshed = await msal.acquireTokenSilent({ account: signedIn.account!, scopes, forceRefresh: true });
    expect(refreshed.accessToken).not.toBe(signedIn.accessToken);
    expect(emulator.requestLog.matching('POST', '/oauth2/v2.0/token')).toHaveLength(2);

    const client = graphClient(refreshed.accessToken);
    const me = await client.api('/me').get();
    expect(me.userPrincipalName).toBe('adele.vance@contoso.onmicrosoft.com');

    const start = new Date(Date.now() - 24 * 3600_000).toISOString();
    const end = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const firstPage: PageCollection = await client
      .api('/me/calendarView/delta')
      .query({ startDateTime: start, endDateTime: end })
      .header('Prefer', 'odata.maxpagesize=2')
      .get();
    const seen: Array<{ id: string; type?: string }> = [];
    const iterator = new PageIterator(
      client,
      firstPage,
      (event) => {
        seen.push(event);
        return true;
      },
      { headers: { Prefer: 'odata.maxpagesize=2' } },
    );
    await iterator.iterate();
    const deltaLink = iterator.getDeltaLink()!;
    expect(deltaLink).toMatch(/\$deltatoken=/);
    // 2 single events + the weekly series' occurrences in the next 30 days (5, sometimes 4 + today's).
    expect(seen.filter((e) => e.type === 'singleInstance')).toHaveLength(2);
    expect(seen.filter((e) => e.type === 'occurrence').length).toBeGreaterThanOrEqual(4);
    expect(emulator.requestLog.matching('GET', '$skiptoken=').length).toBeGreaterThanOrEqual(2);

    const added = emulator.outlook.createEvent('adele.vance@contoso.onmicrosoft.com', {
      subject: 'Added in Outlook',
      start: { dateTime: start.slice(0, 19), timeZone: 'UTC' },
      end: { dateTime: new Date(Date.parse(start) + 3600_000).toISOString().slice(0, 19), timeZone: 'UTC' },
    });
    const changes = await client.api(deltaLink).get();
    expect(changes.value.map((e: { id: string }) => e.id)).toEqual([added]);
    expect(changes['@odata.deltaLink']).toMatch(/\$deltatoken=/);
  });
});
