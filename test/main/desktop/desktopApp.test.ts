import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultIntegrationConfig } from '../../../src/shared/contract';
import { ipcInvokeChannel } from '../../../src/shared/ipc';
import { BrowserWindowDouble, createElectronDouble, NotificationDouble, WebContentsDouble } from '../../support/electronDouble';
import { useTempDirs } from '../../support/tempDir';

// electron-store (loaded by the desktop shell) imports `electron` itself: hand it the double too.
const current = vi.hoisted(() => ({ electron: undefined as unknown as Record<string, unknown> }));
vi.mock('electron', () => ({ default: new Proxy({}, { get: (_target, key: string) => current.electron[key] }) }));

async function startApp(options: { hasLock?: boolean; devServerUrl?: string; isPackaged?: boolean; backend?: string; asyncKeyTag?: string; saveTo?: string; dir: string }) {
  const userData = join(options.dir, 'userData');
  const mainDir = join(options.dir, 'out', 'main');
  mkdirSync(mainDir, { recursive: true });
  mkdirSync(join(options.dir, 'out', 'renderer'));
  writeFileSync(join(options.dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(options.dir, 'secret.txt'), 'outside the renderer');
  const double = createElectronDouble({ userData, hasLock: options.hasLock, backend: options.backend, asyncKeyTag: options.asyncKeyTag, saveTo: options.saveTo });
  double.electron.app.isPackaged = options.isPackaged ?? false;
  current.electron = double.electron as unknown as Record<string, unknown>;
  const { runDesktopApp } = await import('../../../src/main/desktop/desktopApp');
  const app = runDesktopApp(double.electron as never, { mainDir, devServerUrl: options.devServerUrl });
  double.makeReady();
  const core = await app.ready;
  return { ...double, core, window: BrowserWindowDouble.created[0] };
}

describe('desktop shell', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('creates the window with Electron’s security options', async () => {
    const { window, core } = await startApp({ dir });
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(String(preferences.preload)).toBe(join(dir, 'out', 'preload', 'index.cjs'));
    expect(window.loadedUrls).toEqual(['app://console/index.html']);
    await core?.shutdown();
  });

  it('allows DevTools only in development (dev server, not packaged)', async () => {
    const dev = await startApp({ dir, devServerUrl: 'http://localhost:5173' });
    expect((dev.window.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    await dev.core?.shutdown();
    const packaged = await startApp({ dir: tempDir(), devServerUrl: 'http://localhost:5173', isPackaged: true });
    expect((packaged.window.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    await packaged.core?.shutdown();
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, core } = await startApp({ dir, hasLock: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(core).toBeUndefined();
    expect(BrowserWindowDouble.created).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const { electron, window, core } = await startApp({ dir });
    electron.app.emit('second-instance');
    expect(window.focus).toHaveBeenCalled();
    await core?.shutdown();
  });

  it('blocks navigation away from the app and opens only allow-listed links in the system browser', async () => {
    const { electron, core } = await startApp({ dir });
    const contents = new WebContentsDouble();
    electron.app.emit('web-contents-created', {}, contents);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('app://console/index.html')).toBe(false);
    expect(navigate('https://attacker.example/phish')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('https://entra.microsoft.com/#view/app')).toBe(true);
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://entra.microsoft.com/#view/app']]);

    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://attacker.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    await core?.shutdown();
  });

  it('denies every new window, opening allow-listed https links externally', async () => {
    const { electron, core } = await startApp({ dir });
    const contents = new WebContentsDouble();
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://attacker.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://learn.microsoft.com/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(contents.windowOpenHandler!({ url: 'https://learn.microsoft.com/graph' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/graph');
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    await core?.shutdown();
  });

  it('denies permission requests and checks by default', async () => {
    const { session, core } = await startApp({ dir });
    const callback = vi.fn();
    session.permissionRequestHandler!({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler!({}, 'notifications')).toBe(false);
    await core?.shutdown();
  });

  it('answers IPC calls only from the console page, validating the payload', async () => {
    const { ipcHandlers, core } = await startApp({ dir });
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    const from = (url: string) => ({ senderFrame: { url } });
    expect(await invoke(from('app://console/index.html'), { channel: 'settings.get' })).toEqual({
      ok: true,
      result: expect.objectContaining({ appearance: { theme: 'system' } }),
    });
    expect(await invoke(from('https://attacker.example/'), { channel: 'settings.get' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(from('app://evil/index.html'), { channel: 'settings.get' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(from('app://console/index.html'), { channel: 'settings.update', input: { appearance: { theme: 7 } } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'appearance.theme' }] },
    });
    expect(await invoke(from('app://console/index.html'), 'not an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await core?.shutdown();
  });

  it('forwards contract events to the window', async () => {
    const { window, core } = await startApp({ dir });
    core!.settings.update({ appearance: { theme: 'dark' } });
    expect(window.webContents.sent).toContainEqual(['console:event', { event: 'settings.changed', payload: expect.objectContaining({ appearance: { theme: 'dark' } }) }]);
    await core?.shutdown();
  });

  it('shows the secret expiry reminder as an Electron notification', async () => {
    const { core } = await startApp({ dir });
    const inFiveDays = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await core!.integration.save({
      config: { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' },
      secret: { value: 'Dk8Q~desktop-notification-secret', expiresOn: inFiveDays },
    });
    expect(NotificationDouble.shown).toEqual([{ title: 'Outlook integration: client secret expires soon', body: expect.stringContaining(inFiveDays) }]);
    expect(JSON.stringify(NotificationDouble.shown)).not.toContain('desktop-notification-secret');
    await core?.shutdown();
  });

  it('serves the renderer over app:// and nothing outside it', async () => {
    const { protocolHandlers, electron, core } = await startApp({ dir });
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    const serve = protocolHandlers.get('app')! as (request: { url: string }) => Promise<Response>;
    const page = await serve({ url: 'app://console/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect((await serve({ url: 'app://console/../../secret.txt' })).status).toBe(404);
    expect((await serve({ url: 'app://console/%2e%2e/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await serve({ url: 'app://other/index.html' })).status).toBe(404);
    await core?.shutdown();
  });

  it('stores settings with electron-store in the data folder', async () => {
    const { core } = await startApp({ dir });
    expect(core!.settings.path).toBe(join(dir, 'userData', 'settings.json'));
    await core?.shutdown();
  });

  it('saves an exported log bundle where the save dialog says', async () => {
    const saveTo = join(dir, 'chosen.zip');
    const { ipcHandlers, electron, core } = await startApp({ dir, saveTo });
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    const today = new Date().toISOString().slice(0, 10);
    const result = await invoke({ senderFrame: { url: 'app://console/index.html' } }, { channel: 'log.exportBundle', input: { from: '2020-01-01', to: today } });
    expect(result).toMatchObject({ ok: true, result: { delivery: { kind: 'saved', path: saveTo } } });
    expect(electron.dialog.showSaveDialog.mock.calls[0][1]).toMatchObject({ defaultPath: expect.stringMatching(/^\/home\/admin\/Downloads\/outlook-console-logs-.*\.zip$/) });
    expect(readFileSync(saveTo).subarray(0, 2).toString()).toBe('PK');
    await core?.shutdown();
  });

  it('warns when the asynchronous safeStorage falls back to its fixed key, whatever the keyring backend says', async () => {
    const { core } = await startApp({ dir, backend: 'gnome_libsecret', asyncKeyTag: 'v10' });
    expect(core!.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('basic_text') }));
    expect(core!.integration.view().vault).toMatchObject({ protection: 'unprotected', backend: 'basic_text' });
    await core?.shutdown();
  });

  it('trusts a keyring-held key even when the synchronous API would have used basic_text', async () => {
    const { core } = await startApp({ dir, backend: 'basic_text', asyncKeyTag: 'v11' });
    expect(core!.notices.filter((notice) => notice.level === 'warning')).toEqual([]);
    expect(core!.integration.view().vault).toMatchObject({ protection: 'osKeyring', backend: 'secret_service' });
    await core?.shutdown();
  });
});
