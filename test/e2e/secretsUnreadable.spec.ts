// A replaced secrets.key, as the administrator meets it: the secrets-unreadable notice on
// Integration, Accounts and Diagnostics, the status bar, and both fixes from the page.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { defaultIntegrationConfig } from '../../src/shared/contract';
import { rawRequest } from '../support/rawHttp';
import { consoleUrlAt } from './support/consoleAddress';
import { startHeadlessConsole, type HeadlessConsole } from './headlessConsole';

let dataDir: string;
let app: HeadlessConsole;
let originalKey: Buffer;

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oic-e2e-vault-'));
  const first = await startHeadlessConsole(undefined, { dataDir });
  const config = { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' };
  const saved = await rawRequest(first.port, {
    method: 'POST',
    path: '/api/integration.save',
    headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ config, secret: { value: 'Zq8Q~e2e-vault-secret-value', expiresOn: '2028-11-26' } }),
  });
  expect(saved.status).toBe(200);
  await first.stop();
  originalKey = readFileSync(join(dataDir, 'secrets.key'));
  writeFileSync(join(dataDir, 'secrets.key'), randomBytes(32));
  app = await startHeadlessConsole(undefined, { dataDir });
});
test.afterEach(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function open(page: Page, title: string) {
  await page.getByRole('navigation').getByText(title, { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('shows the secrets-unreadable state everywhere, and clears the entries after asking', async ({ page }) => {
  await page.goto(consoleUrlAt(app, '/integration'));
  const notice = page.getByTestId('secrets-unreadable');
  await expect(notice).toContainText('Stored secrets cannot be read');
  await expect(notice).toContainText('Client secret');
  await expect(notice).toContainText(`Put back the secrets.key that encrypted them (${join(dataDir, 'secrets.key')}`);
  await expect(page.getByTestId('secret-status')).toContainText('Stored, but unreadable');
  await expect(page.getByTestId('status-secrets-unreadable')).toContainText('Stored secrets unreadable');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: 'test-results/secrets-unreadable.png' });
  await open(page, 'Accounts');
  await expect(notice).toBeVisible();
  await open(page, 'Diagnostics');
  await expect(notice).toBeVisible();
  await page.getByRole('button', { name: 'Run all checks' }).click();
  await expect(page.getByText(/Stored secrets cannot be read \(Client secret\)/).last()).toBeVisible();

  await notice.getByRole('button', { name: 'Clear unreadable secrets…' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('This deletes Client secret from the vault');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Clear unreadable secrets…' }).click();
  await dialog.getByRole('button', { name: 'Clear them' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('status-secrets-unreadable')).toHaveCount(0);
  await open(page, 'Integration');
  await expect(page.getByTestId('secret-status')).toContainText('Not set');
});

test('reads the secrets again once the key file is put back', async ({ page }) => {
  await page.goto(consoleUrlAt(app, '/integration'));
  const notice = page.getByTestId('secrets-unreadable');
  await expect(notice).toBeVisible();
  writeFileSync(join(dataDir, 'secrets.key'), originalKey);
  await notice.getByRole('button', { name: 'Check again' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.getByTestId('secret-status')).toContainText('Set');
});
