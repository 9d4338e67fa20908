// Desktop only: every way the app can end goes through one shutdown of the core, awaited once.
import type { App, BrowserWindow, PowerMonitor } from 'electron';

export type GracefulQuit = {
  /** True from the first quit on: windows may then really close instead of hiding to the tray. */
  isQuitting(): boolean;
  /** Windows logoff and shutdown send no before-quit: the window's `session-end` starts it instead. */
  watchSessionEnd(window: Pick<BrowserWindow, 'on'>): void;
};

/**
 * Quitting waits for the core to shut down (the running sync reaches a safe point, bounded), then
 * quits for real. Electron emits before-quit again on every app.quit() until one is let through
 * (browser.cc: a prevented before-quit leaves `is_quitting_` false), so a second quit — tray Quit
 * twice, Cmd+Q during shutdown — is held back too and waits for the same shutdown.
 */
export function installGracefulQuit(
  app: Pick<App, 'on' | 'quit'>,
  powerMonitor: Pick<PowerMonitor, 'on'>,
  platform: NodeJS.Platform,
  shutdown: () => Promise<void>,
): GracefulQuit {
  let shuttingDown: Promise<void> | undefined;
  let shutDown = false;
  const shutDownThenQuit = () => {
    shuttingDown ??= shutdown()
      .catch((error: unknown) => console.error('The console did not shut down cleanly:', error))
      .finally(() => {
        shutDown = true;
        // From a fresh task: a quit re-issued inside the before-quit emit's own microtask checkpoint
        // would run before Electron records that this one was prevented (browser.cc), and be undone.
        setImmediate(() => app.quit());
      });
    return shuttingDown;
  };

  app.on('before-quit', (event) => {
    if (shutDown) return;
    event.preventDefault();
    void shutDownThenQuit();
  });
  if (platform === 'linux' || platform === 'darwin') {
    // power-monitor.md: preventDefault() asks the OS to wait while the app exits (a logind delay
    // lock on Linux); the quit then runs the same shutdown.
    powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => {
      event?.preventDefault();
      app.quit();
    });
  }
  return {
    isQuitting: () => shuttingDown !== undefined,
    watchSessionEnd(window) {
      // browser-window.md `session-end` (Windows): "there is no way to prevent the session from
      // ending" and the process may be ended soon after: start the shutdown at once.
      if (platform === 'win32') window.on('session-end', () => void shutDownThenQuit());
    },
  };
}
