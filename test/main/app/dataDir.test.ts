import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src/main/app/dataDir';

describe('default data folder (same as Electron userData)', () => {
  it('uses XDG_CONFIG_HOME or ~/.config on Linux', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Outlook Integration Console');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/Outlook Integration Console');
  });
  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Outlook Integration Console');
    expect(defaultDataDir('win32', { APPDATA: '/appdata' }, '/home/ann')).toContain('/appdata');
  });
});
