import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../src/shared/contract';
import { DiagnosticsService } from '../../../src/main/diagnostics/diagnosticsService';
import { LogService } from '../../../src/main/logs/logService';
import { createTestCore, testEncryptor } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

describe('DiagnosticsService', () => {
  const tempDir = useTempDirs();
  const now = () => new Date('2026-11-26T12:00:00Z');
  const service = () => new DiagnosticsService(now, new LogService({ directory: tempDir(), now, level: 'info' }).logger('diagnostics'));

  it('runs every check in order and keeps the latest result of each', async () => {
    const diagnostics = service();
    diagnostics.register({ id: 'a', title: 'A', category: 'One', run: () => ({ status: 'pass', summary: 'fine' }) });
    diagnostics.register({
      id: 'b',
      title: 'B',
      category: 'One',
      run: async () => ({ status: 'fail', summary: 'broken', fix: 'mend it' }),
    });
    expect(diagnostics.report().results).toEqual([]);
    const report = await diagnostics.run();
    expect(report.results.map((result) => [result.id, result.status, result.fix])).toEqual([
      ['a', 'pass', null],
      ['b', 'fail', 'mend it'],
    ]);
    expect(report.results[0].checkedAt).toBe('2026-11-26T12:00:00.000Z');
  });

  it('turns a check that throws into a failed check instead of failing the run', async () => {
    const diagnostics = service();
    diagnostics.register({
      id: 'crash',
      title: 'Crash',
      category: 'One',
      run: () => {
        throw new Error('no route to host');
      },
    });
    diagnostics.register({ id: 'after', title: 'After', category: 'One', run: () => ({ status: 'pass', summary: 'still ran' }) });
    const report = await diagnostics.run();
    expect(report.results[0]).toMatchObject({ status: 'fail', summary: 'The check could not run: no route to host' });
    expect(report.results[1].status).toBe('pass');
  });

  it('runs only the named checks and names an unknown one', async () => {
    const diagnostics = service();
    diagnostics.register({ id: 'a', title: 'A', category: 'One', run: () => ({ status: 'pass', summary: 'fine' }) });
    diagnostics.register({ id: 'b', title: 'B', category: 'One', run: () => ({ status: 'pass', summary: 'fine' }) });
    expect((await diagnostics.run(['b'])).results.map((result) => result.id)).toEqual(['b']);
    await expect(diagnostics.run(['nope'])).rejects.toBeInstanceOf(ContractError);
    expect(() =>
      diagnostics.register({ id: 'a', title: 'A again', category: 'One', run: () => ({ status: 'pass', summary: '' }) }),
    ).toThrow(/already registered/);
  });
});

describe('core checks', () => {
  const tempDir = useTempDirs();

  it('pass on a healthy console with a protected key (the console’s own checks)', async () => {
    const core = createTestCore(tempDir());
    const report = await core.registry.invoke('diagnostics.run', {}, { transport: 'internal' });
    expect(report.ok).toBe(true);
    if (report.ok) {
      const results = (report.result as { results: { id: string; status: string }[] }).results;
      const statusById = Object.fromEntries(results.map((result) => [result.id, result.status]));
      expect(statusById).toMatchObject({
        'storage.secrets': 'pass',
        'storage.dataDir': 'pass',
        'storage.database': 'pass',
        'storage.startup': 'pass',
        'logs.level': 'pass',
        // Nothing to sign in to yet: the account checks have nothing to check.
        'accounts.signInHost': 'skipped',
        'accounts.tokens': 'skipped',
      });
    }
    await core.shutdown();
  });

  it('do not ask headless mode, whose key file is its design, to install a keyring', async () => {
    const core = createTestCore(tempDir(), { encryptor: { ...testEncryptor, isProtected: () => false, backend: () => 'key_file' } });
    const report = await core.registry.invoke('diagnostics.run', {}, { transport: 'internal' });
    const results = report.ok
      ? (report.result as { results: { id: string; status: string; summary: string; fix: string | null }[] }).results
      : [];
    const secrets = results.find((result) => result.id === 'storage.secrets')!;
    expect(secrets).toMatchObject({ status: 'pass', summary: expect.stringContaining('secrets.key') });
    expect(`${secrets.summary} ${secrets.fix ?? ''}`).not.toMatch(/keyring/i);
    await core.shutdown();
  });

  it('warn about an unprotected key, DEBUG left on and a settings file moved aside', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/settings.json`, '{ broken');
    const core = createTestCore(dir, { encryptor: { ...testEncryptor, isProtected: () => false, backend: () => 'basic_text' } });
    core.settings.update({ logging: { level: 'debug' } });
    const report = await core.registry.invoke('diagnostics.run', {}, { transport: 'internal' });
    const results = report.ok ? (report.result as { results: { id: string; status: string; fix: string | null }[] }).results : [];
    const byId = Object.fromEntries(results.map((result) => [result.id, result]));
    expect(byId['storage.secrets']).toMatchObject({ status: 'warn', fix: expect.stringContaining('keyring') });
    expect(byId['logs.level']).toMatchObject({ status: 'warn', fix: expect.stringContaining('INFO') });
    expect(byId['storage.startup'].status).toBe('warn');
    await core.shutdown();
  });
});
