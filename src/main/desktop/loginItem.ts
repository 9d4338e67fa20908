// Desktop only: "Start at login (in the tray)" on each platform. Electron's login item API works on
// macOS and Windows only (browser_linux.cc leaves SetLoginItemSettings empty), so Linux gets an XDG
// autostart entry instead.
import type { App } from 'electron';
import { productName } from '../app/dataDir';
import { desktopAppId } from './appIdentity';
import type { LoginCommand, LoginItem } from './loginItemShape';
import { createXdgAutostartEntry, xdgAutostartDir, type AutostartFiles } from './xdgAutostart';

/** Passed by the login item (Windows, Linux) so a start at login stays in the tray. */
export const startHiddenArgument = '--hidden';

export type { LoginCommand, LoginItem } from './loginItemShape';

/**
 * A packaged app starts its own executable. Outside a package the executable is bare Electron,
 * which needs the app's folder as its first argument. An AppImage runs from a mount that goes away
 * when it exits: the OS must start the .AppImage file itself, which AppImage's runtime puts in $APPIMAGE.
 */
export function loginCommand(input: { isPackaged: boolean; appPath: string; execPath: string; appImage?: string }): LoginCommand {
  if (!input.isPackaged) return { executable: input.execPath, args: [input.appPath, startHiddenArgument] };
  return { executable: input.appImage || input.execPath, args: [startHiddenArgument] };
}

type LoginItemApp = Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;

/**
 * macOS registers the app itself (SMAppService): it takes no arguments, so `--hidden` cannot reach a
 * start at login; wasStartedAtLogin() asks wasOpenedAtLogin instead.
 */
function macLoginItem(app: LoginItemApp): LoginItem {
  return {
    isEnabled: () => app.getLoginItemSettings().openAtLogin,
    setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}

/**
 * Windows keeps `path args…` in the Run key. Electron appends the args unquoted, so one holding a
 * space (the app's folder, outside a package) is quoted here. Off in Task Manager's Startup tab
 * counts as off, as the user will see it.
 */
function windowsLoginItem(app: LoginItemApp, command: LoginCommand): LoginItem {
  const args = command.args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg));
  const entry = { path: command.executable, args };
  return {
    isEnabled() {
      const settings = app.getLoginItemSettings(entry);
      return settings.openAtLogin && settings.executableWillLaunchAtLogin;
    },
    setEnabled: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, ...entry }),
  };
}

export type LoginItemPorts = {
  platform: NodeJS.Platform;
  app: LoginItemApp & Pick<App, 'isPackaged' | 'getAppPath'>;
  execPath: string;
  /** $APPIMAGE and $XDG_CONFIG_HOME are read from it. */
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  autostartFiles?: AutostartFiles;
};

/** This platform's way to start the app at login, for the copy of the app that is running. */
export function createLoginItem(ports: LoginItemPorts): LoginItem {
  const { app } = ports;
  if (ports.platform === 'darwin') return macLoginItem(app);
  const command = loginCommand({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    execPath: ports.execPath,
    appImage: ports.env.APPIMAGE,
  });
  if (ports.platform === 'win32') return windowsLoginItem(app, command);
  return createXdgAutostartEntry({
    dir: xdgAutostartDir(ports.env, ports.homeDir),
    fileName: `${desktopAppId}.desktop`,
    name: productName,
    command,
    files: ports.autostartFiles,
  });
}

/** Whether this launch is a start at login, which stays in the tray. */
export function wasStartedAtLogin(platform: NodeJS.Platform, app: Pick<App, 'getLoginItemSettings'>, argv: readonly string[]): boolean {
  if (argv.includes(startHiddenArgument)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
