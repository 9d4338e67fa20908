import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { consoleUrlAt } from './support/consoleAddress';
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
