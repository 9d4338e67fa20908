// Electron's security checklist, applied to every session and web contents the app creates.
import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from './contentSecurityPolicy';
import { isAllowedExternalUrl } from './externalLinks';

export type OpenExternal = (url: string) => Promise<void>;

/** Deny every permission (camera, notifications, geolocation…): the console needs none. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The CSP also reaches pages served by the dev server, which the app protocol does not serve.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    });
  });
}

/**
 * Keeps the window on the console: navigation elsewhere is cancelled (an allow-listed Microsoft
 * page opens in the system browser instead), new windows are always denied, webviews never attach.
 */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  options: { isAppUrl: (url: string) => boolean; openExternal: OpenExternal },
): void {
  const leaveApp = (event: { preventDefault(): void }, url: string) => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) void options.openExternal(url);
  };
  contents.on('will-navigate', leaveApp);
  contents.on('will-redirect', leaveApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void options.openExternal(url);
    return { action: 'deny' };
  });
}
