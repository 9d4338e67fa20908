// The desktop app's tray-resident sync: the tray, close-to-tray, start at login and wake from sleep.
// Electron comes in as an argument so the unit tests drive all of it with a test double.
import { join } from 'node:path';
import type * as ElectronModule from 'electron';
import type { Core } from '../core';
import { calendarSyncJobId } from '../sync/calendarSyncJob';
import type { Logger } from '../logs/logService';
import { TrayService, type TrayIconState } from './trayService';
import { hideConsoleWindow, showConsoleWindow } from './consoleWindow';
import type { LoginItem } from './loginItem';

export type TrayElectron = Pick<typeof ElectronModule, 'Tray' | 'Menu' | 'nativeImage' | 'powerMonitor' | 'Notification'>;

export type DesktopTrayOptions = {
  platform: NodeJS.Platform;
  /** Folder holding idle.png, running.png and error.png, their macOS *Template.png versions, and the @2x files. */
  iconsDir: string;
  getWindow(): ElectronModule.BrowserWindow | undefined;
  loginItem: LoginItem;
  /** True once the app is quitting: the window then closes instead of hiding. */
  isQuitting(): boolean;
  quit(): void;
};

/**
 * macOS menu bar icons are template images (black and alpha, tinted by the system for light and dark
 * menu bars); a file name ending in "Template" makes nativeImage mark them so.
 */
function loadIcons(electron: TrayElectron, options: DesktopTrayOptions): Record<TrayIconState, ElectronModule.NativeImage> {
  const suffix = options.platform === 'darwin' ? 'Template' : '';
  const states: TrayIconState[] = ['idle', 'running', 'error'];
  return Object.fromEntries(
    states.map((state) => [state, electron.nativeImage.createFromPath(join(options.iconsDir, `${state}${suffix}.png`))]),
  ) as Record<TrayIconState, ElectronModule.NativeImage>;
}

/** What the OS will do at the next login; undefined (and a log line) when it cannot be read. */
function readStartAtLogin(loginItem: LoginItem, log: Logger): boolean | undefined {
  try {
    return loginItem.isEnabled();
  } catch (error) {
    log.warning('Could not read the start-at-login state from the operating system.', { error });
    return undefined;
  }
}

/**
 * The saved setting follows the OS, which the user can change behind the console's back (System
 * Settings › Login Items, Task Manager › Startup, deleting the autostart file); an entry that is on
 * is pointed at this copy of the app.
 */
function reconcileStartAtLogin(core: Core, loginItem: LoginItem, log: Logger) {
  const enabled = readStartAtLogin(loginItem, log);
  if (enabled === undefined) return;
  try {
    if (enabled) loginItem.refresh?.();
  } catch (error) {
    log.warning('Could not update the start-at-login entry to start this copy of the console.', { error });
  }
  if (enabled !== core.settings.get().desktop.startAtLogin) {
    log.info(`Start at login is ${enabled ? 'on' : 'off'} in the operating system; the setting now says so too.`);
    core.settings.update({ desktop: { startAtLogin: enabled } });
  }
}

export function startDesktopTray(electron: TrayElectron, core: Core, options: DesktopTrayOptions) {
  const log = core.logs.logger('desktop');
  const icons = loadIcons(electron, options);
  reconcileStartAtLogin(core, options.loginItem, log);

  const openConsole = () => {
    const window = options.getWindow();
    if (window) showConsoleWindow(window);
  };
  const tray = new TrayService({
    createTrayInstance: (image) => new electron.Tray(image),
    buildMenu: (template) => electron.Menu.buildFromTemplate(template),
    icons,
    formatTime: (iso) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone: core.jobs.timeZone }).format(new Date(iso)),
    actions: {
      openConsole,
      syncNow: () => {
        try {
          core.jobs.runNow(calendarSyncJobId);
        } catch {
          // Only refused while shutting down; the tray goes away with the app.
        }
      },
      setSyncActive: (active) => core.jobs.update(calendarSyncJobId, { active }),
      setStartAtLogin: (enabled) => {
        try {
          options.loginItem.setEnabled(enabled);
        } catch (error) {
          log.error(`Could not turn start at login ${enabled ? 'on' : 'off'}.`, { error });
        }
        // What the OS now says, not what was asked: the menu never claims a login item that is not there.
        core.settings.update({ desktop: { startAtLogin: readStartAtLogin(options.loginItem, log) ?? false } });
      },
      quit: () => options.quit(),
    },
  });
  const refresh = () => {
    const job = core.jobs.summary(calendarSyncJobId);
    tray.update({ active: job.active, running: job.running, lastRun: job.lastRun, startAtLogin: core.settings.get().desktop.startAtLogin });
  };
  const unsubscribe = core.events.subscribe((envelope) => {
    if (envelope.event === 'jobs.changed' || envelope.event === 'jobs.runChanged' || envelope.event === 'settings.changed') refresh();
  });
  refresh();

  // Sleep stops timers; at wake a run missed by more than one interval runs once.
  const onResume = () => core.jobs.checkMissedRuns('wake');
  electron.powerMonitor.on('resume', onResume);

  return {
    tray,
    openConsole,
    /** Closing the window hides it: the sync keeps running from the tray (said once, in a notice). */
    keepInTrayOnClose(window: ElectronModule.BrowserWindow) {
      window.on('close', (event) => {
        if (options.isQuitting()) return;
        event.preventDefault();
        hideConsoleWindow(window, options.platform);
        if (core.settings.get().desktop.trayNoticeShown) return;
        core.settings.update({ desktop: { trayNoticeShown: true } });
        if (electron.Notification.isSupported()) {
          new electron.Notification({
            title: 'Outlook Integration Console is still running',
            body: 'The calendar sync keeps running in the tray. Use the tray icon to open the console, or Quit from its menu to stop syncing.',
            icon: icons.idle,
            silent: true,
          }).show();
        }
      });
    },
    dispose() {
      unsubscribe();
      electron.powerMonitor.removeListener('resume', onResume);
      tray.destroy();
    },
  };
}
