import { describe, expect, it, vi } from 'vitest';
import { createContractClient } from '../../../src/renderer/src/client/contractClient';
import { httpTransport, takeHeadlessToken } from '../../../src/renderer/src/client/transports';
import { ContractError, defaultConsoleSettings } from '../../../src/shared/contract';

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
      jsonResponse(400, {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'appearance.theme: Invalid option',
          issues: [{ field: 'appearance.theme', message: 'Invalid option' }],
        },
      });
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
    const storage = {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => stored.set(key, value),
    } as unknown as Storage;
    const history = { replaceState: vi.fn() } as unknown as History;
    const location = { hash: '#token=abc_DEF-1', pathname: '/', search: '' } as Location;
    expect(takeHeadlessToken(location, history, storage)).toBe('abc_DEF-1');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(takeHeadlessToken({ ...location, hash: '' }, history, storage)).toBe('abc_DEF-1');
  });

  it('keeps the place in the console a link with a token names, and drops only the token from the address', () => {
    const storage = new Map<string, string>();
    const history = { replaceState: vi.fn() } as unknown as History;
    const location = { hash: '#/jobs/runs/run-7&token=tok1', pathname: '/', search: '' } as Location;
    const asStorage = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    };
    expect(takeHeadlessToken(location, history, asStorage as unknown as Storage)).toBe('tok1');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/#/jobs/runs/run-7');
  });
});

describe('connection to the headless console', () => {
  const fast = { firstRetryMs: 10, maxRetryMs: 40, silenceMs: 5000 };

  /** An event stream the test writes to and ends, as the console would. */
  function controllableStream() {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
    return {
      response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
      send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
      end: () => controller.close(),
    };
  }

  it('answers a call the console cannot receive in words, not "Failed to fetch"', async () => {
    const fetchImpl = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = createContractClient(httpTransport('tok', fetchImpl as unknown as typeof fetch, fast));
    const error = await client.call('settings.get').then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toMatch(/The console is not answering/);
    expect(error?.message).not.toMatch(/Failed to fetch/);
  });

  it('says plainly when the token is refused, and stops trying', async () => {
    const fetchImpl = vi.fn<(url: string) => Promise<Response>>(async () =>
      jsonResponse(401, { ok: false, error: { code: 'FORBIDDEN', message: 'Missing or wrong access token.', issues: [] } }),
    );
    const transport = httpTransport('old-token', fetchImpl as unknown as typeof fetch, fast);
    const client = createContractClient(transport);
    await expect(client.call('settings.get')).rejects.toThrow(/--print-url/);
    expect(transport.connection!.current()).toEqual({ state: 'staleToken' });
    client.on('settings.changed', () => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    // One stream attempt, refused: no retry loop, no spinner that never ends.
    expect(fetchImpl.mock.calls.filter(([url]) => url === '/api/events')).toHaveLength(1);
    expect(transport.connection!.current()).toEqual({ state: 'staleToken' });
  });

  it('reconnects a broken event stream with the last event id, and reports lost and connected', async () => {
    const streams: ReturnType<typeof controllableStream>[] = [];
    const requests: (string | undefined)[] = [];
    let down = false;
    const fetchImpl = vi.fn(async (_url: string, init: RequestInit) => {
      requests.push((init.headers as Record<string, string>)['Last-Event-ID']);
      if (down) throw new TypeError('Failed to fetch');
      const stream = controllableStream();
      streams.push(stream);
      return stream.response;
    });
    const transport = httpTransport('tok', fetchImpl as unknown as typeof fetch, fast);
    const states: string[] = [];
    transport.connection!.onChange((state) => states.push(state.state));
    const themes: string[] = [];
    createContractClient(transport).on('settings.changed', (settings) => themes.push(settings.appearance.theme));

    await vi.waitFor(() => expect(streams).toHaveLength(1));
    const settings = (theme: string) => JSON.stringify({ ...defaultConsoleSettings, appearance: { theme } });
    // A payload the contract does not describe is dropped at the door.
    streams[0].send(`: connected\n\nid: abc-6\nevent: settings.changed\ndata: {"appearance":{"theme":"purple"}}\n\n`);
    streams[0].send(`id: abc-7\nevent: settings.changed\ndata: ${settings('dark')}\n\n`);
    await vi.waitFor(() => expect(themes).toEqual(['dark']));
    down = true;
    streams[0].end();
    await vi.waitFor(() => expect(requests.length).toBeGreaterThanOrEqual(3));
    expect(transport.connection!.current().state).toBe('lost');
    down = false;
    await vi.waitFor(() => expect(streams).toHaveLength(2));
    streams[1].send(`id: abc-8\nevent: settings.changed\ndata: ${settings('light')}\n\n`);
    await vi.waitFor(() => expect(themes).toEqual(['dark', 'light']));
    expect(requests[0]).toBeUndefined();
    expect(requests.slice(1).every((id) => id === 'abc-7')).toBe(true);
    // Each failed attempt updates the lost state (its next attempt's time); the changes of state are these.
    expect(states.filter((state, index) => state !== states[index - 1])).toEqual(['connected', 'lost', 'connected']);
    streams[1].end();
  });
});
