import type { RunSummary } from '../../shared/contract';

export type TrayIconState = 'idle' | 'running' | 'error';

/** A menu item as Electron's Menu.buildFromTemplate takes it (the subset the tray uses). */
export type TrayMenuItem = {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox';
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
};

/** The parts of Electron's Tray the service uses; a test double stands in for it in tests. */
export type TrayInstance<Image, Menu> = {
  setImage(image: Image): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
};

export type TrayActions = {
  openConsole(): void;
  syncNow(): void;
  setSyncActive(active: boolean): void;
  setStartAtLogin(enabled: boolean): void;
  quit(): void;
};

export type TrayServiceOptions<Image, Menu> = {
  /** After Signal Desktop's SystemTrayService: the seam that lets tests run without a desktop. */
  createTrayInstance(image: Image): TrayInstance<Image, Menu>;
  buildMenu(template: TrayMenuItem[]): Menu;
  icons: Record<TrayIconState, Image>;
  actions: TrayActions;
  formatTime?: (iso: string) => string;
};

export type TrayState = {
  /** The sync job is scheduled (not paused). */
  active: boolean;
  running: RunSummary | null;
  lastRun: RunSummary | null;
  startAtLogin: boolean;
};

const productName = 'Outlook Integration Console';

/** The sync's presence in the system tray: its state in the icon and menu, and the few actions it offers. */
export class TrayService<Image, Menu> {
  private readonly tray: TrayInstance<Image, Menu>;
  private icon: TrayIconState = 'idle';
  private destroyed = false;

  constructor(private readonly options: TrayServiceOptions<Image, Menu>) {
    this.tray = options.createTrayInstance(options.icons.idle);
    this.tray.on('click', () => options.actions.openConsole());
  }

  get iconState(): TrayIconState {
    return this.icon;
  }

  update(state: TrayState): void {
    if (this.destroyed) return;
    const icon = iconFor(state);
    if (icon !== this.icon) {
      this.icon = icon;
      this.tray.setImage(this.options.icons[icon]);
    }
    const status = this.describe(state);
    this.tray.setToolTip(`${productName} — ${status}`);
    this.tray.setContextMenu(this.options.buildMenu(this.menu(state, status)));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.tray.destroy();
  }

  /** The sync's state in words, as the menu and tooltip show it. */
  describe(state: TrayState): string {
    if (state.running) {
      return state.running.usersTotal > 0 ? `Syncing: ${state.running.usersDone} of ${state.running.usersTotal} users done` : 'Syncing…';
    }
    const paused = state.active ? '' : 'Sync paused. ';
    const last = state.lastRun;
    if (!last?.finishedAt) return `${paused}No sync has run yet`;
    const when = (this.options.formatTime ?? defaultTime)(last.finishedAt);
    const words: Record<RunSummary['status'], string> = {
      running: 'running',
      success: 'succeeded',
      partial: 'finished with errors',
      failed: 'failed',
      skipped: 'was skipped',
      interrupted: 'was interrupted',
    };
    // A run with nobody to sync is recorded as skipped: say that, not "sync was skipped".
    if (last.status === 'skipped') return `${paused}Nothing to sync at ${when}`;
    return `${paused}Last sync ${words[last.status]} at ${when}`;
  }

  private menu(state: TrayState, status: string): TrayMenuItem[] {
    const { actions } = this.options;
    return [
      { label: 'Open console', click: () => actions.openConsole() },
      { label: 'Sync now', enabled: !state.running, click: () => actions.syncNow() },
      state.active
        ? { label: 'Pause sync', click: () => actions.setSyncActive(false) }
        : { label: 'Resume sync', click: () => actions.setSyncActive(true) },
      { type: 'separator' },
      { label: status, enabled: false },
      { type: 'separator' },
      {
        label: 'Start at login (in the tray)',
        type: 'checkbox',
        checked: state.startAtLogin,
        click: () => actions.setStartAtLogin(!state.startAtLogin),
      },
      { type: 'separator' },
      { label: 'Quit', click: () => actions.quit() },
    ];
  }
}

function iconFor(state: TrayState): TrayIconState {
  if (state.running) return 'running';
  return state.lastRun?.status === 'failed' || state.lastRun?.status === 'partial' ? 'error' : 'idle';
}

function defaultTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
