import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { calendarSyncJobId } from '../../../src/main/jobs/calendarSyncJob';
import { BrowserWindowDouble, createElectronDouble, NotificationDouble, TrayDouble } from '../../support/electronDouble';
import { useTempDirs } from '../../support/tempDir';

const current = vi.hoisted(() => ({ electron: undefined as unknown as Record<string, unknown> }));
vi.mock('electron', () => ({ default: new Proxy({}, { get: (_target, key: string) => current.electron[key] }) }));

async function startApp(dir: string, argv: string[] = []) {
  const mainDir = join(dir, 'out', 'main');
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true });
  mkdirSync(mainDir, { recursive: true });
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>console</title>');
  const double = createElectronDouble({ userData: join(dir, 'userData') });
  current.electron = double.electron as unknown as Record<string, unknown>;
  const { runDesktopApp } = await import('../../../src/main/desktop/desktopApp');
  const app = runDesktopApp(double.electron as never, { mainDir, argv, trayIconsDir: '/icons' });
  double.makeReady();
  const core = (await app.ready)!;
  return { ...double, core, window: BrowserWindowDouble.created[0], tray: TrayDouble.created[0] };
}

describe('desktop tray', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('shows the sync in the tray and runs it from the menu, updating the status', async () => {
    const { tray, core, window } = await startApp(dir);
    try {
      expect(tray.image).toEqual({ path: join('/icons', 'idle.png') });
      expect(tray.menu!.labels()).toEqual(['Open console', 'Sync now', 'Pause sync', 'No sync has run yet', 'Start at login (in the tray)', 'Quit']);
      tray.menu!.click('Sync now');
      await vi.waitFor(() => expect(tray.menu!.labels()[3]).toMatch(/^Nothing to sync at /));
      expect(tray.images).toContainEqual({ path: join('/icons', 'running.png') });
      expect(tray.image).toEqual({ path: join('/icons', 'idle.png') });
      expect(tray.toolTip).toMatch(/^Outlook Integration Console — Nothing to sync at/);

      tray.menu!.click('Pause sync');
      expect(core.jobs.summary(calendarSyncJobId).active).toBe(false);
      expect(tray.menu!.labels()).toContain('Resume sync');
      tray.menu!.click('Resume sync');
      expect(core.jobs.summary(calendarSyncJobId).active).toBe(true);

      window.show.mockClear();
      tray.menu!.click('Open console');
      expect(window.show).toHaveBeenCalled();
      expect(window.focus).toHaveBeenCalled();
    } finally {
      await core.shutdown();
    }
  });

  it('hides the window to the tray on close, with a notice shown only once', async () => {
    const { window, core } = await startApp(dir);
    try {
      expect(window.requestClose()).toBe(false);
      expect(window.hide).toHaveBeenCalledOnce();
      expect(NotificationDouble.shown).toEqual([expect.objectContaining({ title: 'Outlook Integration Console is still running', body: expect.stringContaining('keeps running in the tray') })]);
      expect(window.requestClose()).toBe(false);
      expect(NotificationDouble.shown).toHaveLength(1);
      expect(core.settings.get().desktop.trayNoticeShown).toBe(true);
    } finally {
      await core.shutdown();
    }
  });

  it('quits from the tray after shutting the core down, letting the window close', async () => {
    const { electron, window, tray, core } = await startApp(dir);
    const shutdown = vi.spyOn(core, 'shutdown');
    tray.menu!.click('Quit');
    expect(electron.app.quit).toHaveBeenCalledOnce();
    const event = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(shutdown).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(2));
    expect(tray.destroyed).toBe(true);
    const again = { preventDefault: vi.fn() };
    electron.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(window.requestClose()).toBe(true);
  });

  it('turns start at login on and off, kept in settings.json', async () => {
    const { electron, tray, core } = await startApp(dir);
    try {
      tray.menu!.click('Start at login (in the tray)');
      expect(electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
      expect(core.settings.get().desktop.startAtLogin).toBe(true);
      expect(tray.menu!.item('Start at login (in the tray)').checked).toBe(true);
      tray.menu!.click('Start at login (in the tray)');
      expect(electron.app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: false, args: ['--hidden'] });
      expect(core.settings.get().desktop.startAtLogin).toBe(false);
    } finally {
      await core.shutdown();
    }
  });

  it('stays in the tray when started at login, and checks for missed runs at wake', async () => {
    const { window, electron, core } = await startApp(dir, ['electron', '.', '--hidden']);
    try {
      window.emit('ready-to-show');
      expect(window.show).not.toHaveBeenCalled();
      const check = vi.spyOn(core.jobs, 'checkMissedRuns');
      electron.powerMonitor.emit('resume');
      expect(check).toHaveBeenCalledWith('wake');
    } finally {
      await core.shutdown();
    }
  });
});
