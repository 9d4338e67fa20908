// Electron's security checklist, applied to every session and web contents the app creates.
import type { Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from './externalLinks';

/**
 * Every permission is denied (camera, notifications, geolocation…) but one: the console's own page
 * may write to the clipboard, which its Copy buttons do with navigator.clipboard.writeText and which
 * Chromium asks for as `clipboard-sanitized-write`. Electron asks the check handler first and the
 * request handler when the check says no, so both give the same answer. The CSP comes with the page
 * itself (app:// response header and the meta tag in index.html).
 */
export function hardenSession(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
  options: { isConsoleOrigin: (url: string) => boolean },
): void {
  const allowed = (permission: string, url: string, isMainFrame: boolean) =>
    permission === 'clipboard-sanitized-write' && isMainFrame && options.isConsoleOrigin(url);
  session.setPermissionRequestHandler((_webContents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl, details.isMainFrame)),
  );
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    allowed(permission, requestingOrigin, details.isMainFrame),
  );
}

/**
 * Keeps the window on the console: navigation elsewhere is cancelled (an allow-listed Microsoft
 * page opens in the system browser instead), new windows are always denied, webviews never attach.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  options: { isAppUrl: (url: string) => boolean; openInBrowser: (url: string) => Promise<void> },
): void {
  const leaveApp = (event: { preventDefault(): void }, url: string) => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) void options.openInBrowser(url);
  };
  contents.on('will-navigate', leaveApp);
  contents.on('will-redirect', leaveApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void options.openInBrowser(url);
    return { action: 'deny' };
  });
}
