import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopAppId } from '../../../src/main/desktop/appIdentity';
import { defaultIntegrationConfig, type LogEntry } from '../../../src/shared/contract';
import { ipcInvokeChannel } from '../../../src/shared/ipc';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import { BrowserWindowDouble, NotificationDouble, WebContentsDouble } from '../../support/electronDouble';
import { startDesktopShell } from '../../support/desktopShell';
import { useTempDirs } from '../../support/tempDir';

vi.mock('electron', async () => (await import('../../support/desktopShell')).electronModule);

const fromConsole = { senderFrame: { url: 'app://console/index.html' } };

describe('desktop shell', () => {
  const tempDir = useTempDirs();
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it('creates the window with Electron’s security options, its files found through app.getAppPath()', async () => {
    const { window, core, appPath } = await startDesktopShell(dir);
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
    expect(String(preferences.preload)).toBe(join(appPath, 'out', 'preload', 'index.cjs'));
    expect(window.loadedUrls).toEqual(['app://console/index.html']);
    await core?.shutdown();
  });

  it('allows DevTools only in development (dev server, not packaged)', async () => {
    const dev = await startDesktopShell(dir, { devServerUrl: 'http://localhost:5173' });
    expect((dev.window.options.webPreferences as Record<string, unknown>).devTools).toBe(true);
    expect(dev.window.loadedUrls).toEqual(['http://localhost:5173']);
    await dev.core?.shutdown();
  });

  it('ignores ELECTRON_RENDERER_URL once packaged: the page and the trusted IPC sender stay app://console', async () => {
    const { window, ipcHandlers, core } = await startDesktopShell(dir, { devServerUrl: 'http://localhost:5173', isPackaged: true });
    expect((window.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(window.loadedUrls).toEqual(['app://console/index.html']);
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    expect(await invoke({ senderFrame: { url: 'http://localhost:5173/' } }, { channel: 'settings.get' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await invoke(fromConsole, { channel: 'settings.get' })).toMatchObject({ ok: true });
    await core?.shutdown();
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, core } = await startDesktopShell(dir, { hasLock: false });
    expect(electron.app.quit).toHaveBeenCalled();
    expect(core).toBeUndefined();
    expect(BrowserWindowDouble.created).toHaveLength(0);
  });

  it('blocks navigation away from the app and opens only allow-listed links in the system browser', async () => {
    const { electron, core } = await startDesktopShell(dir);
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
    const { electron, core } = await startDesktopShell(dir);
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

  it('opens an event’s Teams join link (the Calendar page’s Join link) in the system browser, and nothing else on Teams', async () => {
    const { electron, core } = await startDesktopShell(dir);
    const contents = new WebContentsDouble();
    electron.app.emit('web-contents-created', {}, contents);
    const joinUrl = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzQ1%40thread.v2/0';
    expect(contents.windowOpenHandler!({ url: joinUrl })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://teams.microsoft.com/_#/conversations' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://teams.microsoft.com/l/meetup-join/x' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalled());
    expect(electron.shell.openExternal.mock.calls).toEqual([[joinUrl]]);
    await core?.shutdown();
  });

  it('lets the console page write to the clipboard (its Copy buttons) and grants nothing else to anyone', async () => {
    const { session, core } = await startDesktopShell(dir);
    expect(await session.clipboardWriteText({ frameUrl: 'app://console/index.html' })).toBe('written');
    expect(await session.clipboardWriteText({ frameUrl: 'app://console/index.html#/integration' })).toBe('written');
    expect(await session.clipboardWriteText({ frameUrl: 'https://attacker.example/' })).toBe('Write permission denied.');
    expect(await session.clipboardWriteText({ frameUrl: 'app://evil/index.html' })).toBe('Write permission denied.');
    expect(await session.clipboardWriteText({ frameUrl: 'app://console/index.html', isMainFrame: false })).toBe('Write permission denied.');
    for (const permission of ['clipboard-read', 'notifications', 'media', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(session.checkPermission(permission, { frameUrl: 'app://console/index.html' }), permission).toBe(false);
      expect(await session.requestPermission(permission, { frameUrl: 'app://console/index.html' }), permission).toBe(false);
    }
    await core?.shutdown();
  });

  it('answers IPC calls only from the console page, validating the payload', async () => {
    const { ipcHandlers, core } = await startDesktopShell(dir);
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    const from = (url: string) => ({ senderFrame: { url } });
    expect(await invoke(fromConsole, { channel: 'settings.get' })).toEqual({
      ok: true,
      result: expect.objectContaining({ appearance: { theme: 'system' } }),
    });
    expect(await invoke(from('https://attacker.example/'), { channel: 'settings.get' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await invoke(from('app://evil/index.html'), { channel: 'settings.get' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await invoke(fromConsole, { channel: 'settings.update', input: { appearance: { theme: 7 } } })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ field: 'appearance.theme' }] },
    });
    expect(await invoke(fromConsole, 'not an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await core?.shutdown();
  });

  it('forwards contract events to the window', async () => {
    const { window, core } = await startDesktopShell(dir);
    core!.settings.update({ appearance: { theme: 'dark' } });
    expect(window.webContents.sent).toContainEqual([
      'console:event',
      { event: 'settings.changed', payload: expect.objectContaining({ appearance: { theme: 'dark' } }) },
    ]);
    await core?.shutdown();
  });

  it('forwards log entries to the window in batches, in order', async () => {
    const { window, core } = await startDesktopShell(dir);
    const log = core!.logs.logger('desktop-test');
    for (let index = 0; index < 3; index += 1) log.info(`streamed ${index}`);
    await core!.logs.flushed();
    const batches = window.webContents.sent
      .filter(([channel, envelope]) => channel === 'console:event' && (envelope as { event: string }).event === 'log.entries')
      .map(([, envelope]) =>
        (envelope as { payload: { entries: LogEntry[] } }).payload.entries.filter((entry) => entry.source === 'desktop-test'),
      )
      .filter((entries) => entries.length > 0);
    expect(batches.map((entries) => entries.map((entry) => entry.message))).toEqual([['streamed 0', 'streamed 1', 'streamed 2']]);
    await core?.shutdown();
  });

  it('shows the secret expiry reminder as an Electron notification', async () => {
    const { core } = await startDesktopShell(dir);
    const inFiveDays = new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await core!.integration.save({
      config: { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' },
      secret: { value: 'Dk8Q~desktop-notification-secret', expiresOn: inFiveDays },
    });
    expect(NotificationDouble.shown).toEqual([
      { title: 'Outlook integration: client secret expires soon', body: expect.stringContaining(inFiveDays) },
    ]);
    expect(JSON.stringify(NotificationDouble.shown)).not.toContain('desktop-notification-secret');
    await core?.shutdown();
  });

  it('opens the Integration page when the secret expiry reminder is clicked', async () => {
    const { core, window } = await startDesktopShell(dir);
    window.hide();
    await core!.integration.save({
      config: { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' },
      secret: { value: 'Dk8Q~desktop-notification-secret', expiresOn: new Date(Date.now() + 5 * 24 * 3600_000).toISOString().slice(0, 10) },
    });
    expect(NotificationDouble.instances).toHaveLength(1);
    NotificationDouble.instances[0].click();
    expect(window.isVisible()).toBe(true);
    expect(window.loadedUrls.at(-1)).toBe('app://console/index.html#/integration');
    await core?.shutdown();
  });

  it('notifies a failed scheduled run once per streak, and a click opens that run', async () => {
    const { core, window } = await startDesktopShell(dir);
    const fail = async () => {
      throw new Error('graph.microsoft.com could not be reached');
    };
    const first = core!.jobs.trigger(calendarSyncJobId, 'schedule', fail);
    await vi.waitFor(() => expect(NotificationDouble.shown).toHaveLength(1));
    expect(NotificationDouble.shown[0]).toEqual({
      title: 'Outlook Calendar Sync failed',
      body: 'Failed: graph.microsoft.com could not be reached',
    });
    // The next failure of the same streak, and a failed run started by hand, are not told again.
    core!.jobs.trigger(calendarSyncJobId, 'schedule', fail);
    await vi.waitFor(() => expect(core!.jobs.isRunning(calendarSyncJobId)).toBe(false));
    core!.jobs.trigger(calendarSyncJobId, 'manual', fail);
    await vi.waitFor(() => expect(core!.jobs.isRunning(calendarSyncJobId)).toBe(false));
    expect(NotificationDouble.shown).toHaveLength(1);
    NotificationDouble.instances[0].click();
    expect(window.loadedUrls.at(-1)).toBe(`app://console/index.html#/jobs/runs/${first.id}`);
    await core?.shutdown();
  });

  it('on Windows takes the installer’s AppUserModelID, so its notifications are shown', async () => {
    const { electron, core } = await startDesktopShell(dir, { platform: 'win32', isPackaged: true, windowsShortcutAppId: desktopAppId });
    expect(electron.app.setAppUserModelId).toHaveBeenCalledWith(desktopAppId);
    await core!.integration.save({
      config: { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' },
      secret: {
        value: 'Dk8Q~windows-notification-secret',
        expiresOn: new Date(Date.now() + 5 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
      },
    });
    expect(NotificationDouble.shown).toHaveLength(1);
    expect(NotificationDouble.dropped).toEqual([]);
    await core?.shutdown();
  });

  it('on Windows, run from source, uses the executable as its AppUserModelID (Electron’s advice without a shortcut)', async () => {
    const { electron, core } = await startDesktopShell(dir, { platform: 'win32' });
    expect(electron.app.setAppUserModelId).toHaveBeenCalledWith('/opt/Outlook Integration Console/outlook-integration-console');
    await core?.shutdown();
  });

  it('serves the renderer over app:// and nothing outside it; a malformed escape is a 404', async () => {
    const { protocolHandlers, electron, core } = await startDesktopShell(dir);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([expect.objectContaining({ scheme: 'app' })]);
    const serve = protocolHandlers.get('app')! as (request: { url: string }) => Promise<Response>;
    const page = await serve({ url: 'app://console/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("object-src 'none'");
    expect((await serve({ url: 'app://console/../../../secret.txt' })).status).toBe(404);
    expect((await serve({ url: 'app://console/%2e%2e/%2e%2e/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await serve({ url: 'app://other/index.html' })).status).toBe(404);
    for (const malformed of ['app://console/%', 'app://console/%zz.js', 'app://console/index.html%E0%A4%A']) {
      expect((await serve({ url: malformed })).status, malformed).toBe(404);
    }
    await core?.shutdown();
  });

  it('stores settings with electron-store in the data folder', async () => {
    const { core } = await startDesktopShell(dir);
    expect(core!.settings.path).toBe(join(dir, 'userData', 'settings.json'));
    await core?.shutdown();
  });

  it('saves an exported log bundle where the save dialog says, filtered as a Zip archive', async () => {
    const saveTo = join(dir, 'chosen.zip');
    const { ipcHandlers, electron, core } = await startDesktopShell(dir, { saveTo });
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    const today = new Date().toISOString().slice(0, 10);
    const result = await invoke(fromConsole, { channel: 'log.exportBundle', input: { from: '2020-01-01', to: today } });
    expect(result).toMatchObject({ ok: true, result: { delivery: { kind: 'saved', path: saveTo } } });
    expect(electron.dialog.showSaveDialog.mock.calls[0][1]).toEqual({
      defaultPath: expect.stringMatching(/^\/home\/admin\/Downloads\/outlook-console-logs-.*\.zip$/),
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    expect(readFileSync(saveTo).subarray(0, 2).toString()).toBe('PK');
    await core?.shutdown();
  });

  it('filters the save dialog by the file’s type, so macOS keeps .ics and .vcf', async () => {
    const { ipcHandlers, electron, core } = await startDesktopShell(dir, { platform: 'darwin', saveInto: dir });
    const invoke = ipcHandlers.get(ipcInvokeChannel)!;
    const ics = await invoke(fromConsole, { channel: 'calendar.exportIcs', input: {} });
    expect(ics).toMatchObject({
      ok: true,
      result: { delivery: { kind: 'saved', path: expect.stringMatching(/\/calendar-\d{4}-\d{2}-\d{2}\.ics$/) } },
    });
    expect(electron.dialog.showSaveDialog.mock.calls[0][1]).toMatchObject({ filters: [{ name: 'iCalendar file', extensions: ['ics'] }] });

    await invoke(fromConsole, {
      channel: 'contacts.save',
      input: { fields: { kind: 'contact', firstName: 'Ann', lastName: 'Lee', emails: [], phones: [], accountName: '' } },
    });
    const vcf = await invoke(fromConsole, { channel: 'contacts.exportVcard', input: { selection: { kind: 'contact', search: '' } } });
    expect(vcf).toMatchObject({
      ok: true,
      result: { delivery: { kind: 'saved', path: expect.stringMatching(/\/contacts-\d{4}-\d{2}-\d{2}\.vcf$/) } },
    });
    expect(electron.dialog.showSaveDialog.mock.calls[1][1]).toMatchObject({ filters: [{ name: 'vCard file', extensions: ['vcf'] }] });
    await core?.shutdown();
  });
});

describe('desktop shell: secret protection', () => {
  const tempDir = useTempDirs();

  it('warns when the asynchronous safeStorage falls back to its fixed key, whatever the keyring backend says', async () => {
    const { core } = await startDesktopShell(tempDir(), { backend: 'gnome_libsecret', asyncKeyTag: 'v10' });
    expect(core!.notices).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringContaining('basic_text') }));
    expect(core!.integration.view().vault).toMatchObject({ protection: 'unprotected', backend: 'basic_text' });
    await core?.shutdown();
  });

  it('trusts a keyring-held key even when the synchronous API would have used basic_text', async () => {
    const { core } = await startDesktopShell(tempDir(), { backend: 'basic_text', asyncKeyTag: 'v11' });
    expect(core!.notices.filter((notice) => notice.level === 'warning')).toEqual([]);
    expect(core!.integration.view().vault).toMatchObject({ protection: 'osKeyring', backend: 'secret_service' });
    await core?.shutdown();
  });
});
