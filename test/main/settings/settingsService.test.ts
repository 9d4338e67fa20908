import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConsoleSettings, type StartupNotice } from '../../../src/shared/contract';
import { openJsonSettingsFile } from '../../../src/main/settings/jsonSettingsFile';
import { settingsFileOptions } from '../../../src/main/settings/settingsFile';
import { SettingsService } from '../../../src/main/settings/settingsService';
import { useTempDirs } from '../../support/tempDir';

const now = () => new Date('2026-11-26T12:00:00Z');

function open(dataDir: string, notices: StartupNotice[] = []) {
  return new SettingsService({
    openFile: () => openJsonSettingsFile(dataDir),
    expectedPath: join(dataDir, 'settings.json'),
    now,
    notify: (notice) => notices.push(notice),
  });
}

describe('SettingsService', () => {
  const tempDir = useTempDirs();

  it('starts from defaults and keeps an update across a restart, in settings.json', () => {
    const dir = tempDir();
    expect(open(dir).get()).toEqual(defaultConsoleSettings);
    open(dir).update({ appearance: { theme: 'dark' } });
    expect(open(dir).get().appearance.theme).toBe('dark');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({
      ...defaultConsoleSettings,
      appearance: { theme: 'dark' },
    });
  });

  it('moves an unreadable settings file aside with a timestamp, reports its path, and starts from defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"appearance": {"theme": "dark"');
    const notices: StartupNotice[] = [];
    const service = open(dir, notices);
    expect(service.get().appearance.theme).toBe('system');
    const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-2026-11-26T12-00-00'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe('{"appearance": {"theme": "dark"');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'error', path: join(dir, 'settings.json') });
    expect(notices[0].message).toContain(aside[0]);
  });

  it('never overwrites an earlier moved-aside copy', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), 'not json');
    open(dir);
    writeFileSync(join(dir, 'settings.json'), 'still not json');
    open(dir);
    expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toHaveLength(2);
  });

  it('resets only values it does not understand, keeping a copy of the original', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ appearance: { theme: 'neon' } }));
    const notices: StartupNotice[] = [];
    expect(open(dir, notices).get().appearance.theme).toBe('system');
    expect(notices[0].level).toBe('warning');
    expect(notices[0].message).toContain('appearance.theme');
    const aside = readdirSync(dir).find((name) => name.includes('.corrupt-'));
    expect(aside && JSON.parse(readFileSync(join(dir, aside), 'utf8'))).toEqual({ appearance: { theme: 'neon' } });
  });

  it('fills a section or field added by a newer version from its defaults, without a warning', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ appearance: { theme: 'dark' }, logging: { level: 'debug' } }));
    const notices: StartupNotice[] = [];
    expect(open(dir, notices).get()).toEqual({
      ...defaultConsoleSettings,
      appearance: { theme: 'dark' },
      logging: { level: 'debug', retentionDays: 30 },
    });
    expect(notices).toEqual([]);
  });

  it('reports nothing for a healthy file', () => {
    const dir = tempDir();
    open(dir).update({ appearance: { theme: 'light' } });
    const notices: StartupNotice[] = [];
    open(dir, notices);
    expect(notices).toEqual([]);
    expect(existsSync(join(dir, 'settings.json'))).toBe(true);
  });
});

describe('headless mode’s settings file', () => {
  const tempDir = useTempDirs();

  it('writes the file conf and electron-store write (tab-indented JSON, mode 0600, atomically) and reads theirs', async () => {
    const { default: Conf } = await import('conf');
    const dir = tempDir();
    const ours = openJsonSettingsFile(dir);
    ours.set({ logging: { level: 'debug', retentionDays: 7 } });
    const theirs = new Conf<Record<string, unknown>>({ ...settingsFileOptions(dir), projectName: 'outlook-integration-console' });
    expect(theirs.store).toEqual({ logging: { level: 'debug', retentionDays: 7 } });
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    theirs.store = { logging: { level: 'debug', retentionDays: 7 } };
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(text);
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    theirs.store = { appearance: { theme: 'dark' } };
    expect(openJsonSettingsFile(dir).store).toEqual({ appearance: { theme: 'dark' } });
    // Nothing is left beside it: the temporary file was renamed over the settings.
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('refuses a file that is not a JSON object, so the service moves it aside', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '[1, 2]');
    expect(() => openJsonSettingsFile(dir)).toThrow(/does not hold a JSON object/);
  });
});
