import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInHostProblem, testCredentials } from '../../../src/main/integration/credentialsTest';
import { defaultIntegrationConfig, type IntegrationConfig } from '../../../src/shared/contract';
import type { DemoTenant } from '../../emulator/demoTenant.ts';
import type { Emulator } from '../../emulator/server.ts';
import { startDemoEmulator } from '../../emulator/support/session.ts';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => ({ emulator, demo } = await startDemoEmulator()));
afterAll(() => emulator.stop());

function config(change: Partial<IntegrationConfig> = {}, loginHost = emulator.knownAuthority, ca = emulator.caCert): IntegrationConfig {
  return {
    ...defaultIntegrationConfig,
    clientId: demo.app.clientId,
    tenant: demo.tenant.id,
    cloud: 'custom',
    customCloud: { loginHost, graphHost: emulator.knownAuthority, caCertificatePem: ca },
    ...change,
  };
}

describe('Test the credentials (client credentials against the emulator)', () => {
  it('says the saved Client ID, tenant and secret work when Microsoft issues an app token', async () => {
    const result = await testCredentials(config(), demo.clientSecret);
    expect(result).toMatchObject({ outcome: 'valid', host: emulator.knownAuthority, code: null });
    expect(result.explanation).toContain(demo.tenant.id);
  });

  it('names a wrong secret (the Secret ID pasted) by its code, and never repeats the secret', async () => {
    const secretId = 'b7e3c0de-1111-4222-8333-944445555666';
    const result = await testCredentials(config(), secretId);
    expect(result).toMatchObject({ outcome: 'wrongSecret', code: 'AADSTS7000215' });
    expect(result.explanation).toMatch(/Value/);
    expect(JSON.stringify(result)).not.toContain(secretId);
    expect(JSON.stringify(await testCredentials(config(), demo.clientSecret))).not.toContain(demo.clientSecret);
  });

  it('names a wrong tenant and a wrong Client ID', async () => {
    const tenant = await testCredentials(config({ tenant: 'fabrikam.onmicrosoft.com' }), demo.clientSecret);
    expect(tenant).toMatchObject({ outcome: 'wrongTenant', code: 'AADSTS90002' });
    expect(tenant.explanation).toContain('fabrikam.onmicrosoft.com');
    const client = await testCredentials(config({ clientId: '0f0f0f0f-0000-4000-8000-000000000000' }), demo.clientSecret);
    expect(client).toMatchObject({ outcome: 'wrongClientId', code: 'AADSTS700016' });
  });

  it('names the host and the DNS error when the sign-in host does not resolve', async () => {
    const result = await testCredentials(config({}, 'login.no-such-host.invalid'), demo.clientSecret);
    expect(result).toMatchObject({ outcome: 'unreachable', host: 'login.no-such-host.invalid' });
    expect(result.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(result.explanation).toContain('login.no-such-host.invalid');
    expect(result.explanation).toContain('(DNS)');
  });

  it('names the TLS error when the host’s certificate is not trusted (no custom CA)', async () => {
    const result = await testCredentials(config({}, emulator.knownAuthority, ''), demo.clientSecret);
    expect(result).toMatchObject({ outcome: 'unreachable', host: emulator.knownAuthority });
    expect(result.explanation).toContain('(TLS)');
    expect(result.fix).toMatch(/CA certificate/);
  });

  it('says what is missing before asking anyone, and asks for a tenant for a multi-tenant set-up', async () => {
    expect((await testCredentials(config(), undefined)).outcome).toBe('notReady');
    expect((await testCredentials(config({ clientId: '' }), demo.clientSecret)).outcome).toBe('notReady');
    const common = await testCredentials(config({ accountType: 'organizationsAndPersonal', tenant: 'common' }), demo.clientSecret);
    expect(common).toMatchObject({ outcome: 'notReady' });
    expect(common.fix).toContain('Directory (tenant) ID');
  });

  it('lets Connect say at once that the sign-in host cannot be reached, naming it and the DNS error', async () => {
    expect(await signInHostProblem(config())).toBeUndefined();
    const started = Date.now();
    const problem = await signInHostProblem(config({}, 'login.no-such-host.invalid'));
    expect(problem).toContain('could not reach Microsoft’s sign-in host login.no-such-host.invalid');
    expect(problem).toMatch(/ENOTFOUND|EAI_AGAIN/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // Not set up yet: Connect's own words say what is missing, not a network problem.
    expect(await signInHostProblem(config({ clientId: '' }, 'login.no-such-host.invalid'))).toBeUndefined();
  });
});
