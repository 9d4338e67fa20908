import { expect, test } from '@playwright/test';
import { startHeadlessConsole, type HeadlessConsole } from './headlessConsole';

let app: HeadlessConsole;
test.beforeEach(async () => {
  app = await startHeadlessConsole('scripts/demo.mjs');
});
test.afterEach(async () => {
  expect(await app.stop()).toBe(0);
});

test('npm run demo: labelled as a demo, the integration already pointed at the emulator', async ({ page }) => {
  expect(app.output()).toMatch(/Emulator: +https:\/\/localhost:\d+/);
  await page.goto(app.url);
  await expect(page.getByTestId('console-label')).toContainText('local Microsoft 365 emulator');
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: on');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Demo · Headless');

  await expect(page.getByRole('form', { name: 'Integration settings' })).toBeVisible();
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Client secret valid until');
  await expect(page.getByRole('combobox', { name: 'Cloud' })).toHaveText('Custom (emulator or proxy)');

  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await expect(page.getByText('Outlook users').first()).toBeVisible();
  await expect(page.getByTestId('console-label')).toBeVisible();
});
