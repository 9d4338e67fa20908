// "Start at login (in the tray)" on Linux, macOS and Windows, and the saved setting kept in line
// with what the operating system will really do.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopAppId } from '../../../src/main/desktop/appIdentity';
import { startDesktopShell, withDesktopShell, type DesktopShellOptions } from '../../support/desktopShell';
import { useTempDirs } from '../../support/tempDir';

vi.mock('electron', async () => (await import('../../support/desktopShell')).electronModule);

const menuItem = 'Start at login (in the tray)';
const packagedExe = '/opt/Outlook Integration Console/outlook-integration-console';
const entryFile = `${desktopAppId}.desktop`;

/** Starts, turns start at login on from the tray, stops: the saved setting now says on. */
async function savedAsOn(dir: string, options: DesktopShellOptions) {
  const first = await startDesktopShell(dir, options);
  first.tray.menu!.click(menuItem);
  expect(first.core!.settings.get().desktop.startAtLogin).toBe(true);
  // Quit as a user would: the shutdown also frees the data folder for the next start.
  first.app.quit();
  await vi.waitFor(() => expect(first.app.exited).toBe(true));
}

describe('start at login on Linux: an XDG autostart entry', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('writes ~/.config/autostart/<app id>.desktop starting the packaged app hidden, and removes it', async () => {
    await withDesktopShell(dir, { isPackaged: true }, async ({ app, tray, home, core }) => {
      const entry = join(home, '.config', 'autostart', entryFile);
      tray.menu!.click(menuItem);
      expect(readFileSync(entry, 'utf8')).toContain(`Exec="${packagedExe}" --hidden\n`);
      expect(readFileSync(entry, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
      expect(core!.settings.get().desktop.startAtLogin).toBe(true);
      expect(tray.menu!.item(menuItem).checked).toBe(true);
      // Electron's own login item does nothing on Linux: the entry must not depend on it.
      expect(app.setLoginItemSettings).not.toHaveBeenCalled();
      tray.menu!.click(menuItem);
      expect(existsSync(entry)).toBe(false);
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
    });
  });

  it('writes under $XDG_CONFIG_HOME, and starts the .AppImage file itself rather than its temporary mount', async () => {
    const configHome = join(dir, 'xdg-config');
    await withDesktopShell(
      dir,
      { isPackaged: true, env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/admin/Apps/Outlook Integration Console-0.1.0.AppImage' } },
      async ({ tray }) => {
        tray.menu!.click(menuItem);
        expect(readFileSync(join(configHome, 'autostart', entryFile), 'utf8')).toContain(
          'Exec="/home/admin/Apps/Outlook Integration Console-0.1.0.AppImage" --hidden\n',
        );
      },
    );
  });

  it('run from source, starts Electron with the app’s folder', async () => {
    await withDesktopShell(join(dir, 'my projects'), {}, async ({ tray, home, appPath }) => {
      tray.menu!.click(menuItem);
      expect(readFileSync(join(home, '.config', 'autostart', entryFile), 'utf8')).toContain(
        `Exec="${packagedExe}" "${appPath}" --hidden\n`,
      );
    });
  });

  it('at start, turns the saved setting off when the entry was removed outside the console', async () => {
    await savedAsOn(dir, { isPackaged: true });
    const autostart = join(dir, 'home', '.config', 'autostart');
    writeFileSync(
      join(autostart, entryFile),
      readFileSync(join(autostart, entryFile), 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    await withDesktopShell(dir, { isPackaged: true }, async ({ tray, core }) => {
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
      expect(tray.menu!.item(menuItem).checked).toBe(false);
    });
  });

  it('at start, takes an existing entry as on and points it at this copy of the app', async () => {
    const autostart = join(dir, 'home', '.config', 'autostart');
    mkdirSync(autostart, { recursive: true });
    writeFileSync(
      join(autostart, entryFile),
      '[Desktop Entry]\nType=Application\nName=Outlook Integration Console\nExec=/old/place/console.AppImage --hidden\n',
    );
    await withDesktopShell(dir, { isPackaged: true }, async ({ core }) => {
      expect(core!.settings.get().desktop.startAtLogin).toBe(true);
      expect(readFileSync(join(autostart, entryFile), 'utf8')).toContain(`Exec="${packagedExe}" --hidden\n`);
    });
  });

  it('says why in the log, and leaves the setting off, when the entry cannot be written', async () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.config'), { recursive: true });
    writeFileSync(join(home, '.config', 'autostart'), 'a file where the folder should be');
    await withDesktopShell(dir, { isPackaged: true }, async ({ tray, core }) => {
      tray.menu!.click(menuItem);
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
      expect(core!.logs.recent().map((entry) => entry.message)).toContain('Could not turn start at login on.');
    });
  });
});

describe('start at login on macOS: the app as a login item', () => {
  const tempDir = useTempDirs();

  it('registers the app (no arguments: macOS has nowhere to put them) and unregisters it', async () => {
    await withDesktopShell(tempDir(), { platform: 'darwin', isPackaged: true }, async ({ app, tray, core }) => {
      tray.menu!.click(menuItem);
      expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
      expect(app.macLoginItem).toBe(true);
      expect(core!.settings.get().desktop.startAtLogin).toBe(true);
      tray.menu!.click(menuItem);
      expect(app.macLoginItem).toBe(false);
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
    });
  });

  it('at start, follows System Settings › Login Items', async () => {
    const dir = tempDir();
    await savedAsOn(dir, { platform: 'darwin', isPackaged: true });
    // The next start finds no login item: the user removed it in System Settings.
    await withDesktopShell(dir, { platform: 'darwin', isPackaged: true }, async ({ core }) => {
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
    });
  });
});

describe('start at login on Windows: a Run key entry', () => {
  const tempDir = useTempDirs();

  it('starts the installed executable hidden, under the app id', async () => {
    await withDesktopShell(tempDir(), { platform: 'win32', isPackaged: true }, async ({ app, tray, core }) => {
      tray.menu!.click(menuItem);
      expect(app.runEntries.get(desktopAppId)).toEqual({ command: `${packagedExe} --hidden`, path: packagedExe, enabled: true });
      expect(core!.settings.get().desktop.startAtLogin).toBe(true);
      tray.menu!.click(menuItem);
      expect(app.runEntries.size).toBe(0);
    });
  });

  it('run from source, starts Electron with the app’s folder, quoted', async () => {
    await withDesktopShell(join(tempDir(), 'my projects'), { platform: 'win32' }, async ({ app, tray, appPath }) => {
      tray.menu!.click(menuItem);
      expect([...app.runEntries.values()][0].command).toBe(`${packagedExe} "${appPath}" --hidden`);
    });
  });

  it('at start, counts an entry disabled in Task Manager as off', async () => {
    const dir = tempDir();
    await savedAsOn(dir, { platform: 'win32', isPackaged: true });
    const { core } = await startDesktopShell(dir, {
      platform: 'win32',
      isPackaged: true,
      beforeStart: ({ app }) => {
        app.setAppUserModelId(desktopAppId);
        app.setLoginItemSettings({ openAtLogin: true, path: packagedExe, args: ['--hidden'] });
        app.disableInTaskManager(desktopAppId);
      },
    });
    try {
      expect(core!.settings.get().desktop.startAtLogin).toBe(false);
    } finally {
      await core!.shutdown();
    }
  });
});
