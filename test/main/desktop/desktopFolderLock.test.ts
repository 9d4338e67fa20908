// The desktop app and headless mode on one data folder: whichever starts second is refused.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { lockFileName } from '../../../src/main/app/dataFolderLock';
import { startDesktopShell } from '../../support/desktopShell';
import type { createElectronDouble } from '../../support/electronDouble';

type ElectronDouble = ReturnType<typeof createElectronDouble>;
import { useTempDirs } from '../../support/tempDir';

vi.mock('electron', async () => (await import('../../support/desktopShell')).electronModule);

const holderScript = join(import.meta.dirname, '../../support/dataFolderLockHolder.ts');

describe('desktop app and the data folder lock', () => {
  const tempDir = useTempDirs();

  it('refuses to start on a folder headless mode is using, naming its PID', async () => {
    const dir = tempDir();
    const headless = spawn(process.execPath, [holderScript, join(dir, 'userData'), 'headless'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) =>
        headless.stdout!.on('data', (chunk: Buffer) => chunk.toString().startsWith('held') && resolve()),
      );
      let double: ElectronDouble | undefined;
      await expect(startDesktopShell(dir, { beforeStart: (started) => (double = started) })).rejects.toThrow(
        new RegExp(`headless mode, PID ${headless.pid}`),
      );
      await vi.waitFor(() => expect(double!.app.exited).toBe(true));
      expect(double!.electron.dialog.showErrorBox).toHaveBeenCalledWith(
        'Outlook Integration Console could not start',
        expect.stringContaining(`kill ${headless.pid}`),
      );
    } finally {
      headless.kill('SIGKILL');
    }
  });

  it('holds the folder while running and frees it when it quits', async () => {
    const dir = tempDir();
    const shell = await startDesktopShell(dir);
    expect(existsSync(join(dir, 'userData', lockFileName))).toBe(true);
    shell.app.quit();
    await vi.waitFor(() => expect(shell.app.exited).toBe(true));
    expect(existsSync(join(dir, 'userData', lockFileName))).toBe(false);
  });
});
