import { describe, expect, it, vi } from 'vitest';
import { createContractClient } from '../../../src/renderer/src/client/contractClient';
import { httpTransport, takeHeadlessToken } from '../../../src/renderer/src/client/transports';
import { ContractError } from '../../../src/shared/contract';

function jsonResponse(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('renderer contract client over HTTP', () => {
  it('posts to /api/<channel> with the bearer token and returns the result', async () => {
    const fetchImpl = vi.fn(async () => jsonResponse(200, { ok: true, result: { appearance: { theme: 'dark' } } }));
    const client = createContractClient(httpTransport('tok', fetchImpl as unknown as typeof fetch));
    expect(await client.call('settings.update', { appearance: { theme: 'dark' } })).toEqual({ appearance: { theme: 'dark' } });
    expect(fetchImpl).toHaveBeenCalledWith('/api/settings.update', {
      method: 'POST',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ appearance: { theme: 'dark' } }),
    });
  });

  it('throws a ContractError carrying the field issues', async () => {
    const fetchImpl = async () =>
      jsonResponse(400, { ok: false, error: { code: 'VALIDATION', message: 'appearance.theme: Invalid option', issues: [{ field: 'appearance.theme', message: 'Invalid option' }] } });
    const client = createContractClient(httpTransport('tok', fetchImpl as unknown as typeof fetch));
    const error = await client.call('settings.get').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).issues[0].field).toBe('appearance.theme');
  });

  it('reports an unreadable answer plainly', async () => {
    const fetchImpl = async () => new Response('<html>proxy error</html>', { status: 502 });
    const client = createContractClient(httpTransport('tok', fetchImpl as unknown as typeof fetch));
    await expect(client.call('settings.get')).rejects.toThrow(/answered 502/);
  });
});

describe('headless token', () => {
  it('takes the token from the hash once, removes it from the address bar, and remembers it for reloads', () => {
    const stored = new Map<string, string>();
    const storage = { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => stored.set(key, value) } as unknown as Storage;
    const history = { replaceState: vi.fn() } as unknown as History;
    const location = { hash: '#token=abc_DEF-1', pathname: '/', search: '' } as Location;
    expect(takeHeadlessToken(location, history, storage)).toBe('abc_DEF-1');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(takeHeadlessToken({ ...location, hash: '' }, history, storage)).toBe('abc_DEF-1');
  });
});
