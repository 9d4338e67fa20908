import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { defaultIntegrationConfig } from '../../../src/shared/contract';
import { scopeStrings } from '../../../src/shared/integration/permissions';
import { integrationChecks } from '../../../src/main/integration/integrationChecks';
import type { Core } from '../../../src/main/core';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

const clientId = '0b5e6a2c-1234-4cde-9f00-123456789abc';
const config = { ...defaultIntegrationConfig, enabled: true, clientId, tenant: 'contoso.com' };

async function run(core: Core, id: string) {
  const check = integrationChecks(core.integration).find((candidate) => candidate.id === id)!;
  return check.run();
}

describe('integration diagnostics', () => {
  const tempDir = useTempDirs();

  it('are red on a console that has not been set up, each with its fix', async () => {
    const core = createTestCore(tempDir());
    expect(await run(core, 'integration.enabled')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Enabled') });
    expect(await run(core, 'integration.clientId')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('Application (client) ID'),
    });
    expect(await run(core, 'integration.secret')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Certificates & secrets') });
    expect(await run(core, 'integration.consent')).toMatchObject({ status: 'warn' });
    await core.shutdown();
  });

  it('are green once set up, and count the secret’s days left', async () => {
    const core = createTestCore(tempDir());
    await core.integration.save({ config, secret: { value: 'Xy8Q~a-valid-secret-value-123', expiresOn: '2027-11-26' } });
    expect(await run(core, 'integration.enabled')).toMatchObject({ status: 'pass' });
    expect(await run(core, 'integration.clientId')).toMatchObject({ status: 'pass' });
    expect(await run(core, 'integration.secret')).toMatchObject({ status: 'pass', summary: expect.stringContaining('365 more days') });
    await core.shutdown();
  });

  it('warn a week before the secret expires and fail once it has', async () => {
    const core = createTestCore(tempDir());
    await core.integration.save({ config, secret: { value: 'Xy8Q~a-valid-secret-value-123', expiresOn: '2026-12-01' } });
    expect(await run(core, 'integration.secret')).toMatchObject({ status: 'warn', fix: expect.stringContaining('before 2026-12-01') });
    await core.shutdown();
    const expired = createTestCore(tempDir());
    await expired.integration.save({ config, secret: { value: 'Xy8Q~a-valid-secret-value-123', expiresOn: '2026-11-01' } });
    expect(await run(expired, 'integration.secret')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('expired on 2026-11-01'),
    });
    await expired.shutdown();
  });

  it('find a fixed redirect port that another program holds', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const core = createTestCore(tempDir());
    try {
      if (port >= 1024) {
        await core.integration.save({
          config: { ...config, redirectPort: port },
          secret: { value: 'Xy8Q~a-valid-secret-value-123', expiresOn: '2027-11-26' },
        });
        expect(await run(core, 'integration.redirect')).toMatchObject({ status: 'fail', fix: expect.stringContaining(`port ${port}`) });
      }
      blocker.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await run(core, 'integration.redirect')).toMatchObject({ status: 'pass' });
    } finally {
      blocker.close();
      await core.shutdown();
    }
  });

  it('say whether admin consent covers the permissions in use', async () => {
    const core = createTestCore(tempDir());
    await core.integration.save({ config, secret: { value: 'Xy8Q~a-valid-secret-value-123', expiresOn: '2027-11-26' } });
    const scopes = scopeStrings(config.features, config.cloud);
    core.integration.recordFacts({
      adminConsent: { granted: true, at: '2026-11-20T10:00:00.000Z', error: null, description: null, clientId, scopes },
    });
    expect(await run(core, 'integration.consent')).toMatchObject({ status: 'pass' });
    core.integration.recordFacts({
      adminConsent: { granted: true, at: '2026-11-20T10:00:00.000Z', error: null, description: null, clientId, scopes: scopes.slice(0, 1) },
    });
    expect(await run(core, 'integration.consent')).toMatchObject({ status: 'warn', summary: expect.stringContaining('does not cover') });
    core.integration.recordFacts({
      adminConsent: {
        granted: false,
        at: '2026-11-20T10:00:00.000Z',
        error: 'access_denied',
        description: 'The admin declined',
        clientId,
        scopes,
      },
    });
    expect(await run(core, 'integration.consent')).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('The admin declined'),
    });
    await core.shutdown();
  });
});
