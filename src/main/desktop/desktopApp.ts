// The desktop shell: everything the Electron entry does, with the electron module passed in so
// unit tests can drive it with a test double.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as ElectronModule from 'electron';
import type { FileDelivery } from '../../shared/contract';
import { acquireDataFolderLock } from '../app/dataFolderLock';
import { operatorName } from '../app/operatorName';
import { bindRegistryToIpc, createTrustedSenderCheck, forwardEventsToWebContents } from '../bridge/ipcBinding';
import { createCore, type Core } from '../core';
import { openElectronStoreSettingsFile } from '../settings/electronStoreSettingsFile';
import { createSafeStorageEncryptor } from '../vault/safeStorageEncryptor';
import { startDesktopTray, startHiddenArgument } from './desktopTray';
import { appEntryUrl, appSchemePrivileges, registerAppProtocol } from '../window/appProtocol';
import { createAllowListedOpener } from '../window/externalLinks';
import { createMainWindow } from '../window/mainWindow';
import { hardenSession, hardenWebContents } from '../window/securityHardening';

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
  /** Folder holding the built main bundle (out/main). */
  mainDir?: string;
  /** Set by `electron-vite dev`: the renderer comes from the dev server. */
  devServerUrl?: string;
  appVersion?: string;
  /** The command line: a start at login passes --hidden and stays in the tray. */
  argv?: readonly string[];
  /** Folder of the tray icons (resources/tray). */
  trayIconsDir?: string;
};

export type DesktopApp = { ready: Promise<Core | undefined> };

async function saveWithDialog(
  electron: Electron,
  window: ElectronModule.BrowserWindow | undefined,
  fileName: string,
  bytes: Uint8Array,
): Promise<FileDelivery> {
  const options = { defaultPath: join(electron.app.getPath('downloads'), fileName), filters: [{ name: 'Zip archive', extensions: ['zip'] }] };
  const result = window ? await electron.dialog.showSaveDialog(window, options) : await electron.dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return { kind: 'cancelled' };
  await writeFile(result.filePath, bytes);
  return { kind: 'saved', path: result.filePath };
}

export function runDesktopApp(electron: Electron, options: DesktopAppOptions = {}): DesktopApp {
  const { app } = electron;
  const mainDir = options.mainDir ?? dirname(fileURLToPath(import.meta.url));
  const devServerUrl = options.devServerUrl;
  const isDevelopment = Boolean(devServerUrl) && !app.isPackaged;
  const rendererUrl = devServerUrl ?? appEntryUrl;
  const isAppUrl = createTrustedSenderCheck(rendererUrl);

  // A second copy would fight the first over the database and the sync schedule.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(undefined) };
  }

  electron.protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
  let mainWindow: ElectronModule.BrowserWindow | undefined;
  // The app's one call to shell.openExternal, behind the allow-list check.
  // The custom cloud's sign-in host (an emulator, a proxy) may open too; it is known once the core is.
  let customSignInHosts: () => readonly string[] = () => [];
  const openInBrowser = createAllowListedOpener((url) => electron.shell.openExternal(url), () => customSignInHosts()); /* eng-disable OPEN_EXTERNAL_JS_CHECK */

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isAppUrl, openInBrowser }));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  const ready = app.whenReady().then(async () => {
    // Electron's lock only keeps out a second desktop app; this one keeps out headless mode too.
    // A folder in use fails the start with the holder's PID and how to stop it (the error box below).
    const folderLock = acquireDataFolderLock(app.getPath('userData'), { mode: 'desktop' });
    const core = createCore({
      mode: 'desktop',
      dataDir: app.getPath('userData'),
      appVersion: options.appVersion ?? app.getVersion(),
      versions: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
      clock: { now: () => new Date() },
      operator: operatorName(),
      encryptor: createSafeStorageEncryptor(electron.safeStorage),
      openBrowser: openInBrowser,
      canOpenBrowser: true,
      notifyDesktop: (title, body) => {
        if (electron.Notification.isSupported()) new electron.Notification({ title, body }).show();
        else console.log(`NOTIFICATION: ${title} — ${body}`);
      },
      fetch: globalThis.fetch,
      openSettingsFile: openElectronStoreSettingsFile,
      deliverFile: (fileName, bytes) => saveWithDialog(electron, mainWindow, fileName, bytes),
    });
    customSignInHosts = () => {
      const config = core.integration.config();
      return config.cloud === 'custom' ? [config.customCloud.loginHost] : [];
    };
    hardenSession(electron.session.defaultSession);
    registerAppProtocol(electron.protocol, join(mainDir, '../renderer'));
    bindRegistryToIpc({ ipcMain: electron.ipcMain, registry: core.registry, isTrustedSender: isAppUrl });
    const tray = startDesktopTray(electron, core, {
      iconsDir: options.trayIconsDir ?? join(mainDir, '../../resources/tray'),
      getWindow: () => mainWindow,
    });
    // Quitting waits for the running sync to reach a safe point (bounded), then quits for real.
    let shutDown = false;
    app.on('before-quit', (event) => {
      if (shutDown) return;
      event.preventDefault();
      void core.shutdown().finally(() => {
        folderLock.release();
        shutDown = true;
        tray.dispose();
        app.quit();
      });
    });

    const startHidden = (options.argv ?? process.argv).includes(startHiddenArgument);
    mainWindow = createMainWindow(electron.BrowserWindow, {
      preloadPath: join(mainDir, '../preload/index.cjs'),
      isDevelopment,
      showWhenReady: !startHidden,
    });
    tray.keepInTrayOnClose(mainWindow);
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
