// Starts the desktop shell (runDesktopApp) against the Electron double, in a temporary folder laid
// out like the project: <dir>/app/out/renderer, <dir>/userData, <dir>/home. Test files mock
// `electron` with electronModule below (electron-store imports it itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserWindowDouble, createElectronDouble, TrayDouble, type ElectronDoubleOptions } from './electronDouble';

const installed = { electron: undefined as unknown as Record<string, unknown> };

/** For `vi.mock('electron', …)`: whatever double the last startDesktopShell() made. */
export const electronModule = { default: new Proxy({}, { get: (_target, key: string) => installed.electron[key] }) };

export type DesktopShellOptions = Omit<ElectronDoubleOptions, 'userData' | 'appPath'> & {
  devServerUrl?: string;
  isPackaged?: boolean;
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** Runs on the double before the app starts: the OS state a test starts from. */
  beforeStart?: (double: ReturnType<typeof createElectronDouble>) => void;
};

export async function startDesktopShell(dir: string, options: DesktopShellOptions = {}) {
  const appPath = join(dir, 'app');
  const home = join(dir, 'home');
  mkdirSync(join(appPath, 'out', 'renderer'), { recursive: true });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  const double = createElectronDouble({ ...options, userData: join(dir, 'userData'), appPath });
  double.app.isPackaged = options.isPackaged ?? false;
  installed.electron = double.electron as unknown as Record<string, unknown>;
  options.beforeStart?.(double);
  const { runDesktopApp } = await import('../../src/main/desktop/desktopApp');
  const shell = runDesktopApp(double.electron as never, {
    devServerUrl: options.devServerUrl,
    argv: options.argv ?? [],
    platform: options.platform ?? 'linux',
    resourcesPath: join(dir, 'resources'),
    execPath: '/opt/Outlook Integration Console/outlook-integration-console',
    env: options.env ?? {},
    homeDir: home,
  });
  double.makeReady();
  const core = await shell.ready;
  return { ...double, core, appPath, home, window: BrowserWindowDouble.created[0], tray: TrayDouble.created[0] };
}

export type DesktopShell = Awaited<ReturnType<typeof startDesktopShell>>;

/** Runs `test` against a started shell, then shuts its core down, pass or fail. */
export async function withDesktopShell(
  dir: string,
  options: DesktopShellOptions,
  test: (shell: DesktopShell) => Promise<void> | void,
): Promise<void> {
  const shell = await startDesktopShell(dir, options);
  try {
    await test(shell);
  } finally {
    await shell.core?.shutdown();
  }
}
