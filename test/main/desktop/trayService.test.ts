import { describe, expect, it, vi } from 'vitest';
import type { RunSummary } from '../../../src/shared/contract';
import { TrayService, type TrayState } from '../../../src/main/desktop/trayService';
import { MenuDouble, TrayDouble } from '../../support/electronDouble';

function run(status: RunSummary['status'], extra: Partial<RunSummary> = {}): RunSummary {
  return {
    id: 'r1',
    jobId: 'outlookCalendarSync',
    trigger: 'schedule',
    status,
    startedAt: '2026-11-26T12:10:00.000Z',
    finishedAt: status === 'running' ? null : '2026-11-26T12:10:04.000Z',
    durationMs: status === 'running' ? null : 4000,
    summary: '',
    usersDone: 0,
    usersTotal: 0,
    errorCount: 0,
    ...extra,
  };
}

function createTray() {
  TrayDouble.created = [];
  const actions = { openConsole: vi.fn(), syncNow: vi.fn(), setSyncActive: vi.fn(), setStartAtLogin: vi.fn(), quit: vi.fn() };
  const service = new TrayService<string, MenuDouble>({
    createTrayInstance: (image) => new TrayDouble(image) as never,
    buildMenu: (template) => new MenuDouble(template),
    icons: { idle: 'idle.png', running: 'running.png', error: 'error.png' },
    actions,
    formatTime: (iso) => iso.slice(11, 16),
  });
  const tray = TrayDouble.created[0];
  const state = (change: Partial<TrayState>) =>
    service.update({ active: true, running: null, lastRun: null, startAtLogin: false, ...change });
  return { service, tray, actions, state };
}

describe('TrayService', () => {
  it('offers Open console, Sync now, Pause sync, the last run in words, Start at login and Quit', () => {
    const { tray, actions, state } = createTray();
    state({});
    expect(tray.menu!.labels()).toEqual([
      'Open console',
      'Sync now',
      'Pause sync',
      'No sync has run yet',
      'Start at login (in the tray)',
      'Quit',
    ]);
    expect(tray.menu!.item('No sync has run yet').enabled).toBe(false);
    expect(tray.toolTip).toBe('Outlook Integration Console — No sync has run yet');
    for (const label of ['Open console', 'Sync now', 'Pause sync', 'Start at login (in the tray)', 'Quit']) tray.menu!.click(label);
    expect(actions.openConsole).toHaveBeenCalledOnce();
    expect(actions.syncNow).toHaveBeenCalledOnce();
    expect(actions.setSyncActive).toHaveBeenCalledWith(false);
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(actions.quit).toHaveBeenCalledOnce();
    tray.emit('click');
    expect(actions.openConsole).toHaveBeenCalledTimes(2);
  });

  it('shows idle, running and error in the icon and the status in words', () => {
    const { service, tray, state } = createTray();
    expect(tray.image).toBe('idle.png');
    state({ running: run('running', { usersDone: 2, usersTotal: 5 }) });
    expect(service.iconState).toBe('running');
    expect(tray.image).toBe('running.png');
    expect(tray.menu!.labels()).toContain('Syncing: 2 of 5 users done');
    expect(tray.menu!.item('Sync now').enabled).toBe(false);

    state({ lastRun: run('failed') });
    expect(tray.image).toBe('error.png');
    expect(tray.menu!.labels()).toContain('Last sync failed at 12:10');
    state({ lastRun: run('partial') });
    expect(tray.menu!.labels()).toContain('Last sync finished with errors at 12:10');
    expect(tray.image).toBe('error.png');
    state({ lastRun: run('success') });
    expect(tray.image).toBe('idle.png');
    expect(tray.toolTip).toBe('Outlook Integration Console — Last sync succeeded at 12:10');
    // The image is only replaced when the state changes.
    expect(tray.images).toEqual(['idle.png', 'running.png', 'error.png', 'idle.png']);
  });

  it('offers Resume sync while paused and shows the start-at-login choice checked', () => {
    const { tray, actions, state } = createTray();
    state({ active: false, startAtLogin: true, lastRun: run('interrupted') });
    expect(tray.menu!.labels()).toEqual([
      'Open console',
      'Sync now',
      'Resume sync',
      'Sync paused. Last sync was interrupted at 12:10',
      'Start at login (in the tray)',
      'Quit',
    ]);
    expect(tray.menu!.item('Start at login (in the tray)')).toMatchObject({ type: 'checkbox', checked: true });
    tray.menu!.click('Resume sync');
    tray.menu!.click('Start at login (in the tray)');
    expect(actions.setSyncActive).toHaveBeenCalledWith(true);
    expect(actions.setStartAtLogin).toHaveBeenCalledWith(false);
  });

  it('destroys its tray once and ignores updates afterwards', () => {
    const { service, tray, state } = createTray();
    service.destroy();
    service.destroy();
    expect(tray.destroyed).toBe(true);
    state({ running: run('running') });
    expect(tray.images).toEqual(['idle.png']);
  });
});
