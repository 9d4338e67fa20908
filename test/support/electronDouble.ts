// A test double of the parts of the `electron` module the desktop shell uses, strict where the shell
// depends on Electron's behaviour: each rule names the Electron source or document it copies.
import { EventEmitter } from 'node:events';
import { basename, dirname, extname, join } from 'node:path';
import { vi } from 'vitest';
import { AppDouble } from './electron/appDouble';
import type { Platform } from './electron/platform';
import { SessionDouble } from './electron/sessionDouble';
import { MenuDouble, NativeImageDouble, NotificationDouble, TrayDouble } from './electron/trayDouble';
import { BrowserWindowDouble } from './electron/windowDouble';

export { AppDouble } from './electron/appDouble';
export type { Platform } from './electron/platform';
export { SessionDouble } from './electron/sessionDouble';
export { MenuDouble, NativeImageDouble, NotificationDouble, TrayDouble } from './electron/trayDouble';
export { BrowserWindowDouble, preventableEvent, WebContentsDouble } from './electron/windowDouble';

type Listener = (...args: unknown[]) => unknown;
type FileFilter = { name: string; extensions: string[] };
type SaveDialogOptions = { defaultPath?: string; filters?: FileFilter[] };

export type ElectronDoubleOptions = {
  userData: string;
  /** What process.platform would say; the double behaves like Electron there. Default: linux. */
  platform?: Platform;
  /** app.getAppPath(): the folder (or app.asar) holding package.json and out/. */
  appPath?: string;
  hasLock?: boolean;
  /** Linux: what safeStorage.getSelectedStorageBackend() says (the synchronous API's keyring). */
  backend?: string;
  /** Linux: the key tag the asynchronous API's key provider writes (v10: fixed key, v11: keyring). */
  asyncKeyTag?: string;
  /** The file the administrator types in the save dialog. */
  saveTo?: string;
  /** The folder the administrator saves into, keeping the proposed name. Neither: they cancel. */
  saveInto?: string;
  /** macOS: this launch came from the login item. */
  wasOpenedAtLogin?: boolean;
  /** Windows: the AppUserModelID of the Start-menu shortcut the installer made. */
  windowsShortcutAppId?: string;
};

/**
 * The save dialog. macOS: shell/browser/ui/file_dialog_mac.mm gives NSSavePanel the first filter's
 * extensions as its allowed types, and the panel then insists on one of them, appending the first
 * to a name that lacks it (so "calendar.ics" under a Zip filter is saved as "calendar.ics.zip").
 * Linux (GTK) and Windows keep the typed name.
 */
function saveDialog(platform: Platform, choice: { saveTo?: string; saveInto?: string }) {
  return vi.fn(async (...args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> => {
    const options = (args.length > 1 ? args[1] : args[0]) as SaveDialogOptions;
    const chosen =
      choice.saveTo ?? (choice.saveInto && options.defaultPath ? join(choice.saveInto, basename(options.defaultPath)) : undefined);
    if (!chosen) return { canceled: true };
    const allowed = options.filters?.[0]?.extensions ?? [];
    const extension = extname(chosen).slice(1);
    if (platform !== 'darwin' || allowed.length === 0 || allowed.includes('*') || allowed.includes(extension))
      return { canceled: false, filePath: chosen };
    return { canceled: false, filePath: join(dirname(chosen), `${basename(chosen)}.${allowed[0]}`) };
  });
}

/**
 * safeStorage's asynchronous API. Its cipher text starts with the key provider's tag (Chromium
 * components/os_crypt/async/browser): on Linux "v10" is FallbackLinuxKeyProvider's key derived from
 * the fixed password "peanuts", "v11" is FreedesktopSecretKeyProvider's keyring key; macOS
 * (Keychain) and Windows (DPAPI) write "v10" with a protected key.
 */
function safeStorageDouble(platform: Platform, backend: string | undefined, asyncKeyTag: string | undefined) {
  const tag = Buffer.from(platform === 'linux' ? (asyncKeyTag ?? 'v11') : 'v10');
  return {
    getSelectedStorageBackend: () => backend ?? 'gnome_libsecret',
    isAsyncEncryptionAvailable: async () => true,
    encryptStringAsync: async (text: string) => Buffer.concat([tag, Buffer.from(text).reverse()]),
    decryptStringAsync: async (buffer: Buffer) => ({
      result: Buffer.from(buffer.subarray(3)).reverse().toString(),
      shouldReEncrypt: false,
    }),
  };
}

export function createElectronDouble(options: ElectronDoubleOptions) {
  const platform = options.platform ?? 'linux';
  BrowserWindowDouble.created = [];
  BrowserWindowDouble.platform = platform;
  TrayDouble.created = [];
  NotificationDouble.shown = [];
  NotificationDouble.dropped = [];
  NotificationDouble.instances = [];
  const app = new AppDouble({
    platform,
    userData: options.userData,
    appPath: options.appPath ?? '/app',
    hasLock: options.hasLock,
    wasOpenedAtLogin: options.wasOpenedAtLogin,
  });
  NotificationDouble.osAccepts = () =>
    platform !== 'win32' || (app.appUserModelId !== undefined && app.appUserModelId === options.windowsShortcutAppId);
  const powerMonitor = new EventEmitter();
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, Listener>();
  const session = new SessionDouble();
  const electron = {
    app,
    Tray: TrayDouble,
    Menu: { buildFromTemplate: (template: ConstructorParameters<typeof MenuDouble>[0]) => new MenuDouble(template) },
    nativeImage: { createFromPath: (path: string) => new NativeImageDouble(path) },
    powerMonitor,
    Notification: NotificationDouble,
    BrowserWindow: BrowserWindowDouble,
    ipcMain: {
      handle: (channel: string, handler: Listener) => ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
      on: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (scheme: string, handler: Listener) => protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession: session },
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn() },
    safeStorage: safeStorageDouble(platform, options.backend, options.asyncKeyTag),
    dialog: { showErrorBox: vi.fn(), showSaveDialog: saveDialog(platform, options) },
  };
  return { electron, app, ipcHandlers, protocolHandlers, session, powerMonitor, makeReady: () => app.makeReady() };
}
