import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DownloadStore } from '../../../src/main/bridge/downloadStore';
import { iCalendarFile, zipArchive } from '../../../src/main/files/fileTypes';
import { PortInUseError, startHttpBridge, type RunningHttpBridge } from '../../../src/main/bridge/httpBridge';
import type { Core } from '../../../src/main/core';
import { defaultConsoleSettings } from '../../../src/shared/contract';
import { rawRequest } from '../../support/rawHttp';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const token = 'test-token-0123456789';
const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

describe('headless HTTP bridge', () => {
  const tempDir = useTempDirs();
  let core: Core;
  let bridge: RunningHttpBridge;
  let downloads: DownloadStore;

  beforeEach(async () => {
    const base = tempDir();
    const rendererDir = join(base, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(base, 'outside.txt'), 'must not be served');
    core = createTestCore(tempDir());
    downloads = new DownloadStore();
    bridge = await startHttpBridge({ registry: core.registry, events: core.events, rendererDir, port: 0, token, downloads });
  });

  afterEach(async () => {
    await bridge.close();
    await core.shutdown();
  });

  it('prints a console URL on 127.0.0.1 carrying the token', () => {
    expect(bridge.consoleUrl).toBe(`http://127.0.0.1:${bridge.port}/#token=${token}`);
  });

  it('answers a call with the right token', async () => {
    const response = await rawRequest(bridge.port, { method: 'POST', path: '/api/settings.get', headers: auth });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, result: defaultConsoleSettings });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses /api without the token, or with a wrong one, with 401', async () => {
    const missing = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(missing.status).toBe(401);
    const wrong = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { ...auth, Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const events = await rawRequest(bridge.port, { path: '/api/events' });
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    const response = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { ...auth, Host: 'attacker.example' },
    });
    expect(response.status).toBe(421);
    const portless = await rawRequest(bridge.port, { path: '/', headers: { Host: '127.0.0.1' } });
    expect(portless.status).toBe(421);
  });

  it('accepts localhost on its port as Host', async () => {
    const response = await rawRequest(bridge.port, { path: '/', headers: { Host: `localhost:${bridge.port}` } });
    expect(response.status).toBe(200);
  });

  it('refuses a foreign Origin', async () => {
    const response = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { ...auth, Origin: 'https://attacker.example' },
    });
    expect(response.status).toBe(403);
  });

  it('answers a malformed payload with a validation error naming the field', async () => {
    const response = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.update',
      headers: auth,
      body: JSON.stringify({ appearance: { theme: 'purple' } }),
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.issues[0].field).toBe('appearance.theme');
  });

  it('answers broken JSON, a wrong content type and an unknown channel with typed errors', async () => {
    const broken = await rawRequest(bridge.port, { method: 'POST', path: '/api/settings.update', headers: auth, body: '{"appearance":' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body).error.code).toBe('VALIDATION');
    const form = await rawRequest(bridge.port, {
      method: 'POST',
      path: '/api/settings.get',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const unknown = await rawRequest(bridge.port, { method: 'POST', path: '/api/system.shutdown', headers: auth });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const page = await rawRequest(bridge.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const path of ['/..%2foutside.txt', '/../outside.txt', '/%2e%2e/outside.txt']) {
      const escape = await rawRequest(bridge.port, { path });
      expect(escape.status, path).toBe(404);
      expect(escape.body).not.toContain('must not be served');
    }
  });

  it('listens on 127.0.0.1 only', async () => {
    const otherAddress = await rawRequest(bridge.port, { path: '/', host: '::1' }).then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(otherAddress).not.toBe('answered');
  });

  it('streams contract events to an authorised client', async () => {
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${bridge.port}/api/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // ": connected"
    core.settings.update({ appearance: { theme: 'dark' } });
    let received = '';
    while (!received.includes('\n\n')) received += (await reader.read()).value;
    expect(received).toContain('event: settings.changed');
    expect(received).toContain('"theme":"dark"');
    controller.abort();
  });

  it('serves an offered download only with the token, and says when it has expired', async () => {
    const offered = downloads.offer('bundle.zip', new Uint8Array([80, 75, 5, 6]), zipArchive);
    const path = offered.kind === 'download' ? offered.url : '';
    expect((await rawRequest(bridge.port, { path })).status).toBe(401);
    const file = await rawRequest(bridge.port, { path, headers: { Authorization: `Bearer ${token}` } });
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="bundle.zip"');
    expect(file.headers['content-type']).toBe('application/zip');
    const missing = await rawRequest(bridge.port, { path: '/api/downloads/nope', headers: { Authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.message).toContain('Export the file again');
  });

  it('serves each download with its own media type', async () => {
    const offered = downloads.offer(
      'calendar-2026-11-26.ics',
      new TextEncoder().encode('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
      iCalendarFile,
    );
    const file = await rawRequest(bridge.port, {
      path: offered.kind === 'download' ? offered.url : '',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(file.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="calendar-2026-11-26.ics"');
  });

  it('reports a busy port with the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as { port: number }).port;
    try {
      const started = startHttpBridge({ registry: core.registry, events: core.events, rendererDir: tempDir(), port: busyPort });
      await expect(started).rejects.toBeInstanceOf(PortInUseError);
      await expect(started).rejects.toThrow(/--port/);
    } finally {
      blocker.close();
    }
  });
});
