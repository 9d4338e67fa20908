import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { bundledDependencies, mainAliases, mainOutput } from './scripts/mainBundle.mjs';

export default defineConfig({
  main: {
    resolve: { alias: mainAliases(import.meta.dirname) },
    build: {
      externalizeDeps: { exclude: bundledDependencies },
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          headless: resolve(import.meta.dirname, 'src/main/headless.ts'),
        },
        output: mainOutput,
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules from disk: bundle everything, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
    plugins: [react()],
  },
});
