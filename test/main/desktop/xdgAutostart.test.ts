import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createXdgAutostartEntry, desktopEntryExec, xdgAutostartDir } from '../../../src/main/desktop/xdgAutostart';
import { useTempDirs } from '../../support/tempDir';

describe('XDG autostart entry', () => {
  const tempDir = useTempDirs();

  it('lives in $XDG_CONFIG_HOME/autostart when that is an absolute path, else in ~/.config/autostart', () => {
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '/srv/admin/config' }, '/home/admin')).toBe('/srv/admin/config/autostart');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: 'relative/config' }, '/home/admin')).toBe('/home/admin/.config/autostart');
    expect(xdgAutostartDir({ XDG_CONFIG_HOME: '' }, '/home/admin')).toBe('/home/admin/.config/autostart');
    expect(xdgAutostartDir({}, '/home/admin')).toBe('/home/admin/.config/autostart');
  });

  it('quotes the Exec arguments as the Desktop Entry spec says', () => {
    expect(desktopEntryExec({ executable: '/usr/bin/console', args: ['--hidden'] })).toBe('/usr/bin/console --hidden');
    expect(desktopEntryExec({ executable: '/opt/My App/console', args: ['--hidden'] })).toBe('"/opt/My App/console" --hidden');
    // Inside quotes $ " ` \ take a backslash; the value's own escaping then doubles every backslash.
    expect(desktopEntryExec({ executable: '/opt/a$b"c`d\\e/console', args: [] })).toBe('"/opt/a\\\\$b\\\\"c\\\\`d\\\\\\\\e/console"');
    // A literal % would start a field code.
    expect(desktopEntryExec({ executable: '/opt/100%/console', args: [] })).toBe('/opt/100%%/console');
    expect(() => desktopEntryExec({ executable: '/opt/a\nb', args: [] })).toThrow(/line break/);
  });

  it('counts an entry the desktop turned off as off, reading only the [Desktop Entry] group', () => {
    const dir = tempDir();
    const entry = createXdgAutostartEntry({
      dir,
      fileName: 'console.desktop',
      name: 'Console',
      command: { executable: '/usr/bin/console', args: ['--hidden'] },
    });
    expect(entry.isEnabled()).toBe(false);
    entry.setEnabled(true);
    expect(entry.isEnabled()).toBe(true);
    writeFileSync(join(dir, 'console.desktop'), '[Desktop Entry]\nType=Application\nExec=/usr/bin/console\nHidden=true\n');
    expect(entry.isEnabled()).toBe(false);
    writeFileSync(
      join(dir, 'console.desktop'),
      '[Desktop Entry]\nType=Application\nExec=/usr/bin/console\n\n[Desktop Action quit]\nHidden=true\n',
    );
    expect(entry.isEnabled()).toBe(true);
    entry.setEnabled(false);
    expect(existsSync(join(dir, 'console.desktop'))).toBe(false);
    entry.setEnabled(false);
  });

  it('creates the autostart folder when it is missing, and leaves no temporary file', () => {
    const dir = join(tempDir(), 'config', 'autostart');
    createXdgAutostartEntry({
      dir,
      fileName: 'console.desktop',
      name: 'Console',
      command: { executable: '/usr/bin/console', args: [] },
    }).setEnabled(true);
    expect(existsSync(join(dir, 'console.desktop'))).toBe(true);
    expect(existsSync(join(dir, 'console.desktop.tmp'))).toBe(false);
  });

  it('writes through the files port it is given', () => {
    const written = new Map<string, string>();
    const files = {
      read: (path: string) => written.get(path),
      write: (path: string, text: string) => void written.set(path, text),
      remove: (path: string) => void written.delete(path),
    };
    const entry = createXdgAutostartEntry({
      dir: '/home/admin/.config/autostart',
      fileName: 'console.desktop',
      name: 'Console',
      command: { executable: '/usr/bin/console', args: ['--hidden'] },
      files,
    });
    entry.setEnabled(true);
    expect([...written.keys()]).toEqual(['/home/admin/.config/autostart/console.desktop']);
    expect(entry.isEnabled()).toBe(true);
  });
});
