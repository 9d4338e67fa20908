// Desktop only: where the shell's files are, the same whoever bundled the main process where.
import { join } from 'node:path';

export type DesktopResources = {
  /** The built renderer, served over app://console. */
  rendererDir: string;
  preloadPath: string;
  /** idle.png, running.png, error.png (and macOS template versions), with their @2x files. */
  trayIconsDir: string;
};

/**
 * `appPath` is app.getAppPath(): the project folder when run from source (`electron-vite preview`),
 * `…/resources/app.asar` when packaged. The tray icons ship beside the archive (electron-builder's
 * extraResources, under process.resourcesPath) as plain files the OS's tray can be handed.
 */
export function desktopResources(layout: { appPath: string; isPackaged: boolean; resourcesPath: string }): DesktopResources {
  return {
    rendererDir: join(layout.appPath, 'out', 'renderer'),
    preloadPath: join(layout.appPath, 'out', 'preload', 'index.cjs'),
    trayIconsDir: layout.isPackaged ? join(layout.resourcesPath, 'tray') : join(layout.appPath, 'resources', 'tray'),
  };
}
