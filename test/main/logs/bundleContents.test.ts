import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { noMailServerOverrides } from '../../../src/shared/contract/integrationSettings';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

describe('log bundle from the running core', () => {
  const tempDir = useTempDirs();

  it('carries the period’s job history and a fresh Diagnostics report, and no secret', async () => {
    let bundle: Uint8Array | undefined;
    const now = new Date();
    const core = createTestCore(tempDir(), {
      clock: { now: () => now },
      deliverFile: async (_name, bytes, type) => {
        bundle = bytes;
        expect(type.mediaType).toBe('application/zip');
        return { kind: 'cancelled' };
      },
    });
    const secret = 'Bq8Q~bundle-core-secret-value-999';
    try {
      await core.integration.save({
        config: {
          enabled: false,
          clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc',
          accountType: 'singleTenant',
          tenant: 'contoso.com',
          cloud: 'global',
          customCloud: { loginHost: '', graphHost: '', caCertificatePem: '' },
          redirectPort: null,
          features: { calendar: true, contacts: false, imap: false, smtp: false },
          mail: noMailServerOverrides,
        },
        secret: { value: secret, expiresOn: '2028-01-01' },
      });
      core.jobs.runNow(calendarSyncJobId);
      for (let tries = 0; tries < 100 && !core.jobs.summary(calendarSyncJobId).lastRun?.finishedAt; tries += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const today = now.toISOString().slice(0, 10);
      const local = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
      const result = await core.registry.invoke(
        'log.exportBundle',
        { from: local < today ? local : today, to: local > today ? local : today },
        { transport: 'internal' },
      );
      expect(result.ok).toBe(true);
      const files = unzipSync(bundle!);
      const history = JSON.parse(strFromU8(files['jobs/history.json']));
      expect(history).toHaveLength(1);
      expect(history[0]).toMatchObject({ jobId: calendarSyncJobId, trigger: 'manual', status: 'skipped' });
      const diagnostics = JSON.parse(strFromU8(files['diagnostics.json']));
      expect(diagnostics.results.map((check: { id: string }) => check.id)).toContain('integration.secret');
      expect(
        Object.values(files)
          .map((bytes) => strFromU8(bytes))
          .join('\n'),
      ).not.toContain(secret);
    } finally {
      await core.shutdown();
    }
  });
});
