import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { consoleUrlAt } from './support/consoleAddress';
import { consoleApi } from './support/outlookTenant';
import { startHeadlessConsole, type HeadlessConsole } from './headlessConsole';

let app: HeadlessConsole;
test.afterEach(async () => {
  if (app.process.exitCode === null) await app.stop();
});

test('npm run demo: labelled as a demo, the integration already pointed at the emulator', async ({ page }) => {
  app = await startHeadlessConsole('scripts/demo.mjs');
  expect(app.output()).toMatch(/Emulator: +https:\/\/localhost:\d+/);
  await page.goto(consoleUrlAt(app, '/integration'));
  await expect(page.getByTestId('console-label')).toContainText('local Microsoft 365 emulator');
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: on');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Demo · Headless');

  await expect(page.getByRole('form', { name: 'Integration settings' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Client secret valid until');
  await expect(page.getByRole('combobox', { name: 'Cloud' })).toHaveText('Custom (emulator or proxy)');

  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await expect(page.getByText('Outlook users').first()).toBeVisible();
  await expect(page.getByTestId('console-label')).toBeVisible();

  // One compact line (the whole text on hover), dismissed until the console restarts: a reload keeps it hidden.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect((await page.getByTestId('console-label').boundingBox())!.height).toBeLessThan(48);
  await page.getByRole('button', { name: /^Dismiss until the console restarts: Demo/ }).click();
  await expect(page.getByTestId('console-label')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible();
  await expect(page.getByTestId('console-label')).toHaveCount(0);
  expect(await app.stop()).toBe(0);
});

test('npm run demo: names its CA file and the way past the browser warning, and removes its temporary folder on exit', async ({ page }) => {
  app = await startHeadlessConsole('scripts/demo.mjs', { passDataDir: false });
  const output = app.output();
  const emulator = /^Emulator: +(\S+)$/m.exec(output)![1];
  const caFile = /^Emulator CA: +(\S+)$/m.exec(output)![1];
  expect(existsSync(caFile)).toBe(true);
  expect(output).toContain('(temporary: removed when the demo stops)');
  expect(output).toMatch(/does not\s+know that CA, so it warns that the connection is not private/);
  const spki = /--ignore-certificate-errors-spki-list=(\S+)/.exec(output)![1];

  // A plain profile refuses the emulator's pages; one started as the demo says opens them.
  const refused = await page.goto(emulator).then(
    () => 'opened',
    (error: Error) => error.message,
  );
  expect(refused).toMatch(/ERR_CERT_AUTHORITY_INVALID/);
  const profile = mkdtempSync(join(tmpdir(), 'oic-e2e-demo-profile-'));
  const trusting = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--ignore-certificate-errors-spki-list=${spki}`],
  });
  try {
    const response = await (await trusting.newPage()).goto(emulator);
    expect(response).not.toBeNull();
  } finally {
    await trusting.close();
    rmSync(profile, { recursive: true, force: true });
  }

  expect(await app.stop()).toBe(0);
  expect(existsSync(app.dataDir)).toBe(false);
  expect(existsSync(caFile)).toBe(false);
});

test('npm run demo: its tools act as another Outlook client and show what the console sent to the emulator', async ({ page }) => {
  app = await startHeadlessConsole('scripts/demo.mjs', { extraArgs: ['--no-history'] });
  const tools = /^Demo tools: +(\S+)/m.exec(app.output())![1];
  expect(new URL(tools).hostname).toBe('127.0.0.1');
  expect((await fetch(tools.replace(/\?token=.*/, ''))).status).toBe(401);

  await page.goto(tools);
  const adele = page.getByRole('region', { name: /Adele Vance/ }).or(page.locator('section', { hasText: 'adele.vance@' }));
  await adele.getByRole('textbox', { name: 'Subject' }).last().fill('Made in another client');
  await adele.getByRole('button', { name: 'Make event' }).click();
  await expect(page.getByRole('status')).toContainText('Done: createEvent in adele.vance@');
  const made = page
    .locator('section', { hasText: 'adele.vance@' })
    .locator('li', { has: page.locator('input[value="Made in another client"]') });
  await expect(made).toHaveCount(1);
  await made.getByRole('textbox', { name: 'Subject' }).fill('Changed in another client');
  await made.getByRole('button', { name: 'Change' }).click();
  await expect(page.locator('input[value="Changed in another client"]')).toHaveCount(1);
  await page
    .locator('li', { has: page.locator('input[value="Changed in another client"]') })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.locator('input[value="Changed in another client"]')).toHaveCount(0);

  // The console's own requests (its Diagnostics reach the emulator's sign-in host) appear in the log.
  await consoleApi(app)('diagnostics.run');
  await page.goto(tools);
  await expect(page.getByRole('table')).toContainText('/v2.0/.well-known/openid-configuration');
  expect(await app.stop()).toBe(0);
});
