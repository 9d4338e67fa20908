import { chmodSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tightenDataFolder } from '../../../src/main/app/dataFolderPermissions';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every entry below the folder with its mode, folders marked with a trailing slash. */
function modes(dir: string, relative = ''): Record<string, number> {
  const found: Record<string, number> = {};
  for (const name of readdirSync(join(dir, relative))) {
    const path = join(dir, relative, name);
    const shown = relative ? `${relative}/${name}` : name;
    if (statSync(path).isDirectory()) Object.assign(found, { [`${shown}/`]: modeOf(path) }, modes(dir, shown));
    else found[shown] = modeOf(path);
  }
  return found;
}

describe('data folder permissions', () => {
  const tempDir = useTempDirs();

  it('creates the database with its -wal and -shm, the settings and the logs readable by this account only', async () => {
    const dataDir = join(tempDir(), 'fresh');
    const core = createTestCore(dataDir);
    core.settings.update({ appearance: { theme: 'dark' } });
    const found = modes(dataDir);
    await core.shutdown();
    expect(Object.keys(found)).toEqual(
      expect.arrayContaining(['workspace.db', 'workspace.db-wal', 'workspace.db-shm', 'settings.json', 'logs/']),
    );
    for (const [entry, mode] of Object.entries(found)) expect(mode.toString(8), entry).toBe(entry.endsWith('/') ? '700' : '600');
    expect(modeOf(dataDir)).toBe(0o700);
    expect(core.notices.filter((notice) => notice.path === dataDir)).toEqual([]);
  });

  it('tightens a folder created 0755 with 0644 files at start, and reports it once', async () => {
    const dataDir = join(tempDir(), 'loose');
    const first = createTestCore(dataDir);
    first.settings.update({ appearance: { theme: 'dark' } });
    await first.shutdown();
    writeFileSync(join(dataDir, 'secrets.key'), 'k'.repeat(32));
    mkdirSync(join(dataDir, 'old'));
    writeFileSync(join(dataDir, 'old', 'settings.json.corrupt-1'), '{');
    chmodSync(dataDir, 0o755);
    for (const entry of Object.keys(modes(dataDir))) chmodSync(join(dataDir, entry), entry.endsWith('/') ? 0o755 : 0o644);

    const second = createTestCore(dataDir);
    const after = modes(dataDir);
    const notice = second.notices.find((each) => each.path === dataDir);
    await second.shutdown();
    expect(modeOf(dataDir)).toBe(0o700);
    for (const [entry, mode] of Object.entries(after)) expect(mode.toString(8), entry).toBe(entry.endsWith('/') ? '700' : '600');
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toMatch(/open to other accounts \(mode 0755\); it is now 0700/);
    expect(notice?.message).toMatch(/entries were readable by other accounts \(secrets\.key, settings\.json, workspace\.db/);
    // Logged as well, where an administrator looking later finds it.
    expect(second.logs.recent().some((entry) => entry.message === notice?.message)).toBe(true);

    const third = createTestCore(dataDir);
    await third.shutdown();
    expect(third.notices.filter((each) => each.path === dataDir)).toEqual([]);
  });

  it('leaves symbolic links and what they point at alone', () => {
    const dataDir = tempDir();
    const outside = join(tempDir(), 'shared.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dataDir, 'link'));
    expect(tightenDataFolder(dataDir).entries).toEqual([]);
    expect(modeOf(outside)).toBe(0o644);
  });
});
