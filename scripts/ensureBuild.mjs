// Builds with electron-vite when out/ is missing or older than the sources, so `npm run headless`
// and `npm test` never run a stale console.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outputs = ['out/main/headless.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const inputs = ['src', 'electron.vite.config.ts', 'scripts/mainBundle.mjs', 'package.json', 'package-lock.json'];

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), info.mtimeMs);
}

export function buildIsStale() {
  const builtPaths = outputs.map((path) => join(root, path));
  if (!builtPaths.every((path) => existsSync(path))) return true;
  const oldestOutput = Math.min(...builtPaths.map((path) => statSync(path).mtimeMs));
  const newestInput = Math.max(
    ...inputs
      .map((path) => join(root, path))
      .filter(existsSync)
      .map(newestMtime),
  );
  return newestInput > oldestOutput;
}

export function ensureBuild() {
  if (!buildIsStale()) return;
  console.log('Building the console (electron-vite build)…');
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}
