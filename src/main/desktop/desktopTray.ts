// The desktop app's tray-resident sync: the tray, close-to-tray, start at login and wake from sleep.
// Electron comes in as an argument so the unit tests drive all of it with a test double.
import { join } from 'node:path';
import type * as ElectronModule from 'electron';
import type { Core } from '../core';
import { calendarSyncJobId } from '../jobs/calendarSyncJob';
import { TrayService, type TrayIconState } from '../tray/trayService';

export type TrayElectron = Pick<typeof ElectronModule, 'app' | 'Tray' | 'Menu' | 'nativeImage' | 'powerMonitor' | 'Notification'>;

export type DesktopTrayOptions = {
  /** Folder holding idle.png, running.png and error.png (with their @2x versions). */
  iconsDir: string;
  getWindow(): ElectronModule.BrowserWindow | undefined;
};

/** Passed by the login item so a start at login stays in the tray. */
export const startHiddenArgument = '--hidden';

export function startDesktopTray(electron: TrayElectron, core: Core, options: DesktopTrayOptions) {
  const { app } = electron;
  let quitting = false;
  const icons = Object.fromEntries(
    (['idle', 'running', 'error'] as TrayIconState[]).map((state) => [state, electron.nativeImage.createFromPath(join(options.iconsDir, `${state}.png`))]),
  ) as Record<TrayIconState, ElectronModule.NativeImage>;

  const openConsole = () => {
    const window = options.getWindow();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
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
        app.setLoginItemSettings({ openAtLogin: enabled, args: [startHiddenArgument] });
        core.settings.update({ desktop: { startAtLogin: enabled } });
      },
      quit: () => app.quit(),
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
  app.on('before-quit', () => {
    quitting = true;
  });

  return {
    tray,
    /** Closing the window hides it: the sync keeps running from the tray (said once, in a notice). */
    keepInTrayOnClose(window: ElectronModule.BrowserWindow) {
      window.on('close', (event) => {
        if (quitting) return;
        event.preventDefault();
        window.hide();
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
