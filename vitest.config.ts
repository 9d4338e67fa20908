import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    // electron-store imports `electron` itself; inlining it lets the desktop tests' double reach it
    // (the real package would try to download the Electron binary).
    server: { deps: { inline: ['electron-store'] } },
  },
});
