import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core, CorePorts } from '../../../src/main/core';
import { clientSecretName } from '../../../src/main/integration/integrationService';
import type { Encryptor } from '../../../src/main/vault/encryptor';
import { defaultIntegrationConfig, type IntegrationConfig } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const secret = 'Sv8Q~service-test-secret-value_0123456789';
const config: IntegrationConfig = {
  ...defaultIntegrationConfig,
  enabled: true,
  clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc',
  tenant: 'contoso.onmicrosoft.com',
};
const internal = { transport: 'internal' } as const;

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.shutdown();
});

function start(dir: string, overrides: Partial<CorePorts> = {}) {
  const core = createTestCore(dir, overrides);
  cores.push(core);
  return core;
}

async function call(core: Core, channel: string, input?: unknown) {
  return core.registry.invoke(channel, input, internal);
}

function filesContain(dir: string, value: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(join(dir, file)).isFile())
    .filter((file) => readFileSync(join(dir, file)).includes(value));
}

const basicText: Encryptor = {
  backend: () => 'basic_text',
  isProtected: () => false,
  encrypt: async (plainText) => Buffer.from(plainText, 'utf8').reverse(),
  decrypt: async (cipherText) => ({ plainText: Buffer.from(cipherText).reverse().toString('utf8'), shouldReEncrypt: false }),
};

