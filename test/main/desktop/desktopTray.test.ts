import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { NotificationDouble, type NativeImageDouble } from '../../support/electronDouble';
import { withDesktopShell } from '../../support/desktopShell';
import { useTempDirs } from '../../support/tempDir';

vi.mock('electron', async () => (await import('../../support/desktopShell')).electronModule);

const imagePath = (image: unknown) => (image as NativeImageDouble).path;

describe('desktop tray', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('shows the sync in the tray and runs it from the menu, updating the status', async () => {
    await withDesktopShell(dir, {}, async ({ tray, core, window, appPath }) => {
      const icons = join(appPath, 'resources', 'tray');
      expect(imagePath(tray.image)).toBe(join(icons, 'idle.png'));
      expect(tray.menu!.labels()).toEqual([
        'Open console',
        'Sync now',
        'Pause sync',
        'No sync has run yet',
        'Start at login (in the tray)',
        'Quit',
      ]);
      tray.menu!.click('Sync now');
      await vi.waitFor(() => expect(tray.menu!.labels()[3]).toMatch(/^Nothing to sync at /));
      expect(tray.images.map(imagePath)).toContain(join(icons, 'running.png'));
      expect(imagePath(tray.image)).toBe(join(icons, 'idle.png'));
      expect(tray.toolTip).toMatch(/^Outlook Integration Console — Nothing to sync at/);

      tray.menu!.click('Pause sync');
      expect(core!.jobs.summary(calendarSyncJobId).active).toBe(false);
      expect(tray.menu!.labels()).toContain('Resume sync');
      tray.menu!.click('Resume sync');
      expect(core!.jobs.summary(calendarSyncJobId).active).toBe(true);

      window.hide();
      tray.menu!.click('Open console');
      expect(window.isVisible()).toBe(true);
      expect(window.isFocused()).toBe(true);
    });
  });

  it('uses template images on macOS, so the menu bar tints them for light and dark', async () => {
    await withDesktopShell(dir, { platform: 'darwin' }, async ({ tray }) => {
      expect((tray.image as NativeImageDouble).isTemplateImage()).toBe(true);
      expect(imagePath(tray.image)).toMatch(/idleTemplate\.png$/);
    });
  });

  it('uses the coloured icons on Windows and Linux', async () => {
    await withDesktopShell(dir, { platform: 'win32' }, async ({ tray }) => {
      expect((tray.image as NativeImageDouble).isTemplateImage()).toBe(false);
    });
  });

  it('hides the window to the tray on close, with a notice shown only once', async () => {
    await withDesktopShell(dir, {}, async ({ window, core }) => {
      window.emit('ready-to-show');
      expect(window.requestClose()).toBe(false);
      expect(window.isVisible()).toBe(false);
      expect(NotificationDouble.shown).toEqual([
        expect.objectContaining({
          title: 'Outlook Integration Console is still running',
          body: expect.stringContaining('keeps running in the tray'),
        }),
      ]);
      expect(window.requestClose()).toBe(false);
      expect(NotificationDouble.shown).toHaveLength(1);
      expect(core!.settings.get().desktop.trayNoticeShown).toBe(true);
    });
  });

  it('on macOS leaves full screen before hiding, instead of leaving a black Space', async () => {
    await withDesktopShell(dir, { platform: 'darwin' }, async ({ window }) => {
      window.emit('ready-to-show');
      window.setFullScreen(true);
      await vi.waitFor(() => expect(window.isFullScreen()).toBe(true));
      expect(window.requestClose()).toBe(false);
      await vi.waitFor(() => expect(window.isVisible()).toBe(false));
      expect(window.isFullScreen()).toBe(false);
      expect(window.hiddenInFullScreen).toBe(false);
    });
  });

  it('stays in the tray when started at login with --hidden, and checks for missed runs at wake', async () => {
    await withDesktopShell(dir, { argv: ['/opt/console/app', '--hidden'] }, async ({ window, powerMonitor, core }) => {
      window.emit('ready-to-show');
      expect(window.isVisible()).toBe(false);
      const check = vi.spyOn(core!.jobs, 'checkMissedRuns');
      powerMonitor.emit('resume');
      expect(check).toHaveBeenCalledWith('wake');
    });
  });

  it('stays in the tray when macOS opened it at login (the login item passes no arguments)', async () => {
    await withDesktopShell(dir, { platform: 'darwin', wasOpenedAtLogin: true }, async ({ window }) => {
      window.emit('ready-to-show');
      expect(window.isVisible()).toBe(false);
    });
  });

  it('shows the window at a normal start', async () => {
    await withDesktopShell(dir, { platform: 'darwin' }, async ({ window }) => {
      window.emit('ready-to-show');
      expect(window.isVisible()).toBe(true);
    });
  });
});
