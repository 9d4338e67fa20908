// Installers for the desktop app: `npm run dist` builds them for the platform it runs on.
// It needs the internet: electron-builder downloads the Electron binary and its packaging tools
// (AppImage, NSIS, dmg) for the target platform. Loaded by electron-builder through jiti, and
// type-checked with the rest of the Node code.
import type { Configuration } from 'electron-builder';
import { productName } from './src/main/app/dataDir';
import { desktopAppId } from './src/main/desktop/appIdentity';

/** Packages only the renderer uses (and their large families), bundled by Vite at build time. */
export const rendererOnlyPackages = [
  '@fluentui/*',
  '@griffel/*',
  '@floating-ui/*',
  '@tanstack/*',
  'react',
  'react-dom',
  'scheduler',
  'tabster',
  'keyborg',
  'zustand',
  'eventsource-parser',
];

const config: Configuration = {
  // Also the Windows AppUserModelID of the Start-menu shortcut: the app sets the same one, or
  // Windows drops its notifications.
  appId: desktopAppId,
  productName,
  directories: { output: 'dist', buildResources: 'build' },
  // The built bundles; package.json and the production node_modules are always added. The
  // renderer's packages are already bundled into out/renderer, and Fluent UI's icons alone would
  // add 160 MB to app.asar: left out (a test checks the main process imports none of them).
  files: ['out/**/*', '!out/**/*.map', ...rendererOnlyPackages.map((name) => `!node_modules/${name}{,/**/*}`)],
  asar: true,
  // No native module to rebuild (SQLite is node:sqlite), and a rebuild would need Electron's headers.
  npmRebuild: false,
  // Plain files beside app.asar (process.resourcesPath/tray), handed to the OS's tray as they are.
  extraResources: [{ from: 'resources/tray', to: 'tray', filter: ['*.png'] }],
  // Electron fuses, flipped in the packaged binary (docs/tutorial/fuses.md):
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node.js for any script.
    runAsNode: false,
    // Chromium's cookie store encrypted with the OS key, as Chrome does.
    enableCookieEncryption: true,
    // --inspect and SIGUSR1 would open a debugger into the main process, which holds the tokens.
    enableNodeCliInspectArguments: false,
    // Only the app.asar electron-builder wrote is loaded, never a loose app/ folder beside it.
    onlyLoadAppFromAsar: true,
    // The console is served from app://console, never file://.
    grantFileProtocolExtraPrivileges: false,
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    // Debian packages need one; replace with the organisation's support address.
    maintainer: 'Outlook Integration Console maintainers <maintainers@example.com>',
  },
  win: { target: ['nsis'] },
  // Per-user install (no administrator rights), which start at login's Run key also is.
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.business' },
};

export default config;
