/**
 * HTTPS for MSAL and Graph that also trusts the integration settings' custom CA (a TLS-inspecting
 * proxy, or the local emulator). Node's fetch takes no CA option and NODE_EXTRA_CA_CERTS is read
 * only at start, so requests go through node:https with the CA given per request: nothing global.
 * Without a custom CA they go the same way (Node's default trust): one path for Microsoft's cloud
 * and the emulator the tests run against, and Node's fetch (undici) never loaded for Graph.
 */
import { Agent, request } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { BufferedResponse } from '../graph/bufferedResponse';
import { headerRecord } from '../graph/receivedHeaders';
import { backoffMs, isRetryableStatus, retryAfterMs, type RetryPolicy } from '../graph/retryPolicy';

export const defaultRequestTimeoutMs = 30_000;

// The body as the bytes that arrived: the Graph client's Response reads JSON from bytes, so
// decoding to text here and encoding again for the Response cost a sync run a tenth of its CPU.
type RawResponse = { status: number; statusText: string; headers: Record<string, string>; body: Buffer };

function send(
  url: string,
  customCaPem: string,
  options: { method: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal | null; timeoutMs: number },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method,
        headers: options.headers,
        agent: keepAliveAgent(new URL(url).host, customCaPem),
        signal: options.signal ?? undefined,
        timeout: options.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers))
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        Object.assign(new Error(`ETIMEDOUT: ${new URL(url).host} did not answer within ${options.timeoutMs / 1000} s`), {
          code: 'ETIMEDOUT',
        }),
      ),
    );
    // Node's TLS errors carry their reason in `code` (SELF_SIGNED_CERT_IN_CHAIN…): keep it in the message.
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code && !error.message.includes(error.code)
          ? Object.assign(new Error(`${error.code}: ${error.message}`), { code: error.code })
          : error,
      ),
    );
    req.end(options.body);
  });
}

/** The public roots plus the custom CA, so a proxy's CA adds to the trust instead of replacing it. */
function trustList(customCaPem: string): string[] {
  return [...rootCertificates, customCaPem];
}

const agents = new Map<string, { customCaPem: string; agent: Agent }>();

/**
 * One keep-alive agent per host for the whole process (every account's MSAL client and Graph
 * fetch share it): a request reuses an open TLS connection instead of a handshake, and the trust
 * list is built once, not per request. A changed CA replaces the host's agent and closes the old one.
 */
export function keepAliveAgent(host: string, customCaPem: string): Agent {
  const known = agents.get(host);
  if (known?.customCaPem === customCaPem) return known.agent;
  known?.agent.destroy();
  // An idle socket is closed after a minute, or before the server's own Keep-Alive timeout (Node reads its hint), so none is reused as the server closes it.
  // A secure context, not `ca`: the agent names its socket pools from its options, and a `ca` of
  // ~150 certificates made that name (built per request) the costliest part of a request.
  // Without a custom CA, Node's default trust (its roots, NODE_EXTRA_CA_CERTS), as its fetch has.
  const secureContext = customCaPem ? createSecureContext({ ca: trustList(customCaPem) }) : undefined;
  const agent = new Agent({ keepAlive: true, timeout: 60_000, secureContext, maxFreeSockets: 256, scheduling: 'lifo' });
  agents.set(host, { customCaPem, agent });
  return agent;
}

/** A fetch that trusts the custom CA (none: Node's default trust): what the Graph client and `/me` use. */
export function fetchTrusting(customCaPem: string, timeoutMs = defaultRequestTimeoutMs): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const { url, method, headers, body, signal } = await requestParts(input, init);
    const res = await send(url, customCaPem, { method, headers, body, signal, timeoutMs });
    return new BufferedResponse(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof globalThis.fetch;
}

/**
 * A fetch call's parts. Node's Request (undici) reads them only when the call is not a URL with a
 * text body or none, which is what the Graph client and MSAL send.
 */
