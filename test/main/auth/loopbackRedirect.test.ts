import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openLoopbackRedirect } from '../../../src/main/auth/loopbackRedirect';

const state = 'S'.repeat(43);

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((address) => address && !address.internal)
    .map((address) => address!.address);
}

describe('the loopback redirect listener', () => {
  it('listens on 127.0.0.1 only, and is closed after the answer', async () => {
    const listener = await openLoopbackRedirect({ fixedPort: null, state });
    expect(listener.redirectUri).toBe(`http://localhost:${listener.port}/oauth/callback`);
    expect(await accepts('127.0.0.1', listener.port)).toBe(true);
    expect(await accepts('::1', listener.port)).toBe(false);
    for (const address of otherAddresses()) expect(await accepts(address, listener.port)).toBe(false);

    const base = `http://127.0.0.1:${listener.port}`;
    const callback = await fetch(`${base}/oauth/callback?code=the-code-value&state=${state}`, { redirect: 'manual' });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/oauth/result');
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer');
    const answer = await listener.answer;
    expect(answer.kind === 'answer' && answer.params.get('code')).toBe('the-code-value');
    listener.finish({ ok: true, title: 'Connected', message: 'Connected — you can close this window.' });
    const page = await fetch(`${base}/oauth/result`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Connected — you can close this window.');
    expect(html).not.toContain('the-code-value');
    expect(html).not.toContain('<script');
    await listener.closed;
    expect(listener.isListening()).toBe(false);
    expect(await accepts('127.0.0.1', listener.port)).toBe(false);
  });

  it('accepts only the exact callback path and GET, and echoes nothing from the query', async () => {
    const listener = await openLoopbackRedirect({ fixedPort: null, state });
    const base = `http://127.0.0.1:${listener.port}`;
    for (const path of ['/oauth/callback/', '/OAUTH/callback', '/oauth/result', '/', '/favicon.ico']) {
      const response = await fetch(`${base}${path}?state=${state}&code=x<script>alert(1)</script>`, { redirect: 'manual' });
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('<script>alert');
    }
    expect((await fetch(`${base}/oauth/callback?state=${state}&code=x`, { method: 'POST' })).status).toBe(405);
    const wrong = await fetch(`${base}/oauth/callback?state=other&code=<b>x</b>`, { redirect: 'manual' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).not.toContain('<b>x</b>');
    listener.cancel();
    expect(await listener.answer).toEqual({ kind: 'cancelled' });
    await listener.closed;
    expect(await accepts('127.0.0.1', listener.port)).toBe(false);
  });

  it('times out and closes', async () => {
    const listener = await openLoopbackRedirect({ fixedPort: null, state, timeoutMs: 50 });
    expect(await listener.answer).toEqual({ kind: 'timedOut' });
    await listener.closed;
    expect(await accepts('127.0.0.1', listener.port)).toBe(false);
  });

  it('takes one answer only: a second callback after the first is not served', async () => {
    const listener = await openLoopbackRedirect({ fixedPort: null, state });
    const base = `http://127.0.0.1:${listener.port}`;
    expect((await fetch(`${base}/oauth/callback?code=a&state=${state}`, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${base}/oauth/callback?code=b&state=${state}`, { redirect: 'manual' })).status).toBe(404);
    listener.cancel();
  });

  it('reports a busy fixed port with the fix', async () => {
    const first = await openLoopbackRedirect({ fixedPort: null, state });
    await expect(openLoopbackRedirect({ fixedPort: first.port, state })).rejects.toThrow(/in use by another program.*clear Redirect port/);
    first.cancel();
  });
});
