// Every fault and limit the emulator offers, tested on the emulator itself.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTenant } from './demoTenant.ts';
import type { Emulator } from './server.ts';
import { graph, postToken, signIn, startDemoEmulator } from './support/session.ts';
import { httpsRequest } from './support/trustedHttp.ts';

let emulator: Emulator;
let demo: DemoTenant;
let token: string;
beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
  token = (await signIn(emulator, demo, 'Adele')).access_token;
});
afterAll(() => emulator.stop());

describe('scripted faults', () => {
  it('429 with Retry-After, then 429 without it, then the real answer', async () => {
    emulator.faults.add({ fault: { kind: 'throttle', retryAfterSeconds: 7 }, match: { path: '/me/events' } });
    emulator.faults.add({ fault: { kind: 'throttle' }, match: { path: '/me/events' } });
    const first = await graph(emulator, token, '/me/events');
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.json!.error.code).toBe('TooManyRequests');
    const second = await graph(emulator, token, '/me/events');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBeUndefined();
    expect((await graph(emulator, token, '/me/events')).status).toBe(200);
  });

  it('503 serviceNotAvailable', async () => {
    emulator.faults.add({ fault: { kind: 'unavailable', retryAfterSeconds: 3 }, match: { area: 'graph' } });
    const res = await graph(emulator, token, '/me');
    expect(res.status).toBe(503);
    expect(res.json!.error.code).toBe('serviceNotAvailable');
    expect(res.headers['retry-after']).toBe('3');
  });

  it('a slow response outlasts a client timeout', async () => {
    emulator.faults.add({ fault: { kind: 'slow', delayMs: 400 }, match: { path: '/me' } });
    const started = Date.now();
    await expect(
      httpsRequest(`${emulator.graphBaseUrl}/v1.0/me`, emulator.caCert, {
        headers: { Authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(350);
  });

  it('drops the connection in the middle of the body', async () => {
    emulator.faults.add({ fault: { kind: 'dropConnection' }, match: { path: '/me/calendars' } });
    await expect(
      httpsRequest(`${emulator.graphBaseUrl}/v1.0/me/calendars`, emulator.caCert, { headers: { Authorization: `Bearer ${token}` } }),
    ).rejects.toThrow();
    expect(emulator.requestLog.matching('GET', '/me/calendars').at(-1)?.fault).toBe('dropConnection');
  });

  it('410 syncStateNotFound for a delta token, scripted or expired', async () => {
    const first = await graph(
      emulator,
      token,
      '/me/calendarView/delta?startDateTime=2030-01-01T00:00:00Z&endDateTime=2030-02-01T00:00:00Z',
    );
    const deltaPath = String(first.json!['@odata.deltaLink']).replace(`${emulator.graphBaseUrl}/v1.0`, '');
    emulator.faults.add({ fault: { kind: 'syncStateNotFound' }, match: { path: '$deltatoken=' } });
    const scripted = await graph(emulator, token, deltaPath);
    expect(scripted.status).toBe(410);
    expect(scripted.json!.error.code).toBe('SyncStateNotFound');
    expect((await graph(emulator, token, deltaPath)).status).toBe(200);
    emulator.clock.advance(8 * 24 * 3600_000);
    try {
      const fresh = await signIn(emulator, demo, 'Adele');
      expect((await graph(emulator, fresh.access_token, deltaPath)).status).toBe(410);
    } finally {
      emulator.clock.advance(-8 * 24 * 3600_000);
    }
  });

  it('a revoked grant: Graph answers 401 and the refresh token invalid_grant', async () => {
    const tokens = await signIn(emulator, demo, 'Diego');
    expect((await graph(emulator, tokens.access_token, '/me')).status).toBe(200);
    emulator.revokeGrants('diego.siciliani@contoso.onmicrosoft.com', demo.app.clientId);
    const res = await graph(emulator, tokens.access_token, '/me');
    expect(res.status).toBe(401);
    expect(res.json!.error.code).toBe('InvalidAuthenticationToken');
    const refresh = await postToken(emulator, demo.tenant.id, {
      client_id: demo.app.clientId,
      client_secret: demo.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'offline_access User.Read',
    });
    expect(refresh.json.error).toBe('invalid_grant');
  });

  it('faults at the token endpoint use the identity platform format', async () => {
    emulator.faults.add({ fault: { kind: 'unavailable' }, match: { area: 'identity', path: '/token' } });
    const res = await postToken(emulator, demo.tenant.id, { grant_type: 'refresh_token' });
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
  });
});

describe('mailbox limits and latency', () => {
  it('a fifth concurrent request to one mailbox gets 429 ApplicationThrottled / MailboxConcurrency with Retry-After', async () => {
    // Long enough that all six requests are in flight together even on a loaded 2-core machine
    // (at 150 ms a CI run once saw the sixth arrive after the first had finished).
    emulator.latencyMs = 1_500;
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => graph(emulator, token, '/me/calendars')));
      const throttled = results.filter((r) => r.status === 429);
      expect(results.filter((r) => r.status === 200)).toHaveLength(4);
      expect(throttled).toHaveLength(2);
      expect(throttled[0].json!.error).toMatchObject({
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
      });
      expect(throttled[0].json!.error.innerError).not.toHaveProperty('code');
      expect(throttled[0].headers['retry-after']).toBe('1.128');
      expect(
        Math.min(
          ...emulator.requestLog
            .matching('GET', '/me/calendars')
            .slice(-6)
            .filter((e) => e.status === 200)
            .map((e) => e.durationMs),
        ),
      ).toBeGreaterThanOrEqual(1_400);
    } finally {
      emulator.latencyMs = 0;
    }
  });

  it('latency is the time to the answer: built as the request arrives, sent once the latency has passed', async () => {
    emulator.latencyMs = 600;
    try {
      const subject = `Made while a read waited ${Date.now()}`;
      const read = graph(emulator, token, '/me/events?$top=1000&$select=subject');
      await new Promise((resolve) => setTimeout(resolve, 300));
      emulator.outlook.createEvent('adele.vance@contoso.onmicrosoft.com', {
        subject,
        start: { dateTime: '2032-06-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2032-06-01T10:00:00', timeZone: 'UTC' },
      });
      const subjects = (answer: Awaited<typeof read>) => (answer.json!.value as Array<{ subject: string }>).map((e) => e.subject);
      const answer = await read;
      expect(answer.status).toBe(200);
      // The mailbox as it was when the request arrived, not when the answer left.
      expect(subjects(answer)).not.toContain(subject);
      expect(emulator.requestLog.matching('GET', '/me/events').at(-1)!.durationMs).toBeGreaterThanOrEqual(590);
      emulator.latencyMs = 0;
      expect(subjects(await graph(emulator, token, '/me/events?$top=1000&$select=subject'))).toContain(subject);
    } finally {
      emulator.latencyMs = 0;
    }
  });

  it('the 10-minute budget runs out and comes back after the window', async () => {
    emulator.limits.settings.requestsPerWindow = 3;
    try {
      emulator.limits.reset();
      for (let i = 0; i < 3; i++) expect((await graph(emulator, token, '/me')).status).toBe(200);
      const over = await graph(emulator, token, '/me');
      expect(over.status).toBe(429);
      expect(over.json!.error.code).toBe('ApplicationThrottled');
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(500);
      emulator.clock.advance(10 * 60_000);
      expect((await graph(emulator, token, '/me')).status).toBe(200);
    } finally {
      emulator.clock.advance(-10 * 60_000);
      emulator.limits.settings.requestsPerWindow = 10_000;
      emulator.limits.reset();
    }
  });

  it('logs every request with status, caller and fault', async () => {
    emulator.requestLog.clear();
    await graph(emulator, token, '/me', { headers: { Prefer: 'outlook.timezone="UTC"' } });
    expect(emulator.requestLog.graph()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1.0/me',
        status: 200,
        prefer: 'outlook.timezone="UTC"',
        userId: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(emulator.requestLog.entries)).not.toContain(token);
  });
});

describe('npm run emulator', () => {
  it('starts on Node 24 type stripping and prints the authority, Graph base URL and CA file', async () => {
    const child = spawn(process.execPath, ['test/emulator/cli.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Users:')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(output).toMatch(/Authority: +https:\/\/localhost:\d+\/[0-9a-f-]{36}/);
      expect(output).toMatch(/Graph base URL: +https:\/\/localhost:\d+/);
      expect(output).toMatch(/CA certificate: +\/.+emulator-ca\.pem/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
