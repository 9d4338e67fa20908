// Showing and hiding the console window the way each platform needs it. Takes the window as an
// argument, so the tray, a second launch and the macOS Dock all do the same thing.
import type { BrowserWindow } from 'electron';

/** Brings the console to the front, also from the tray or after a start at login. */
export function showConsoleWindow(window: Pick<BrowserWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  // Electron's focus() does nothing on a hidden window (NativeWindow*::Focus): show it first.
  window.show();
  window.focus();
}

/**
 * Hides the console, leaving the sync running in the tray. macOS keeps a full-screen window on a
 * Space of its own and hiding it there leaves that Space black, so it leaves full screen first.
 */
export function hideConsoleWindow(
  window: Pick<BrowserWindow, 'hide' | 'isFullScreen' | 'setFullScreen' | 'once'>,
  platform: NodeJS.Platform,
): void {
  if (platform === 'darwin' && window.isFullScreen()) {
    window.once('leave-full-screen', () => window.hide());
    window.setFullScreen(false);
    return;
  }
  window.hide();
}
