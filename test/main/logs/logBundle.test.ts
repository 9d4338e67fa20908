import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogBundle } from '../../../src/main/logs/logBundle';
import { LogService } from '../../../src/main/logs/logService';
import { defaultConsoleSettings } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';

const clientSecret = 'Yq8Q~bundle.secret-VALUE-777';
const refreshToken = '0.AXoAbundle-refresh-token-value-1234567890';
const accessToken = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJidW5kbGUifQ.c2lnbmF0dXJlLWJ1bmRsZQ';
const app = {
  name: 'Outlook Integration Console',
  version: '1.2.3',
  mode: 'headless' as const,
  dataDir: '/data',
  versions: { node: '24.0.0', electron: null, chrome: null },
  platform: 'linux',
  label: null,
};

describe('log bundle', () => {
  const tempDir = useTempDirs();

  it('holds the period’s logs, settings, versions, contributions and a manifest, and no secret', async () => {
    const directory = tempDir();
    // A file written by an earlier run, before this process knew the secret: the bundle still cleans it.
    writeFileSync(
      join(directory, 'console-2026-11-20.log'),
      `{"level":"error","message":"old failure with ${clientSecret} and ${refreshToken}"}\n`,
    );
    writeFileSync(join(directory, 'console-2026-11-01.log'), '{"level":"info","message":"outside the period"}\n');
    const logs = new LogService({ directory, now: () => new Date('2026-11-26T12:00:00'), level: 'debug' });
    logs.redactor.registerSecret(clientSecret);
    logs.redactor.registerSecret(refreshToken);
    logs.logger('auth').debug('token response', { body: `{"access_token":"${accessToken}","refresh_token":"${refreshToken}"}` });

    const bundle = await createLogBundle({
      period: { from: '2026-11-19', to: '2026-11-26' },
      logs,
      settings: defaultConsoleSettings,
      app,
      now: new Date('2026-11-26T12:00:00Z'),
      contributors: [() => [{ path: 'jobs/history.json', content: JSON.stringify([{ run: 1, note: `oops ${clientSecret}` }]) }]],
    });

    expect(bundle.fileName).toBe('outlook-console-logs-2026-11-26-12-00-00.zip');
    const files = unzipSync(bundle.bytes);
    expect(Object.keys(files).sort()).toEqual([
      'environment.json',
      'jobs/history.json',
      'logs/console-2026-11-20.log',
      'logs/console-2026-11-26.log',
      'manifest.json',
      'settings.json',
    ]);
    const everything = Object.values(files)
      .map((bytes) => strFromU8(bytes))
      .join('\n');
    for (const secret of [clientSecret, refreshToken, accessToken]) expect(everything).not.toContain(secret);
    expect(strFromU8(files['logs/console-2026-11-20.log'])).toContain('old failure with [redacted]');

    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    expect(manifest).toMatchObject({ version: '1.2.3', period: { from: '2026-11-19', to: '2026-11-26' } });
    const settingsEntry = manifest.files.find((file: { path: string }) => file.path === 'settings.json');
    expect(settingsEntry.sha256).toBe(createHash('sha256').update(files['settings.json']).digest('hex'));
    expect(JSON.parse(strFromU8(files['environment.json']))).toMatchObject({ version: '1.2.3', os: { platform: 'linux' } });
  });
});
