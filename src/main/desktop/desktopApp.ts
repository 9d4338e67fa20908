// The desktop shell: everything the Electron entry does, with the electron module passed in so
// unit tests can drive it with a test double.
import { homedir } from 'node:os';
import type * as ElectronModule from 'electron';
import { routePath, type Route } from '../../shared/contract';
import { acquireDataFolderLock } from '../app/dataFolderLock';
import { operatorName } from '../app/operatorName';
import { bindRegistryToIpc, createTrustedSenderCheck, forwardEventsToWebContents } from './ipcBinding';
import { createCore, type Core } from '../core';
import { openElectronStoreSettingsFile } from './electronStoreSettingsFile';
import { createSafeStorageEncryptor, detectSafeStorageBackend } from './safeStorageEncryptor';
import { appEntryUrl, appSchemePrivileges, registerAppProtocol } from './appProtocol';
import { showConsoleWindow } from './consoleWindow';
import { createAllowListedOpener } from './externalLinks';
import { createMainWindow } from './mainWindow';
import { hardenSession, hardenWebContents } from './securityHardening';
import { desktopAppId } from './appIdentity';
import { desktopResources } from './desktopResources';
import { startDesktopTray } from './desktopTray';
import { installGracefulQuit } from './gracefulQuit';
import { createLoginItem, startHiddenArgument, wasStartedAtLogin } from './loginItem';
import { saveWithDialog } from './saveDialog';
import type { AutostartFiles } from './xdgAutostart';

export type Electron = Pick<
  typeof ElectronModule,
  | 'app'
  | 'BrowserWindow'
  | 'ipcMain'
  | 'protocol'
  | 'session'
  | 'shell'
  | 'safeStorage'
  | 'dialog'
  | 'Tray'
  | 'Menu'
  | 'nativeImage'
  | 'powerMonitor'
  | 'Notification'
>;

export type DesktopAppOptions = {
  /** Set by `electron-vite dev`: the renderer comes from the dev server. A packaged app ignores it. */
  devServerUrl?: string;
  appVersion?: string;
  /** The command line: a start at login passes --hidden and stays in the tray. */
  argv?: readonly string[];
  /** The process's facts, given by tests: process.platform, .resourcesPath, .execPath, .env, the home folder. */
  platform?: NodeJS.Platform;
  resourcesPath?: string;
  execPath?: string;
  env?: Readonly<Record<string, string | undefined>>;
  homeDir?: string;
  /** Linux: the files of the autostart entry (start at login). */
  autostartFiles?: AutostartFiles;
};

export type DesktopApp = { ready: Promise<Core | undefined> };

