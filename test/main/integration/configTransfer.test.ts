import { describe, expect, it } from 'vitest';
import { diffConfig, exportConfigDocument, parseConfigDocument, previewImport } from '../../../src/main/integration/configTransfer';
import { ContractError, defaultIntegrationConfig, type IntegrationConfig } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const config: IntegrationConfig = {
  ...defaultIntegrationConfig,
  enabled: true,
  clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc',
  tenant: 'contoso.com',
};
const now = new Date('2026-11-26T12:00:00Z');

function refusalOf(json: string): ContractError {
  try {
    parseConfigDocument(json);
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

const issuesOf = (json: string) => refusalOf(json).issues.map((issue) => issue.field);

describe('configuration import / export', () => {
  const tempDir = useTempDirs();

  it('exports the configuration, and reads back exactly that', () => {
    const { fileName, json } = exportConfigDocument(config, now);
    expect(fileName).toBe('integration-config-2026-11-26.json');
    expect(parseConfigDocument(json)).toEqual(config);
  });

  it('lists what an import would change, in words', () => {
    const next = { ...config, cloud: 'usGov' as const, features: { ...config.features, smtp: true } };
    expect(diffConfig(config, next)).toEqual([
      { field: 'cloud', label: 'Cloud', from: 'global', to: 'usGov' },
      { field: 'features.smtp', label: 'Email sending (SMTP.Send)', from: 'off', to: 'on' },
    ]);
    expect(previewImport(config, { ...next, clientId: '11111111-2222-4333-8444-555555555555' }, true).warnings).toEqual([
      expect.stringMatching(/Client ID changes/),
    ]);
    const unsecured = previewImport(defaultIntegrationConfig, config, false);
    expect(unsecured.warnings).toEqual([expect.stringMatching(/no client secret is set on this machine: it is imported switched off/)]);
    expect(unsecured.changes.map((change) => change.field)).toEqual(['clientId', 'tenant']);
  });

  it('refuses what is not an export, naming the field', () => {
    expect(issuesOf('{')).toEqual(['json']);
    expect(issuesOf(JSON.stringify({ format: 'other', version: 1, integration: config }))).toEqual(['format']);
    expect(issuesOf(JSON.stringify({ format: 'outlook-integration-console/integration-config', version: 2, integration: config }))).toEqual(
      ['version'],
    );
    const bad = JSON.parse(exportConfigDocument(config, now).json);
    bad.integration.clientId = 'not-a-guid';
    expect(issuesOf(JSON.stringify(bad))).toEqual(['integration.clientId']);
    bad.integration.clientId = config.clientId;
    bad.integration.clientSecret = 'smuggled';
    expect(issuesOf(JSON.stringify(bad))).toEqual(['integration']);
  });

  it('says in words what is wrong with a wrong file: no schema dump, no "newer version" unless it is one', () => {
    const otherJson = refusalOf(JSON.stringify({ name: 'some-package', version: '1.0.0', accountType: 'everyone' }));
    expect(otherJson.message).toBe(
      'This file is not an integration configuration exported by the console. Choose a file saved with Export configuration.',
    );
    const bad = JSON.parse(exportConfigDocument(config, now).json);
    bad.integration.accountType = 'everyone';
    const badSetting = refusalOf(JSON.stringify(bad));
    expect(badSetting.message).toBe(
      'The configuration cannot be imported: Supported account types: the file holds "everyone", which the console cannot use. Fix it in the file, or import another one.',
    );
    for (const refusal of [otherJson, badSetting]) {
      expect(refusal.message).not.toMatch(/newer version|Invalid option|expected one of/);
    }
    delete bad.integration.accountType;
    expect(refusalOf(JSON.stringify(bad)).message).toContain('Supported account types: missing from the file.');
  });

  it('through the contract: exports without the secret, previews, applies, and keeps the secret', async () => {
    const core = createTestCore(tempDir());
    const secret = 'Ex8Q~export-never-contains-this';
    const internal = { transport: 'internal' } as const;
    try {
      await core.integration.save({ config, secret: { value: secret, expiresOn: '2028-11-26' } });
      const exported = await core.registry.invoke('integration.exportConfig', undefined, internal);
      if (!exported.ok) throw new Error(exported.error.message);
      const { json } = exported.result as { json: string };
      expect(json).not.toContain(secret);
      expect(json).not.toContain('2028-11-26');
      const changed = json.replace('"smtp": false', '"smtp": true');
      expect(await core.registry.invoke('integration.previewImport', { json: changed }, internal)).toMatchObject({
        ok: true,
        result: { changes: [{ field: 'features.smtp', from: 'off', to: 'on' }], warnings: [] },
      });
      expect(core.settings.get().integration.features.smtp).toBe(false);
      expect(await core.registry.invoke('integration.applyImport', { json: changed }, internal)).toMatchObject({
        ok: true,
        result: { config: { features: { smtp: true } }, secret: { state: 'stored' } },
      });
      expect(await core.integration.clientSecret()).toBe(secret);
    } finally {
      await core.shutdown();
    }
  });

  it('imports an enabled configuration switched off on a machine without the secret', async () => {
    const core = createTestCore(tempDir());
    try {
      const { json } = exportConfigDocument(config, now);
      const applied = await core.registry.invoke('integration.applyImport', { json }, { transport: 'internal' });
      expect(applied).toMatchObject({
        ok: true,
        result: { config: { clientId: config.clientId, enabled: false }, secret: { state: 'notSet' } },
      });
    } finally {
      await core.shutdown();
    }
  });
});
