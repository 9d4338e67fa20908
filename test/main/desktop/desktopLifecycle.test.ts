// Bringing the console back (second launch, macOS Dock) and ending the app (quit, logoff, shutdown).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { preventableEvent } from '../../support/electronDouble';
import { startDesktopShell, withDesktopShell, type DesktopShell, type DesktopShellOptions } from '../../support/desktopShell';
import { useTempDirs } from '../../support/tempDir';

vi.mock('electron', async () => (await import('../../support/desktopShell')).electronModule);

/** A second launch of the app, which Electron reports to the running one. */
function launchAgain(app: DesktopShell['app'], ...args: string[]) {
  app.emit('second-instance', {}, ['/opt/console/app', ...args], '/home/admin', {});
}

function expectInFront(window: DesktopShell['window']) {
  expect(window.isVisible()).toBe(true);
  expect(window.isFocused()).toBe(true);
}

/** Starts the shell with core.shutdown() held until release() is called, counting the calls. */
async function startWithShutdownHeld(dir: string, options: DesktopShellOptions = {}) {
  const shell = await startDesktopShell(dir, options);
  const core = shell.core!;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const original = core.shutdown.bind(core);
  const shutdown = vi.spyOn(core, 'shutdown').mockImplementation(async () => {
    await released;
    await original();
  });
  return { ...shell, shutdown, release };
}

describe('bringing the console back', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('shows and focuses the window when the app is launched again after a start at login', async () => {
    await withDesktopShell(dir, { argv: ['/opt/console/app', '--hidden'] }, async ({ app, window }) => {
      window.emit('ready-to-show');
      expect(window.isVisible()).toBe(false);
      launchAgain(app);
      expectInFront(window);
    });
  });

  it('shows the window closed to the tray when the app is launched again', async () => {
    await withDesktopShell(dir, {}, async ({ app, window }) => {
      window.emit('ready-to-show');
      window.requestClose();
      expect(window.isVisible()).toBe(false);
      launchAgain(app);
      expectInFront(window);
    });
  });

  it('restores a minimized window when launched again', async () => {
    await withDesktopShell(dir, {}, async ({ app, window }) => {
      window.emit('ready-to-show');
      window.minimize();
      launchAgain(app);
      expect(window.isMinimized()).toBe(false);
      expect(window.isFocused()).toBe(true);
    });
  });

  it('leaves the console in the tray when a second start at login finds it running', async () => {
    await withDesktopShell(dir, { argv: ['/opt/console/app', '--hidden'] }, async ({ app, window }) => {
      launchAgain(app, '--hidden');
      expect(window.isVisible()).toBe(false);
    });
  });

  it('on macOS shows the hidden console when its Dock icon is clicked', async () => {
    await withDesktopShell(dir, { platform: 'darwin', wasOpenedAtLogin: true }, async ({ app, window }) => {
      window.emit('ready-to-show');
      expect(window.isVisible()).toBe(false);
      app.emit('activate', {}, false);
      expectInFront(window);
    });
  });
});

describe('ending the app', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('quits from the tray after shutting the core down, then lets the window close', async () => {
    const { app, window, tray, shutdown, release } = await startWithShutdownHeld(dir);
    tray.menu!.click('Quit');
    expect(shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(false);
    expect(window.isDestroyed()).toBe(false);
    release();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(tray.destroyed).toBe(true);
    expect(window.isDestroyed()).toBe(true);
  });

  it('makes a second quit wait for the same shutdown instead of exiting at once', async () => {
    const { app, tray, shutdown, release } = await startWithShutdownHeld(dir);
    tray.menu!.click('Quit');
    app.quit(); // Cmd+Q, or Quit clicked again, while the core is still closing
    tray.menu!.click('Quit');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shutdown).toHaveBeenCalledOnce();
    expect(app.exited).toBe(false);
    release();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(shutdown).toHaveBeenCalledOnce();
  });

  it('lets the window close while shutting down, and still exits only once the core is down', async () => {
    const { app, window, shutdown, release } = await startWithShutdownHeld(dir);
    app.quit();
    expect(window.requestClose()).toBe(true);
    app.emit('window-all-closed');
    expect(app.exited).toBe(false);
    release();
    await vi.waitFor(() => expect(app.exited).toBe(true));
    expect(shutdown).toHaveBeenCalledOnce();
  });

  it('on Windows shuts down when the session ends (logoff, restart), which sends no before-quit', async () => {
    const { app, window, shutdown, release } = await startWithShutdownHeld(dir, { platform: 'win32' });
    window.emit('session-end', { reasons: ['logoff'] });
    expect(shutdown).toHaveBeenCalledOnce();
    release();
    await vi.waitFor(() => expect(app.exited).toBe(true));
  });

  it('on Linux asks the system to wait at shutdown and quits through the same shutdown', async () => {
    const { app, powerMonitor, shutdown, release } = await startWithShutdownHeld(dir);
    const event = preventableEvent();
    powerMonitor.emit('shutdown', event);
    expect(event.defaultPrevented).toBe(true);
    expect(shutdown).toHaveBeenCalledOnce();
    release();
    await vi.waitFor(() => expect(app.exited).toBe(true));
  });
});