export function runDesktopApp(electron: Electron, options: DesktopAppOptions = {}): DesktopApp {
  const { app } = electron;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const execPath = options.execPath ?? process.execPath;
  // A packaged app never follows ELECTRON_RENDERER_URL: its page, and the only sender IPC trusts, stay app://console.
  const devServerUrl = app.isPackaged ? undefined : options.devServerUrl;
  const isDevelopment = devServerUrl !== undefined;
  const rendererUrl = devServerUrl ?? appEntryUrl;
  const isAppUrl = createTrustedSenderCheck(rendererUrl);

  // A second copy would fight the first over the database and the sync schedule.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(undefined) };
  }
  // Windows shows notifications only for the AppUserModelID of the Start-menu shortcut the installer
  // made (named after the appId); run from source there is none, and Electron's docs use the executable.
  if (platform === 'win32') app.setAppUserModelId(app.isPackaged ? desktopAppId : execPath);

  electron.protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  const resources = desktopResources({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    resourcesPath: options.resourcesPath ?? process.resourcesPath,
  });
  let mainWindow: ElectronModule.BrowserWindow | undefined;
  const showConsole = () => {
    if (mainWindow) showConsoleWindow(mainWindow);
  };
  const shownNotifications = new Set<ElectronModule.Notification>();
  /** Shows the window on `route`: only the fragment changes, so the page is not reloaded (the router follows hashchange). */
  const showConsoleAt = (route: Route) => {
    if (!mainWindow) return;
    showConsoleWindow(mainWindow);
    void mainWindow.loadURL(`${rendererUrl}#${routePath(route)}`);
  };
  // The app's one call to shell.openExternal, behind the allow-list check.
  // The custom cloud's sign-in host (an emulator, a proxy) may open too; it is known once the core is.
  let customSignInHosts: () => readonly string[] = () => [];
  const customHosts = () => customSignInHosts();
  // The security scan's reviewed exception names this exact line, so it stays on one.
  // prettier-ignore
  const openInBrowser = createAllowListedOpener((url) => electron.shell.openExternal(url), customHosts); /* eng-disable OPEN_EXTERNAL_JS_CHECK */

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isAppUrl, openInBrowser }));
  // Launching the app again brings the console back, also from the tray; a second start at login does not.
  app.on('second-instance', (_event, argv) => {
    if (!argv?.includes(startHiddenArgument)) showConsole();
  });
  // macOS: a click on the Dock icon, or opening the app again, while it runs.
  app.on('activate', () => showConsole());
  app.on('window-all-closed', () => app.quit());

  const ready = app.whenReady().then(async () => {
    // Electron's lock only keeps out a second desktop app; this one keeps out headless mode too.
    // A folder in use fails the start with the holder's PID and how to stop it (the error box below).
    const folderLock = acquireDataFolderLock(app.getPath('userData'), { mode: 'desktop' });
    const vaultBackend = await detectSafeStorageBackend(electron.safeStorage, platform);
    const core = createCore({
      mode: 'desktop',
      dataDir: app.getPath('userData'),
      appVersion: options.appVersion ?? app.getVersion(),
      versions: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
      clock: { now: () => new Date() },
      operator: operatorName(),
      encryptor: createSafeStorageEncryptor(electron.safeStorage, vaultBackend),
      openBrowser: openInBrowser,
      canOpenBrowser: true,
      notifyDesktop: (title, body, route) => {
        if (!electron.Notification.isSupported()) {
          console.log(`NOTIFICATION: ${title} — ${body}${route ? ` (#${routePath(route)})` : ''}`);
          return;
        }
        const notification = new electron.Notification({ title, body });
        // A click brings the console to the front on the page the notification is about. The
        // notification is held until then: once garbage-collected it would no longer hear it.
        if (route) {
          shownNotifications.add(notification);
          const release = () => shownNotifications.delete(notification);
          notification.on('click', () => {
            release();
            showConsoleAt(route);
          });
          notification.on('close', release);
        }
        notification.show();
      },
      fetch: globalThis.fetch,
      openSettingsFile: openElectronStoreSettingsFile,
      deliverFile: (fileName, bytes, type) =>
        saveWithDialog(
          { dialog: electron.dialog, getWindow: () => mainWindow, downloadsDir: () => app.getPath('downloads') },
          fileName,
          bytes,
          type,
        ),
    });
    // The vault check, each feature, then the job scheduler (core.ts): the window does not wait for it.
    void core.start();
    customSignInHosts = () => {
      const config = core.integration.config();
      return config.cloud === 'custom' ? [config.customCloud.loginHost] : [];
    };
    hardenSession(electron.session.defaultSession, { isConsoleOrigin: isAppUrl });
    registerAppProtocol(electron.protocol, resources.rendererDir);
    bindRegistryToIpc({ ipcMain: electron.ipcMain, registry: core.registry, isTrustedSender: isAppUrl });

    const loginItem = createLoginItem({
      platform,
      app,
      execPath,
      env,
      homeDir: options.homeDir ?? homedir(),
      autostartFiles: options.autostartFiles,
    });
    const tray = startDesktopTray(electron, core, {
      platform,
      iconsDir: resources.trayIconsDir,
      getWindow: () => mainWindow,
      loginItem,
      // Asked when the window closes, by then `quit` exists.
      isQuitting: () => quit.isQuitting(),
      quit: () => app.quit(),
    });
    const quit = installGracefulQuit(app, electron.powerMonitor, platform, async () => {
      try {
        await core.shutdown();
      } finally {
        folderLock.release();
        tray.dispose();
      }
    });

    mainWindow = createMainWindow(electron.BrowserWindow, {
      preloadPath: resources.preloadPath,
      isDevelopment,
      showWhenReady: !wasStartedAtLogin(platform, app, options.argv ?? process.argv),
    });
    tray.keepInTrayOnClose(mainWindow);
    quit.watchSessionEnd(mainWindow);
    forwardEventsToWebContents(core.events, mainWindow.webContents);
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    await mainWindow.loadURL(rendererUrl);
    return core;
  });
  ready.catch((error: unknown) => {
    electron.dialog.showErrorBox('Outlook Integration Console could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
  return { ready };
}
