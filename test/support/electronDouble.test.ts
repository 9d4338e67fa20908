// The double's own rules, each one Electron behaviour the desktop shell's tests rely on.
import { describe, expect, it, vi } from 'vitest';
import { BrowserWindowDouble, createElectronDouble, NotificationDouble } from './electronDouble';

describe('Electron double', () => {
  it('ignores focus() on a hidden window, as NativeWindow*::Focus does', () => {
    createElectronDouble({ userData: '/tmp/u' });
    const window = new BrowserWindowDouble({ show: false });
    window.focus();
    expect(window.isFocused()).toBe(false);
    window.show();
    window.focus();
    expect(window.isFocused()).toBe(true);
  });

  it('emits before-quit again on the next quit() after one was prevented, and not after one went through', () => {
    const { app } = createElectronDouble({ userData: '/tmp/u' });
    const beforeQuit = vi.fn((event: { preventDefault(): void }) => event.preventDefault());
    app.on('before-quit', beforeQuit);
    app.quit();
    app.quit();
    expect(beforeQuit).toHaveBeenCalledTimes(2);
    expect(app.exited).toBe(false);
    beforeQuit.mockImplementation(() => {});
    app.quit();
    expect(app.exited).toBe(true);
    app.quit();
    expect(beforeQuit).toHaveBeenCalledTimes(3);
  });

  it('cancels a quit when a window refuses to close or will-quit is prevented', () => {
    const { app } = createElectronDouble({ userData: '/tmp/u' });
    const window = new BrowserWindowDouble({});
    const refuse = (event: { preventDefault(): void }) => event.preventDefault();
    window.on('close', refuse);
    app.quit();
    expect(app.exited).toBe(false);
    window.off('close', refuse);
    app.once('will-quit', refuse);
    app.quit();
    expect(window.isDestroyed()).toBe(true);
    expect(app.exited).toBe(false);
    app.quit();
    expect(app.exited).toBe(true);
  });

  it('grants every permission while no handler is set, then asks the check handler before the request handler', async () => {
    const { session } = createElectronDouble({ userData: '/tmp/u' });
    expect(await session.clipboardWriteText({ frameUrl: 'https://example.com/' })).toBe('written');
    const check = vi.fn(() => false);
    session.setPermissionCheckHandler(check);
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(true));
    expect(await session.clipboardWriteText({ frameUrl: 'app://console/index.html' })).toBe('written');
    expect(check).toHaveBeenCalledWith({}, 'clipboard-sanitized-write', 'app://console/', {
      requestingUrl: 'app://console/index.html',
      isMainFrame: true,
    });
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    expect(await session.clipboardWriteText({ frameUrl: 'app://console/index.html' })).toBe('Write permission denied.');
  });

  it('does nothing for login items on Linux; keeps them on macOS and Windows', () => {
    const linux = createElectronDouble({ userData: '/tmp/u' }).app;
    linux.setLoginItemSettings({ openAtLogin: true });
    expect(linux.getLoginItemSettings().openAtLogin).toBe(false);
    const mac = createElectronDouble({ userData: '/tmp/u', platform: 'darwin' }).app;
    mac.setLoginItemSettings({ openAtLogin: true, args: ['--hidden'] });
    expect(mac.getLoginItemSettings()).toMatchObject({ openAtLogin: true, status: 'enabled' });
    const windows = createElectronDouble({ userData: '/tmp/u', platform: 'win32' }).app;
    windows.setLoginItemSettings({ openAtLogin: true, path: 'C:\\console.exe', args: ['--hidden'] });
    expect(windows.getLoginItemSettings({ path: 'C:\\console.exe', args: ['--hidden'] }).openAtLogin).toBe(true);
    expect(windows.getLoginItemSettings({ path: 'C:\\console.exe' }).openAtLogin).toBe(false);
  });

  it('makes the macOS save panel insist on the filter’s extension; GTK and Windows keep the typed name', async () => {
    const options = { defaultPath: '/home/admin/Downloads/calendar.ics', filters: [{ name: 'Zip archive', extensions: ['zip'] }] };
    const mac = createElectronDouble({ userData: '/tmp/u', platform: 'darwin', saveInto: '/out' });
    expect(await mac.electron.dialog.showSaveDialog(options)).toEqual({ canceled: false, filePath: '/out/calendar.ics.zip' });
    const linux = createElectronDouble({ userData: '/tmp/u', saveInto: '/out' });
    expect(await linux.electron.dialog.showSaveDialog(options)).toEqual({ canceled: false, filePath: '/out/calendar.ics' });
    expect(await createElectronDouble({ userData: '/tmp/u' }).electron.dialog.showSaveDialog(options)).toEqual({ canceled: true });
  });

  it('drops Windows notifications unless the AppUserModelID is the installed shortcut’s', () => {
    const { app, electron } = createElectronDouble({ userData: '/tmp/u', platform: 'win32', windowsShortcutAppId: 'com.example.app' });
    new electron.Notification({ title: 'a', body: 'b' }).show();
    app.setAppUserModelId('com.example.app');
    new electron.Notification({ title: 'c', body: 'd' }).show();
    expect(NotificationDouble.dropped).toEqual([{ title: 'a', body: 'b' }]);
    expect(NotificationDouble.shown).toEqual([{ title: 'c', body: 'd' }]);
  });

  it('marks images named *Template.png as macOS template images', () => {
    const { electron } = createElectronDouble({ userData: '/tmp/u' });
    expect(electron.nativeImage.createFromPath('/icons/idleTemplate.png').isTemplateImage()).toBe(true);
    expect(electron.nativeImage.createFromPath('/icons/idleTemplate@2x.png').isTemplateImage()).toBe(true);
    expect(electron.nativeImage.createFromPath('/icons/idle.png').isTemplateImage()).toBe(false);
  });
});
