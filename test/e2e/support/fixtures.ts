// The e2e tests' set-up as Playwright fixtures, so a spec names what it needs instead of repeating
// a beforeEach/afterEach block: `app` (a fresh headless console), `api` (its contract over HTTP),
// `tenant` (the emulated Microsoft 365 with the demo tenant, recording every token it issues) and
// `configuredApi` (the console's integration pointed at that tenant). Each is started only for a
// test that asks for it, and stopped after that test, whatever the outcome.
import { test as base } from '@playwright/test';
import { seedDemoTenant, type DemoTenant } from '../../emulator/demoTenant';
import { startEmulator, type Emulator } from '../../emulator/server';
import { startHeadlessConsole, type HeadlessConsole } from '../headlessConsole';
import { configureEmulatorIntegration, consoleApi, recordIssuedTokens, type ConsoleApi } from './outlookTenant';

export type Tenant = {
  emulator: Emulator;
  demo: DemoTenant;
  /** Every access and refresh token the emulator issued, for tests that search for them. */
  issuedTokens: string[];
};

type ConsoleFixtures = {
  /** Extra environment of the console process (`test.use({ consoleEnv: { TZ: 'Asia/Tokyo' } })`). */
  consoleEnv: Record<string, string>;
  app: HeadlessConsole;
  api: ConsoleApi;
  tenant: Tenant;
  configuredApi: ConsoleApi;
};

export const test = base.extend<ConsoleFixtures>({
  consoleEnv: [{}, { option: true }],
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  tenant: async ({}, use) => {
    const emulator = await startEmulator();
    const demo = seedDemoTenant(emulator);
    const issuedTokens: string[] = [];
    recordIssuedTokens(emulator, issuedTokens);
    await use({ emulator, demo, issuedTokens });
    await emulator.stop();
  },
  app: async ({ consoleEnv }, use) => {
    const app = await startHeadlessConsole(undefined, { env: consoleEnv });
    await use(app);
    await app.stop();
  },
  api: async ({ app }, use) => {
    await use(consoleApi(app));
  },
  configuredApi: async ({ api, tenant }, use) => {
    await configureEmulatorIntegration(api, tenant.emulator, tenant.demo);
    await use(api);
  },
});

export { expect } from '@playwright/test';
