import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for web contents that records the handlers the app installs, so tests can fire them. */
export class WebContentsDouble extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: unknown[][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class BrowserWindowDouble extends EventEmitter {
  static created: BrowserWindowDouble[] = [];
  readonly webContents = new WebContentsDouble();
  readonly loadedUrls: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindowDouble.created.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrls.push(url);
  }
  show = vi.fn();
  hide = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  /** Fires `close` as the window manager would; true when the app let the window close. */
  requestClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    return !prevented;
  }
}

/** Electron's Tray as the tray service sees it: its image, tooltip and menu, and its click. */
export class TrayDouble extends EventEmitter {
  static created: TrayDouble[] = [];
  readonly images: unknown[] = [];
  toolTip = '';
  menu?: MenuDouble;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.images.push(image);
    TrayDouble.created.push(this);
  }
  get image() {
    return this.images.at(-1);
  }
  setImage(image: unknown) {
    this.images.push(image);
  }
  setToolTip(text: string) {
    this.toolTip = text;
  }
  setContextMenu(menu: MenuDouble) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

type MenuItemTemplate = { label?: string; type?: string; checked?: boolean; enabled?: boolean; click?: () => void };

export class MenuDouble {
  constructor(readonly items: MenuItemTemplate[]) {}
  labels(): string[] {
    return this.items.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
  }
  item(label: string): MenuItemTemplate {
    const found = this.items.find((item) => item.label === label);
    if (!found) throw new Error(`No menu item "${label}" in: ${this.labels().join(', ')}`);
    return found;
  }
  click(label: string) {
    const item = this.item(label);
    if (item.enabled === false) throw new Error(`"${label}" is disabled`);
    item.click?.();
  }
}

/** Records every desktop notification shown. */
export class NotificationDouble {
  static shown: { title: string; body: string }[] = [];
  static isSupported = () => true;
  constructor(readonly options: { title: string; body: string }) {}
  show() {
    NotificationDouble.shown.push(this.options);
  }
}

/** A test double of the parts of the `electron` module the desktop shell uses. */
export function createElectronDouble(options: { userData: string; hasLock?: boolean; backend?: string; asyncKeyTag?: string; saveTo?: string }) {
  BrowserWindowDouble.created = [];
  TrayDouble.created = [];
  NotificationDouble.shown = [];
  const powerMonitor = new EventEmitter();
  const appEvents = new EventEmitter();
  let resolveReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
  const ipcHandlers = new Map<string, Listener>();
  const protocolHandlers = new Map<string, Listener>();
  const session = {
    permissionRequestHandler: undefined as undefined | Listener,
    permissionCheckHandler: undefined as undefined | Listener,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    },
  };
  const electron = {
    app: {
      isPackaged: false,
      on: (event: string, listener: Listener) => appEvents.on(event, listener),
      emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
      requestSingleInstanceLock: vi.fn(() => options.hasLock ?? true),
      quit: vi.fn(),
      exit: vi.fn(),
      whenReady: () => readyPromise,
      getPath: (name: string) => {
        if (name === 'userData') return options.userData;
        if (name === 'downloads') return '/home/admin/Downloads';
        throw new Error(`unexpected getPath(${name})`);
      },
      getVersion: () => '0.0.0-test',
      setLoginItemSettings: vi.fn(),
    },
    Tray: TrayDouble,
    Menu: { buildFromTemplate: (template: MenuItemTemplate[]) => new MenuDouble(template) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
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
    // The asynchronous API's cipher text starts with its key provider's tag (Chromium
    // components/os_crypt/async/browser): on Linux "v10" is FallbackLinuxKeyProvider's key derived
    // from the fixed password "peanuts", "v11" FreedesktopSecretKeyProvider's keyring key.
    safeStorage: {
      getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
      isAsyncEncryptionAvailable: async () => true,
      encryptStringAsync: async (text: string) => Buffer.concat([Buffer.from(options.asyncKeyTag ?? 'v11'), Buffer.from(text).reverse()]),
      decryptStringAsync: async (buffer: Buffer) => ({ result: Buffer.from(buffer.subarray(3)).reverse().toString(), shouldReEncrypt: false }),
    },
    dialog: {
      showErrorBox: vi.fn(),
      showSaveDialog: vi.fn<(...args: unknown[]) => Promise<{ canceled: boolean; filePath?: string }>>(async () => ({ canceled: false, filePath: options.saveTo })),
    },
  };
  return { electron, ipcHandlers, protocolHandlers, session, makeReady: resolveReady };
}
