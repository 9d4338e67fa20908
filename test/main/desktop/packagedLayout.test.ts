// The packaging set-up, checked without the Electron binary: every file the desktop shell loads is
// found where desktopResources() looks, run from source and in the layout electron-builder makes
// (resources/app.asar/… plus the extraResources beside it).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, matchesGlob, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import builderConfig, { rendererOnlyPackages } from '../../../electron-builder.config';
import viteConfig from '../../../electron.vite.config';
import { desktopAppId } from '../../../src/main/desktop/appIdentity';
import { desktopResources, type DesktopResources } from '../../../src/main/desktop/desktopResources';
import { useTempDirs } from '../../support/tempDir';

const root = join(import.meta.dirname, '../../..');
const trayIcons = ['idle', 'running', 'error'].flatMap((state) => [
  `${state}.png`,
  `${state}@2x.png`,
  `${state}Template.png`,
  `${state}Template@2x.png`,
]);

/**
 * electron-builder's `files`: a path goes in when a pattern takes it (package.json and the
 * production node_modules are always taken) and no `!` pattern leaves it out.
 */
function isPackaged(path: string): boolean {
  const patterns = builderConfig.files as string[];
  const alwaysTaken = path === 'package.json' || path.startsWith('node_modules/');
  const taken = alwaysTaken || patterns.filter((pattern) => !pattern.startsWith('!')).some((pattern) => matchesGlob(path, pattern));
  return taken && !patterns.filter((pattern) => pattern.startsWith('!')).some((pattern) => matchesGlob(path, pattern.slice(1)));
}

function expectFound(resources: DesktopResources) {
  expect(existsSync(join(resources.rendererDir, 'index.html'))).toBe(true);
  expect(existsSync(resources.preloadPath)).toBe(true);
  for (const icon of trayIcons) expect(existsSync(join(resources.trayIconsDir, icon)), icon).toBe(true);
}

/** What electron-vite writes (its out/<process> folders and the names this project's config sets). */
function writeBuildOutput(projectDir: string) {
  const preloadOutput = viteConfig.preload?.build?.rolldownOptions?.output as { entryFileNames: string };
  const files = [
    'out/main/index.js',
    'out/main/index.js.map',
    `out/preload/${preloadOutput.entryFileNames.replace('[name]', 'index')}`,
    'out/renderer/index.html',
    'out/renderer/assets/index.js',
    'src/main/index.ts',
    'package.json',
  ];
  for (const file of files) {
    mkdirSync(dirname(join(projectDir, file)), { recursive: true });
    writeFileSync(join(projectDir, file), '');
  }
  cpSync(join(root, 'resources'), join(projectDir, 'resources'), { recursive: true });
}

/** Lays a built project out the way electron-builder packages it, from the project's own configuration. */
function packageLayout(projectDir: string, resourcesPath: string) {
  const appDir = join(resourcesPath, 'app.asar');
  for (const file of readdirSync(projectDir, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    const path = relative(projectDir, join(file.parentPath, file.name));
    if (isPackaged(path)) cpSync(join(projectDir, path), join(appDir, path));
  }
  for (const extra of builderConfig.extraResources as { from: string; to: string; filter: string[] }[]) {
    for (const name of readdirSync(join(projectDir, extra.from)).filter((name) =>
      extra.filter.some((pattern) => matchesGlob(name, pattern)),
    )) {
      cpSync(join(projectDir, extra.from, name), join(resourcesPath, extra.to, name));
    }
  }
  return appDir;
}

describe('desktop resources', () => {
  const tempDir = useTempDirs();

  it('are found run from source (app.getAppPath() is the project folder)', () => {
    const projectDir = tempDir();
    writeBuildOutput(projectDir);
    expectFound(desktopResources({ appPath: projectDir, isPackaged: false, resourcesPath: '/nowhere' }));
    // This checkout's own tray icons are where the unpackaged app looks.
    const here = desktopResources({ appPath: root, isPackaged: false, resourcesPath: '/nowhere' });
    for (const icon of trayIcons) expect(existsSync(join(here.trayIconsDir, icon)), icon).toBe(true);
  });

  it('are found in the packaged layout (app.asar, tray icons in process.resourcesPath)', () => {
    const projectDir = tempDir();
    writeBuildOutput(projectDir);
    const resourcesPath = join(tempDir(), 'Outlook Integration Console', 'resources');
    const appPath = packageLayout(projectDir, resourcesPath);
    expectFound(desktopResources({ appPath, isPackaged: true, resourcesPath }));
    expect(existsSync(join(appPath, 'src'))).toBe(false);
    expect(existsSync(join(appPath, 'out/main/index.js.map'))).toBe(false);
    expect(existsSync(join(appPath, 'resources'))).toBe(false);
  });

  it('start from the entry electron-builder packages: package.json main is the built main bundle', () => {
    const main = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toBe('out/main/index.js');
    expect(isPackaged(main)).toBe(true);
  });
});

describe('electron-builder configuration', () => {
  it('builds AppImage and deb, NSIS and dmg, under the app id the app itself uses', () => {
    expect(builderConfig.appId).toBe(desktopAppId);
    expect(builderConfig.linux?.target).toEqual(['AppImage', 'deb']);
    expect(builderConfig.win?.target).toEqual(['nsis']);
    expect(builderConfig.mac?.target).toEqual(['dmg']);
    expect(builderConfig.asar).toBe(true);
  });

  it('flips the Electron fuses: no ELECTRON_RUN_AS_NODE, no --inspect, encrypted cookies, app.asar only', () => {
    expect(builderConfig.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('leaves out only packages the main process never imports', () => {
    const sources = ['src/main', 'src/shared'].flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => readFileSync(join(root, folder, file), 'utf8')),
    );
    const imported = new Set(sources.flatMap((text) => [...text.matchAll(/(?:from|import\()\s*'([^'.][^']*)'/g)].map((match) => match[1])));
    const packages = [...imported]
      .filter((name) => !name.startsWith('node:') && name !== 'electron')
      .map((name) =>
        name
          .split('/')
          .slice(0, name.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    expect(packages).toContain('@azure/msal-node');
    for (const name of packages) {
      expect(
        rendererOnlyPackages.some((pattern) => matchesGlob(name, pattern)),
        name,
      ).toBe(false);
      expect(isPackaged(`node_modules/${name}/package.json`), name).toBe(true);
    }
    expect(isPackaged('node_modules/@fluentui/react-icons/lib/index.js')).toBe(false);
  });
});
