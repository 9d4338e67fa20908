import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    // electron-store imports `electron` itself; inlining it lets the desktop tests' double reach it
    // (the real package would try to download the Electron binary).
    server: { deps: { inline: ['electron-store'] } },
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], environment: 'node' } },
      // The renderer's component tests (.test.tsx) render pages into a DOM: happy-dom, no browser.
      {
        extends: true,
        test: {
          name: 'renderer components',
          include: ['test/renderer/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/support/noAnimations.ts'],
        },
      },
    ],
  },
});
