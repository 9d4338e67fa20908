// `npm run bench -- [flags]`: bundles the bench (which imports the product's TypeScript and the
// emulator) with Vite into out/bench, builds the console if needed, and runs it on this Node 24.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { bundledPackages, mainAliases, mainOutput } from '../scripts/mainBundle.mjs';
import { ensureBuild } from '../scripts/ensureBuild.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
ensureBuild();
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  // As electron-vite bundles out/main: the bundled libraries with what they import (MSAL's
  // msal-common, the Graph client's tslib), so the bench's console loads what the shipped one does.
  ssr: { noExternal: bundledPackages(root) },
  resolve: { alias: mainAliases(root) },
  build: {
    ssr: true,
    outDir: resolve(root, 'out/bench'),
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    rolldownOptions: {
      input: {
        main: resolve(root, 'bench/main.ts'),
        coreChild: resolve(root, 'bench/coreChild.ts'),
        emulatorChild: resolve(root, 'bench/emulatorChild.ts'),
        scaleChild: resolve(root, 'bench/scaleChild.ts'),
      },
      output: { ...mainOutput, format: 'es', entryFileNames: '[name].mjs' },
    },
  },
});
const result = spawnSync(process.execPath, [resolve(root, 'out/bench/main.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);
