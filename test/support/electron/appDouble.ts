// Electron's `app` as the desktop shell relies on it: the quit sequence, login items per platform,
// the Application User Model ID. Each rule names the Electron source or document it copies.
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { Platform } from './platform';
import { BrowserWindowDouble, preventableEvent } from './windowDouble';

export type AppDoubleOptions = {
  platform: Platform;
  userData: string;
  appPath: string;
  hasLock?: boolean;
  /** macOS: the app was launched by its login item (app.getLoginItemSettings().wasOpenedAtLogin). */
  wasOpenedAtLogin?: boolean;
};

type LoginItemSettings = { openAtLogin?: boolean; path?: string; args?: string[]; enabled?: boolean; name?: string };
/** A value under HKCU\…\CurrentVersion\Run, with its StartupApproved state (Task Manager's Startup tab). */
type RunEntry = { command: string; path: string; enabled: boolean };

export class AppDouble extends EventEmitter {
  isPackaged = false;
  /** True once Electron would have ended the process: a quit that went through, or exit(). */
  exited = false;
  appUserModelId: string | undefined;
  /** Windows: the Run key's values by name. */
  readonly runEntries = new Map<string, RunEntry>();
  /** macOS: whether the main app service is registered as a login item. */
  macLoginItem = false;
  private quitting = false;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.resolveReady = resolve));

  constructor(private readonly options: AppDoubleOptions) {
    super();
  }

  makeReady() {
    this.resolveReady();
  }

  whenReady = () => this.ready;
  requestSingleInstanceLock = vi.fn(() => this.options.hasLock ?? true);
  getVersion = () => '0.0.0-test';
  getAppPath = () => this.options.appPath;
  getPath = (name: string) => {
    if (name === 'userData') return this.options.userData;
    if (name === 'downloads') return '/home/admin/Downloads';
    throw new Error(`unexpected getPath(${name})`);
  };

  /**
   * shell/browser/browser.cc, Browser::Quit():
   *   if (is_quitting_) return;
   *   is_quitting_ = HandleBeforeQuit();   // false when a before-quit listener prevented it
   *   if (!is_quitting_) return;
   *   WindowList::CloseAllWindows();       // then NotifyAndShutdown() once all have closed
   * So a prevented before-quit leaves the app not quitting, and the next quit() emits it again.
   */
  quit = vi.fn(() => {
    if (this.quitting || this.exited) return;
    const beforeQuit = preventableEvent();
    this.emit('before-quit', beforeQuit);
    this.quitting = !beforeQuit.defaultPrevented;
    if (!this.quitting) return;
    for (const window of BrowserWindowDouble.open()) {
      // Browser::OnWindowCloseCancelled(): a window that refuses to close cancels the quit.
      if (!window.requestClose()) {
        this.quitting = false;
        return;
      }
    }
    // Browser::NotifyAndShutdown(): a prevented will-quit also cancels it.
    const willQuit = preventableEvent();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.exited = true;
    this.emit('quit', {}, 0);
  });

  // docs/api/app.md `app.exit()`: "All windows will be closed immediately without asking the user,
  // and the before-quit and will-quit events will not be emitted."
  exit = vi.fn(() => {
    this.exited = true;
  });

  // shell/browser/browser_win.cc SetAppUserModelID(): the only platform where it does anything.
  setAppUserModelId = vi.fn((id: string) => {
    if (this.options.platform === 'win32') this.appUserModelId = id;
  });

  /**
   * Per platform, as shell/browser/browser_{linux,mac,win}.cc implement it:
   * - Linux: `void Browser::SetLoginItemSettings(LoginItemSettings settings) {}` — nothing happens.
   * - macOS (SMAppService, type mainAppService): registers the app itself; `args` has nowhere to go.
   * - Windows: writes `path args…` under HKCU\Software\Microsoft\Windows\CurrentVersion\Run, named
   *   after `name` (default: the AppUserModelId), and marks it approved (StartupApproved) unless `enabled: false`.
   */
  setLoginItemSettings = vi.fn((settings: LoginItemSettings) => {
    if (this.options.platform === 'darwin') this.macLoginItem = settings.openAtLogin === true;
    if (this.options.platform !== 'win32') return;
    const name = settings.name ?? this.appUserModelId ?? 'electron.app.Electron';
    if (!settings.openAtLogin) {
      this.runEntries.delete(name);
      return;
    }
    const path = settings.path ?? '/electron/electron.exe';
    this.runEntries.set(name, { command: windowsCommand(path, settings.args ?? []), path, enabled: settings.enabled ?? true });
  });

  /**
   * Linux returns the defaults (openAtLogin false). macOS reports the registration and whether this
   * launch came from it. Windows compares the Run key's value with `path` + `args` (openAtLogin) and,
   * ignoring the args, whether that executable will really start (executableWillLaunchAtLogin).
   */
  getLoginItemSettings = vi.fn((options: { path?: string; args?: string[] } = {}) => {
    const none = {
      openAtLogin: false,
      wasOpenedAtLogin: false,
      executableWillLaunchAtLogin: false,
      status: 'not-registered',
      launchItems: [],
    };
    if (this.options.platform === 'darwin') {
      return {
        ...none,
        openAtLogin: this.macLoginItem,
        status: this.macLoginItem ? 'enabled' : 'not-registered',
        wasOpenedAtLogin: this.options.wasOpenedAtLogin ?? false,
      };
    }
    if (this.options.platform !== 'win32') return none;
    const path = options.path ?? '/electron/electron.exe';
    const command = windowsCommand(path, options.args ?? []);
    const entries = [...this.runEntries.values()];
    return {
      ...none,
      openAtLogin: entries.some((entry) => entry.command === command),
      executableWillLaunchAtLogin: entries.some((entry) => entry.path === path && entry.enabled),
    };
  });

  /** Task Manager › Startup › Disable: the Run value stays, StartupApproved says no. */
  disableInTaskManager(name: string) {
    const entry = this.runEntries.get(name);
    if (entry) entry.enabled = false;
  }
}

// shell/browser/browser_win.cc FormatCommandLineString(): "%ls %ls" of the path and the args joined
// by spaces, neither quoted: an argument holding a space must come quoted by the caller.
function windowsCommand(path: string, args: readonly string[]): string {
  return [path, ...args].join(' ');
}