describe('integration service', () => {
  const tempDir = useTempDirs();

  it('saves the configuration in settings.json and the secret only in the vault, and shows it as set', async () => {
    const dir = tempDir();
    const core = start(dir);
    const result = await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' } });
    expect(result).toMatchObject({
      ok: true,
      result: { config, secret: { state: 'stored', setAt: '2026-11-26T12:00:00.000Z', expiresOn: '2028-11-26' } },
    });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(await core.integration.clientSecret()).toBe(secret);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).integration).toMatchObject({
      clientId: config.clientId,
      secret: { expiresOn: '2028-11-26' },
    });
    expect(filesContain(dir, secret)).toEqual([]);
    expect(await call(core, 'status.get')).toMatchObject({
      result: { integrationEnabled: true, secretExpiry: { state: 'ok', expiresOn: '2028-11-26' } },
    });
    await core.shutdown();
    const restarted = start(dir);
    expect((await call(restarted, 'integration.get')) as unknown).toMatchObject({ result: { secret: { state: 'stored' }, config } });
  });

  it('refuses a pasted Secret ID and saves nothing at all', async () => {
    const dir = tempDir();
    const core = start(dir);
    const result = await call(core, 'integration.save', {
      config,
      secret: { value: '6f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', expiresOn: '2028-11-26' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'secret.value', message: expect.stringMatching(/Secret ID.*Value/) }] },
    });
    expect(core.vault.placement(clientSecretName)).toBeNull();
    expect(core.settings.get().integration.clientId).toBe('');
  });

  it('refuses to enable without a secret, keeping what was saved before', async () => {
    const core = start(tempDir());
    await call(core, 'integration.save', { config: { ...config, enabled: false } });
    const result = await call(core, 'integration.save', { config: { ...config, tenant: 'fabrikam.com' } });
    expect(result).toMatchObject({
      ok: false,
      error: { issues: [{ field: 'secret.value', message: expect.stringMatching(/before enabling/) }] },
    });
    expect(core.settings.get().integration).toMatchObject({ enabled: false, tenant: 'contoso.onmicrosoft.com' });
  });

  it('reports every problem of one save together, from the field rules and the service’s own checks', async () => {
    const core = start(tempDir());
    const result = await call(core, 'integration.save', { config: { ...config, clientId: 'my-app', tenant: '' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(!result.ok && result.error.issues.map((issue) => issue.field)).toEqual(['config.clientId', 'config.tenant', 'secret.value']);
    expect(core.settings.get().integration.clientId).toBe('');
  });

  it('checks that the custom CA is a readable certificate', async () => {
    const core = start(tempDir());
    const fakePem = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----';
    const bad = await call(core, 'integration.save', {
      config: {
        ...config,
        enabled: false,
        cloud: 'custom',
        customCloud: { loginHost: 'localhost:8443', graphHost: 'localhost:8444', caCertificatePem: fakePem },
      },
    });
    expect(bad).toMatchObject({ ok: false, error: { issues: [{ field: 'config.customCloud.caCertificatePem' }] } });
    const { cert } = await generate([{ name: 'commonName', value: 'Emulator CA' }]);
    const good = await call(core, 'integration.save', {
      config: {
        ...config,
        enabled: false,
        cloud: 'custom',
        customCloud: { loginHost: 'localhost:8443', graphHost: 'localhost:8444', caCertificatePem: cert },
      },
    });
    expect(good.ok).toBe(true);
  });

  it('without a keyring asks for a choice, then keeps the secret in memory only or stores it with the warning', async () => {
    const dir = tempDir();
    const core = start(dir, { encryptor: basicText });
    const view = await call(core, 'integration.get');
    expect(view).toMatchObject({ result: { vault: { protection: 'unprotected', backend: 'basic_text' } } });
    const unchosen = await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' } });
    expect(unchosen).toMatchObject({ ok: false, error: { issues: [{ field: 'secretStorage' }] } });
    expect(
      await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' }, secretStorage: 'memory' }),
    ).toMatchObject({ result: { secret: { state: 'memoryOnly' } } });
    expect(await core.integration.clientSecret()).toBe(secret);
    await core.shutdown();
    const restarted = start(dir, { encryptor: basicText });
    expect(await call(restarted, 'integration.get')).toMatchObject({
      result: { secret: { state: 'lostAtRestart', setAt: '2026-11-26T12:00:00.000Z' } },
    });
    expect(
      await call(restarted, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' }, secretStorage: 'vault' }),
    ).toMatchObject({ result: { secret: { state: 'stored' } } });
  });

  it('removes the secret and switches the integration off', async () => {
    const core = start(tempDir());
    await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' } });
    expect(await call(core, 'integration.removeSecret')).toMatchObject({
      result: { secret: { state: 'notSet' }, config: { enabled: false } },
    });
    expect(await core.integration.clientSecret()).toBeUndefined();
  });

  it('announces changes as integration.changed and status.changed events, never with the secret', async () => {
    const core = start(tempDir());
    const seen: string[] = [];
    core.events.subscribe((envelope) => seen.push(JSON.stringify(envelope)));
    await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' } });
    expect(seen.map((line) => JSON.parse(line).event)).toEqual(['settings.changed', 'integration.changed', 'status.changed']);
    expect(seen.join('\n')).not.toContain(secret);
  });

  it('keeps the integration section out of settings.update, so its checks cannot be skipped', async () => {
    const core = start(tempDir());
    expect(await call(core, 'settings.update', { integration: { enabled: true } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(core.settings.get().integration.enabled).toBe(false);
  });

  it('keeps the other sections when one is patched, and validates the merged result', async () => {
    const core = start(tempDir());
    await call(core, 'integration.save', { config: { ...config, enabled: false } });
    expect(await call(core, 'settings.update', { appearance: { theme: 'dark' } })).toMatchObject({
      ok: true,
      result: { appearance: { theme: 'dark' }, integration: { clientId: config.clientId } },
    });
    expect(() => core.settings.replaceSection('integration', { ...core.settings.get().integration, clientId: 'nope' })).toThrow(
      /integration\.clientId/,
    );
    expect(core.settings.get().integration.clientId).toBe(config.clientId);
  });
});

describe('admin consent', () => {
  const tempDir = useTempDirs();

  it('opens the consent URL in the system browser and records the result that the redirect brings', async () => {
    const openBrowser = vi.fn(async () => {});
    const core = start(tempDir(), { openBrowser, canOpenBrowser: true });
    await call(core, 'integration.save', { config, secret: { value: secret, expiresOn: '2028-11-26' } });
    const started = await call(core, 'integration.startConsent');
    if (!started.ok) throw new Error(started.error.message);
    const { url, opened } = started.result as { url: string; opened: boolean };
    expect(opened).toBe(true);
    expect(openBrowser).toHaveBeenCalledWith(url);
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/adminconsent');
    // The answer comes to this attempt's own loopback listener, on a free port.
    const redirectUri = parsed.searchParams.get('redirect_uri')!;
    expect(redirectUri).toMatch(/^http:\/\/localhost:\d+\/oauth\/callback$/);
    expect(parsed.searchParams.get('scope')).toBe(
      'offline_access https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/Contacts.ReadWrite',
    );
    const state = parsed.searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(43);

    const callback = new URL(redirectUri.replace('localhost', '127.0.0.1'));
    const forged = await fetch(`${callback}?admin_consent=True&state=forged`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect(core.integration.view().adminConsent).toBeNull();
    const answered = await fetch(`${callback}?admin_consent=True&tenant=t&state=${state}`, { redirect: 'manual' });
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).not.toContain('state');
    await vi.waitFor(() =>
      expect(core.integration.view().adminConsent).toMatchObject({
        granted: true,
        at: '2026-11-26T12:00:00.000Z',
        clientId: config.clientId,
      }),
    );
    const page = await fetch(new URL(answered.headers.get('location')!, callback));
    expect(await page.text()).toContain('Admin consent granted');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    // Single use: the same answer again is refused.
    expect(() => core.adminConsent.record({ state, adminConsent: true })).toThrow(/does not belong/);
  });

  it('records a refusal with Entra’s error, and in headless mode returns the URL to copy', async () => {
    const core = start(tempDir());
    await call(core, 'integration.save', {
      config: { ...config, enabled: false, cloud: 'china', accountType: 'organizations', tenant: '' },
    });
    const started = await call(core, 'integration.startConsent');
    expect(started).toMatchObject({ ok: true, result: { opened: false, note: expect.stringMatching(/copy the link/) } });
    const url = new URL((started as { result: { url: string } }).result.url);
    expect(url.origin + url.pathname).toBe('https://login.chinacloudapi.cn/organizations/v2.0/adminconsent');
    core.adminConsent.record({
      state: url.searchParams.get('state')!,
      adminConsent: false,
      error: 'access_denied',
      errorDescription: 'AADSTS65004: User declined to consent.',
    });
    expect(core.integration.view().adminConsent).toMatchObject({ granted: false, error: 'access_denied' });
  });

  it('says what is missing before it can start', async () => {
    const core = start(tempDir());
    expect(await call(core, 'integration.startConsent')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'clientId' }, { field: 'tenant' }] },
    });
  });
});
