// Electron's security checklist, applied to every session and web contents the app creates.
import type { Session, WebContents } from 'electron';
import { isAllowedExternalUrl } from './externalLinks';


/**
 * Deny every permission (camera, notifications, geolocation…): the console needs none. The CSP
 * comes with the page itself (app:// response header and the meta tag in index.html).
 */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
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
