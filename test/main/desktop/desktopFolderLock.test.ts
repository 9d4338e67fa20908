// The desktop app and headless mode on one data folder: whichever starts second is refused.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lockFileName } from '../../../src/main/app/dataFolderLock';
import { createElectronDouble } from '../../support/electronDouble';
import { useTempDirs } from '../../support/tempDir';

const current = vi.hoisted(() => ({ electron: undefined as unknown as Record<string, unknown> }));
vi.mock('electron', () => ({ default: new Proxy({}, { get: (_target, key: string) => current.electron[key] }) }));

const holderScript = join(import.meta.dirname, '../../support/dataFolderLockHolder.ts');

async function startDesktop(dir: string) {
  const mainDir = join(dir, 'out', 'main');
  mkdirSync(mainDir, { recursive: true });
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html>');
  const double = createElectronDouble({ userData: join(dir, 'userData') });
  current.electron = double.electron as unknown as Record<string, unknown>;
  const { runDesktopApp } = await import('../../../src/main/desktop/desktopApp');
  const app = runDesktopApp(double.electron as never, { mainDir });
  double.makeReady();
  return { double, ready: app.ready };
}

describe('desktop app and the data folder lock', () => {
  const tempDir = useTempDirs();

  it('refuses to start on a folder headless mode is using, naming its PID', async () => {
    const dir = tempDir();
    const headless = spawn(process.execPath, [holderScript, join(dir, 'userData'), 'headless'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => headless.stdout!.on('data', (chunk: Buffer) => chunk.toString().startsWith('held') && resolve()));
      const { double, ready } = await startDesktop(dir);
      await expect(ready).rejects.toThrow(new RegExp(`headless mode, PID ${headless.pid}`));
      await vi.waitFor(() => expect(double.electron.app.exit).toHaveBeenCalledWith(1));
      expect(double.electron.dialog.showErrorBox).toHaveBeenCalledWith('Outlook Integration Console could not start', expect.stringContaining(`kill ${headless.pid}`));
    } finally {
      headless.kill('SIGKILL');
    }
  });

  it('holds the folder while running and frees it when it quits', async () => {
    const dir = tempDir();
    const { double, ready } = await startDesktop(dir);
    await ready;
    expect(existsSync(join(dir, 'userData', lockFileName))).toBe(true);
    double.electron.app.emit('before-quit', { preventDefault: () => {} });
    await vi.waitFor(() => expect(double.electron.app.quit).toHaveBeenCalled());
    expect(existsSync(join(dir, 'userData', lockFileName))).toBe(false);
  });
});
