import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export type MainWindowOptions = {
  preloadPath: string;
  /** DevTools are for development builds only. */
  isDevelopment: boolean;
  /** False when started at login: the console stays in the tray until opened. */
  showWhenReady?: boolean;
};

/** The console window's options: every item of Electron's checklist that a window carries. */
export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Outlook Integration Console',
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.isDevelopment,
    },
  };
}

export function createMainWindow(
  BrowserWindowClass: new (options: BrowserWindowConstructorOptions) => BrowserWindow,
  options: MainWindowOptions,
): BrowserWindow {
  const window = new BrowserWindowClass(mainWindowOptions(options));
  if (options.showWhenReady !== false) window.once('ready-to-show', () => window.show());
  return window;
}
