import type { CredentialsTest, IntegrationConfig } from '../../shared/contract';
import { cloudHosts, graphResource } from '../../shared/integration/clouds';
import { customHosts } from '../auth/msalClient';
import { fetchTrusting } from '../auth/httpsWithCa';
import { explainProblem } from '../auth/microsoftErrors';

/** Long enough for a slow proxy, short enough that the administrator is told at once. */
export const credentialsTestTimeoutMs = 10_000;

type Result = Omit<CredentialsTest, 'checkedAt'>;

/** Tenants that name no directory: the client credentials grant needs the app's own tenant. */
const notATenant = new Set(['', 'common', 'organizations', 'consumers']);

/**
 * Asks Microsoft for an app token (OAuth client credentials, scope `{graph}/.default`) with the
 * saved client ID, tenant and secret, and says in words what the answer means. One documented
 * POST to the token endpoint rather than MSAL's acquireTokenByClientCredential: MSAL first resolves
 * the authority's metadata and reports a failure there only as `endpoints_resolution_error`,
 * while the administrator needs the host, the DNS or TLS error, and the AADSTS code. The token
 * itself is dropped: the test needs only to know that one was issued.
 */
export async function testCredentials(
  config: IntegrationConfig,
  secret: string | undefined,
  timeoutMs = credentialsTestTimeoutMs,
): Promise<Result> {
  const host = cloudHosts(config.cloud, customHosts(config)).loginHost;
  const notReady = (explanation: string, fix: string): Result => ({ outcome: 'notReady', host, code: null, explanation, fix });
  if (!config.clientId) return notReady('No Client ID is saved.', 'Enter the Application (client) ID and save, then test again.');
  if (!secret)
    return notReady(
      'No client secret is saved (or it cannot be read).',
      'Paste the secret’s Value and its expiry date, save, then test again.',
    );
  if (!host) return notReady('The custom cloud has no sign-in host.', 'Enter the custom cloud’s sign-in host and save, then test again.');
  const tenant = config.tenant.trim();
  if (notATenant.has(tenant.toLowerCase()))
    return notReady(
      'An app token is issued only by the app’s own directory, and no tenant is saved.',
      'Enter the Directory (tenant) ID from the app registration’s Overview page and save, then test again.',
    );

  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: config.clientId,
    client_secret: secret,
    scope: `${graphResource(config.cloud, customHosts(config))}.default`,
  });
  let response: Response;
  try {
    response = await fetchTrusting(config.customCloud.caCertificatePem, timeoutMs)(
      `https://${host}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      },
    );
  } catch (error) {
    return unreachable(host, error);
  }
  if (response.ok) {
    return {
      outcome: 'valid',
      host,
      code: null,
      explanation: `Microsoft issued an app token to client ${config.clientId} in tenant ${tenant}: the Client ID, the tenant and the secret are right.`,
      fix: null,
    };
  }
  return refused(host, tenant, await response.text());
}

/** Explains a refusal by its AADSTS code; the codes an administrator can fix on the Integration page first. */
function refused(host: string, tenant: string, text: string): Result {
  const answer = parseJson(text);
  const number = Array.isArray(answer?.error_codes) ? Number(answer.error_codes[0]) : Number(/AADSTS(\d+)/.exec(text)?.[1]);
  const code = Number.isFinite(number) ? `AADSTS${number}` : null;
  const known: Record<string, [Result['outcome'], Parameters<typeof explainProblem>[0]]> = {
    AADSTS7000215: ['wrongSecret', 'AADSTS7000215'],
    AADSTS7000222: ['expiredSecret', 'AADSTS7000222'],
    AADSTS90002: ['wrongTenant', 'AADSTS90002'],
    AADSTS700016: ['wrongClientId', 'AADSTS700016'],
  };
  const match = code ? known[code] : undefined;
  if (match) {
    const problem = explainProblem(match[1]);
    const explanation = match[0] === 'wrongTenant' ? `${problem.explanation} It was asked for tenant “${tenant}”.` : problem.explanation;
    return { outcome: match[0], host, code, explanation, fix: problem.fix };
  }
  const description = typeof answer?.error_description === 'string' ? answer.error_description.split(/\r?\n/)[0] : text.slice(0, 240);
  return {
    outcome: 'refused',
    host,
    code,
    explanation: `${host} refused to issue an app token: ${description || 'no reason given'}`,
    fix: 'Check the Client ID, the tenant and the secret on this page; the Diagnostics page explains a pasted error code.',
  };
}

/** The host and the network's own error (DNS, TLS, refused, timeout), which is what a firewall or proxy team needs. */
function unreachable(host: string, error: unknown): Result {
  const message = (error as Error).message ?? String(error);
  const code = (error as NodeJS.ErrnoException).code ?? /^([A-Z_]{4,}):/.exec(message)?.[1] ?? null;
  const kind = /ENOTFOUND|EAI_AGAIN/.test(message)
    ? 'its name could not be resolved (DNS)'
    : /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(message)
      ? 'its certificate is not trusted here (TLS)'
      : /ECONNREFUSED/.test(message)
        ? 'it refused the connection'
        : /ETIMEDOUT|timed out|did not answer/i.test(message)
          ? 'it did not answer in time'
          : 'the connection failed';
  const tls = kind.includes('TLS');
  return {
    outcome: 'unreachable',
    host,
    code,
    explanation: `The console could not reach Microsoft’s sign-in host ${host}: ${kind}. ${message}`,
    fix: tls
      ? 'A TLS-inspecting proxy or an emulator presents its own certificate: paste its CA certificate as the custom CA on this page, or ask the network team to exempt the sign-in host.'
      : `Check this machine’s DNS, proxy and firewall for ${host}, and that the national cloud (or the custom cloud’s sign-in host) on this page is right.`,
  };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** How long Connect waits to learn whether the sign-in host answers at all. */
export const signInHostProbeMs = 5_000;

/**
 * Before a Connect opens the browser: does the sign-in host answer at all? Any HTTP answer will do
 * (the tenant's metadata, or an error page); only a DNS, TLS or connection failure is reported, in
 * words naming the host, so the administrator is not left waiting for a sign-in that cannot come.
 * Undefined when the host answers, or when nothing is set up yet (Connect then says what is missing).
 */
export async function signInHostProblem(config: IntegrationConfig, timeoutMs = signInHostProbeMs): Promise<string | undefined> {
  if (!config.clientId) return undefined;
  let host: string;
  try {
    host = cloudHosts(config.cloud, customHosts(config)).loginHost;
  } catch {
    return undefined;
  }
  if (!host) return undefined;
  try {
    await fetchTrusting(config.customCloud.caCertificatePem, timeoutMs)(`https://${host}/common/v2.0/.well-known/openid-configuration`);
    return undefined;
  } catch (error) {
    const result = unreachable(host, error);
    return `${result.explanation} ${result.fix}`;
  }
}
