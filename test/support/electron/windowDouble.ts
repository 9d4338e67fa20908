// BrowserWindow and WebContents as Electron 45 behaves, where the desktop shell depends on it.
// Each rule names the Electron source or document it copies (paths in electron/electron).
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { Platform } from './platform';

/** A stand-in for web contents that records the handlers the app installs, so tests can fire them. */
export class WebContentsDouble extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly sent: unknown[][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return this.destroyed;
  }
}

/** An event whose default the listener may prevent, as Electron hands to `close`, `before-quit`… */
export function preventableEvent() {
  const event = {
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class BrowserWindowDouble extends EventEmitter {
  static created: BrowserWindowDouble[] = [];
  /** The platform every window made from now on behaves like (set by createElectronDouble). */
  static platform: Platform = 'linux';
  readonly webContents = new WebContentsDouble();
  readonly loadedUrls: string[] = [];
  readonly platform = BrowserWindowDouble.platform;
  visible = false;
  focused = false;
  minimized = false;
  fullScreen = false;
  destroyed = false;
  /** Set when the window was hidden while in macOS full screen: the user is left on a black Space. */
  hiddenInFullScreen = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    // BrowserWindowConstructorOptions.show defaults to true.
    this.visible = options.show !== false;
    BrowserWindowDouble.created.push(this);
  }

  static open(): BrowserWindowDouble[] {
    return BrowserWindowDouble.created.filter((window) => !window.destroyed);
  }

  async loadURL(url: string) {
    this.loadedUrls.push(url);
  }

  // docs/api/browser-window.md `win.show()`: "Shows and gives focus to the window."
  show = vi.fn(() => {
    this.visible = true;
    this.focused = true;
    this.emit('show');
  });

  hide = vi.fn(() => {
    // macOS keeps a full-screen window on its own Space; hiding it there leaves that Space black
    // (electron/electron#20263, still open for Electron 25+ as #39572). Leaving full screen first avoids it.
    if (this.platform === 'darwin' && this.fullScreen) this.hiddenInFullScreen = true;
    this.visible = false;
    this.focused = false;
    this.emit('hide');
  });

  // shell/browser/native_window_views.cc and native_window_mac.mm, NativeWindow*::Focus():
  // "For hidden window focus() should do nothing." (if (!IsVisible()) return;)
  focus = vi.fn(() => {
    if (!this.visible) return;
    this.focused = true;
  });

  restore = vi.fn(() => {
    this.minimized = false;
  });

  minimize() {
    this.minimized = true;
    this.focused = false;
  }

  isMinimized = () => this.minimized;
  isVisible = () => this.visible;
  isFocused = () => this.focused;
  isFullScreen = () => this.fullScreen;
  isDestroyed = () => this.destroyed;

  // docs/api/browser-window.md: `leave-full-screen` is "Emitted when the window leaves a
  // full-screen state". On macOS the transition is animated, so it arrives later, not during the call.
  setFullScreen = vi.fn((flag: boolean) => {
    if (flag === this.fullScreen) return;
    const settle = () => {
      this.fullScreen = flag;
      this.emit(flag ? 'enter-full-screen' : 'leave-full-screen');
    };
    if (this.platform === 'darwin') setTimeout(settle, 5);
    else settle();
  });

  /** Fires `close` as the window manager would; true when the app let the window close. */
  requestClose(): boolean {
    if (this.destroyed) return true;
    const event = preventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
    return true;
  }
}
