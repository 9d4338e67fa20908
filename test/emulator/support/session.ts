// A quick sign-in without MSAL, for tests that need a Graph token: auth code + PKCE by hand.
import { createHash, randomBytes } from 'node:crypto';
import { seedDemoTenant, type DemoTenant } from '../demoTenant.ts';
import type { Emulator } from '../server.ts';
import { answerConsent } from './consentPage.ts';
import { httpsRequest } from './trustedHttp.ts';

export const REDIRECT_URI = 'http://localhost:53123/oauth/callback';

export async function startDemoEmulator(): Promise<{ emulator: Emulator; demo: DemoTenant }> {
  // Loaded here rather than at the top: the bench's console process signs users in through this
  // module, and the emulator's own libraries would otherwise count in the console's memory.
  const { startEmulator } = await import('../server.ts');
  const emulator = await startEmulator();
  return { emulator, demo: seedDemoTenant(emulator) };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(emulator: Emulator, tenant: string, params: Record<string, string>): string {
  const url = new URL(`${emulator.authority(tenant)}/oauth2/v2.0/authorize`);
  for (const [k, v] of Object.entries({ response_type: 'code', redirect_uri: REDIRECT_URI, state: 'st-1', ...params }))
    url.searchParams.set(k, v);
  return url.toString();
}

export async function postToken(emulator: Emulator, tenant: string, form: Record<string, string>) {
  const res = await httpsRequest(`${emulator.authority(tenant)}/oauth2/v2.0/token`, emulator.caCert, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, json: JSON.parse(res.body) as Record<string, unknown> };
}

/** Signs `account` in to the demo app and returns the token response. */
export async function signIn(
  emulator: Emulator,
  demo: DemoTenant,
  account: string,
  scope = 'openid profile offline_access User.Read Calendars.ReadWrite Contacts.ReadWrite',
) {
  const { verifier, challenge } = pkcePair();
  const answer = await answerConsent(
    authorizeUrl(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      scope,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
    emulator.caCert,
    { account, decision: 'accept' },
  );
  const code = new URL(answer.location!).searchParams.get('code')!;
  const token = await postToken(emulator, demo.tenant.id, {
    client_id: demo.app.clientId,
    client_secret: demo.clientSecret,
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    scope,
  });
  if (token.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(token.json)}`);
  return token.json as { access_token: string; refresh_token: string; id_token: string };
}

/** A Graph JSON body: tests read whatever shape the documented payload has. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GraphJson = Record<string, any>;

/** A Graph call with a bearer token, returning status, headers and parsed JSON. */
export async function graph(
  emulator: Emulator,
  token: string,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await httpsRequest(`${emulator.graphBaseUrl}/v1.0${path}`, emulator.caCert, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, json: res.body ? (JSON.parse(res.body) as GraphJson) : null };
}