async function requestParts(input: RequestInfo | URL, init?: RequestInit) {
  const byUrl = typeof input === 'string' || input instanceof URL;
  if (byUrl && (init?.body === undefined || init.body === null || typeof init.body === 'string')) {
    return {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: headerRecord(init?.headers),
      body: init?.body ?? undefined,
      signal: init?.signal,
    };
  }
  const req = byUrl ? new Request(input, init) : input;
  const headers = Object.fromEntries(req.headers.entries());
  const body = req.body ? await req.text() : undefined;
  return { url: req.url, method: req.method, headers, body, signal: init?.signal ?? req.signal };
}

/**
 * MSAL's GET requests (the authority's OpenID configuration, instance discovery) by URL, shared by
 * every account's MSAL client of one integration: each client would otherwise discover the same
 * authority again before its first refresh (10,000 accounts, 10,000 discoveries). Its owner makes a
 * new one when the integration changes; MSAL still checks each answer (issuer, endpoints) itself.
 */
export type DiscoveryCache = Map<string, Promise<NetworkResponse<unknown>>>;

/**
 * MSAL's `system.networkClient` trusting the custom CA (or only the public roots when none is set).
 * It remembers its last failure: MSAL reports a failed metadata request only as
 * `endpoints_resolution_error`, and the administrator needs the reason (TLS, DNS, refused).
 *
 * With a retry policy, a 429 or 5xx from the sign-in service is tried again like Graph's (its
 * Retry-After, within the policy's longest wait, else a jittered backoff), since MSAL itself gives
 * up at once. A request that got no answer is tried again when it is a GET or a token request that
 * may be repeated (a refresh token stays valid when used; client credentials have nothing to use
 * up); never an authorization code's redemption, which may have happened before the answer was lost.
 */
export function msalNetworkTrusting(
  customCaPem: string,
  timeoutMs = defaultRequestTimeoutMs,
  retry?: RetryPolicy,
  discovery?: DiscoveryCache,
): INetworkModule & { lastFailure(): Error | undefined } {
  let lastFailure: Error | undefined;
  const call = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    let res: RawResponse;
    for (let attempt = 1; ; attempt++) {
      try {
        res = await send(url, customCaPem, { method, headers: options?.headers, body: options?.body, timeoutMs });
        lastFailure = undefined;
      } catch (error) {
        lastFailure = error as Error;
        if (!retry || !repeatable(method, options?.body) || attempt >= retry.maxAttempts) throw error;
        await retry.sleep(backoffMs(retry, attempt));
        continue;
      }
      if (!retry || !isRetryableStatus(res.status) || attempt >= retry.maxAttempts) break;
      const waitMs = retryAfterMs(res.headers['retry-after']) ?? backoffMs(retry, attempt);
      // Longer than the console waits: MSAL gets the answer and the administrator plain words.
      if (waitMs > retry.maxWaitMs) break;
      await retry.sleep(waitMs);
    }
    let body: T;
    try {
      body = JSON.parse(res.body.toString('utf8')) as T;
    } catch {
      throw new Error(`${new URL(url).host} answered HTTP ${res.status} with something that is not JSON: is the sign-in host right?`);
    }
    return { headers: res.headers, body, status: res.status };
  };
  const get = <T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    if (!discovery) return call<T>('GET', url, options);
    let answer = discovery.get(url) as Promise<NetworkResponse<T>> | undefined;
    if (!answer) {
      answer = call<T>('GET', url, options);
      discovery.set(url, answer);
      // Only a 200 is kept: a failure or an error answer is asked again by the next client.
      answer.then(
        (response) => response.status !== 200 && discovery.delete(url),
        () => discovery.delete(url),
      );
    }
    return answer;
  };
  return {
    sendGetRequestAsync: get,
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => call<T>('POST', url, options),
    lastFailure: () => lastFailure,
  };
}

/** Sending it twice does no harm: a GET, or a token request without a single-use code in it. */
function repeatable(method: string, body: string | undefined): boolean {
  if (method === 'GET') return true;
  const grant = new URLSearchParams(body ?? '').get('grant_type');
  return grant === 'refresh_token' || grant === 'client_credentials';
}
