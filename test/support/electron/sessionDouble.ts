// Electron's session permission handlers, enforced the way Chromium asks them. Each rule names the
// Electron source or document it copies.
type CheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: { requestingUrl?: string; isMainFrame: boolean },
) => boolean;
type RequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;

export type PermissionAsker = { frameUrl: string; isMainFrame?: boolean };

export class SessionDouble {
  permissionCheckHandler: CheckHandler | null = null;
  permissionRequestHandler: RequestHandler | null = null;

  setPermissionCheckHandler(handler: CheckHandler | null) {
    this.permissionCheckHandler = handler;
  }

  setPermissionRequestHandler(handler: RequestHandler | null) {
    this.permissionRequestHandler = handler;
  }

  /**
   * shell/browser/electron_permission_manager.cc CheckPermissionWithDetails(): without a handler
   * everything passes (but deprecated-sync-clipboard-read); the handler gets the frame's origin as a
   * URL spec (`app://console/`) and `details.requestingUrl` / `isMainFrame`.
   */
  checkPermission(permission: string, asker: PermissionAsker): boolean {
    if (!this.permissionCheckHandler) return permission !== 'deprecated-sync-clipboard-read';
    return this.permissionCheckHandler({}, permission, originSpec(asker.frameUrl), {
      requestingUrl: asker.frameUrl,
      isMainFrame: asker.isMainFrame ?? true,
    });
  }

  /** electron_permission_manager.cc RequestPermissionsWithDetails(): no handler means granted. */
  requestPermission(permission: string, asker: PermissionAsker): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) =>
      handler({}, permission, resolve, { requestingUrl: asker.frameUrl, isMainFrame: asker.isMainFrame ?? true }),
    );
  }

  /**
   * `navigator.clipboard.writeText()` from a page. docs/api/session.md: "Most web APIs do a
   * permission check and then make a permission request if the check is denied"; the Clipboard API
   * asks for `clipboard-sanitized-write` (electron/electron#37158) and rejects with "Write permission
   * denied." when refused.
   */
  async clipboardWriteText(asker: PermissionAsker): Promise<'written' | 'Write permission denied.'> {
    if (this.checkPermission('clipboard-sanitized-write', asker)) return 'written';
    return (await this.requestPermission('clipboard-sanitized-write', asker)) ? 'written' : 'Write permission denied.';
  }
}

/** A frame's origin as Chromium serialises a GURL made from it: scheme, host, port, then "/". */
function originSpec(frameUrl: string): string {
  const url = new URL(frameUrl);
  return `${url.protocol}//${url.host}/`;
}
