// How a client in this process trusts the emulator's per-run CA. NODE_EXTRA_CA_CERTS is read only
// at process start, Node's fetch takes no `ca` option and Node 24 has no `node:undici` to build an
// Agent with one. What works in-process: node:https with `ca` (used here, per client, nothing
// global), or Node 24's tls.setDefaultCACertificates([...tls.getCACertificates('default'), ca]),
// which global fetch then honours — but for the whole process.
import { request } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export type RawHttpsResponse = { status: number; headers: Record<string, string>; body: string };

export function httpsRequest(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
): Promise<RawHttpsResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, ca, signal: options.signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('connection closed before the body ended')));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A fetch that trusts `ca`: enough of fetch for the Graph client and our tests. */
export function trustedFetch(ca: string): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers = Object.fromEntries(request.headers.entries());
    const body = request.body ? await request.text() : undefined;
    const res = await httpsRequest(request.url, ca, { method: request.method, headers, body, signal: init?.signal ?? request.signal });
    const nullBody = res.status === 204 || res.status === 304;
    return new Response(nullBody ? null : res.body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

/** MSAL's `system.networkClient`, trusting `ca`. */
export function trustedMsalNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await httpsRequest(url, ca, { method, headers: options?.headers, body: options?.body });
    return { headers: res.headers, body: JSON.parse(res.body) as T, status: res.status };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
  };
}
