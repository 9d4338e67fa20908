/// <reference lib="dom" />
// page.evaluate callbacks run in the browser, hence the DOM types.
import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';
import { rawRequest } from '../support/rawHttp';

/** Pages whose feature has landed; the others still say plainly that they are not built yet. */
const builtPages = ['Integration', 'Access control', 'Accounts', 'Scheduled jobs', 'Logs', 'Diagnostics'];
const pageTitles = ['Integration', 'Access control', 'Accounts', 'Scheduled jobs', 'Logs', 'Diagnostics'];

test('opens from the printed URL and visits every page', async ({ app, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(app.url);
  // The console opens on the overview: whether things are healthy before any form.
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  // The token leaves the address bar once read.
  expect(page.url()).not.toContain('token=');
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: off');
  await expect(page.getByTestId('status-last-sync')).toHaveText('Last sync: no sync has run yet');

  for (const title of pageTitles) {
    await page.getByRole('navigation').getByText(title, { exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    if (title === 'Integration') await expect(page.getByRole('form', { name: 'Integration settings' })).toBeVisible();
    else if (title === 'Accounts')
      await expect(page.getByText('Enter the Client ID on the Integration page before connecting accounts.')).toBeVisible();
    else if (!builtPages.includes(title)) await expect(page.getByRole('status', { name: 'Not built yet' })).toContainText('Not built yet');
  }
  // A reload keeps working: the token was kept for this tab.
  await page.reload();
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: off');
  expect(errors).toEqual([]);
});

test('switches theme and keeps the choice in the settings', async ({ app, page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: off');
  const picker = page.getByRole('combobox', { name: 'Theme' });
  await picker.click();
  await expect(picker).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('option', { name: 'Dark' }).click();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveText('Dark');
  const saved = await rawRequest(app.port, {
    method: 'POST',
    path: '/api/settings.get',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
  });
  expect(JSON.parse(saved.body).result.appearance.theme).toBe('dark');
  const background = await page
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
});

test('refuses /api without the token and requests for a foreign Host', async ({ app, page }) => {
  const noToken = await rawRequest(app.port, { method: 'POST', path: '/api/app.info', headers: { 'Content-Type': 'application/json' } });
  expect(noToken.status).toBe(401);
  const rebinding = await rawRequest(app.port, {
    method: 'POST',
    path: '/api/app.info',
    headers: { Host: 'attacker.example', Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
  });
  expect(rebinding.status).toBe(421);
  // Opened without the token, the page says what to do instead of failing silently.
  await page.goto(app.origin + '/');
  await expect(page.getByText('Not connected')).toBeVisible();
  await expect(page.getByText(/URL printed when headless mode started/)).toBeVisible();
});

test('listens on 127.0.0.1 only', async ({ app }) => {
  // /proc/net/tcp lists every listening socket with its local address: 0100007F is 127.0.0.1.
  const portHex = app.port.toString(16).toUpperCase().padStart(4, '0');
  const listening = ['/proc/net/tcp', '/proc/net/tcp6']
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1]?.endsWith(`:${portHex}`) && fields[3] === '0A')
    .map((fields) => fields[1]);
  expect(listening).toEqual([`0100007F:${portHex}`]);
  const ipv6 = await rawRequest(app.port, { path: '/', host: '::1' }).then(
    () => 'answered',
    (error: NodeJS.ErrnoException) => error.code,
  );
  expect(ipv6).toBe('ECONNREFUSED');
});

test('answers a malformed payload from the page with a validation error naming the field', async ({ app, page }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: off');
  const answer = await page.evaluate(async (token) => {
    const response = await fetch('/api/settings.update', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ appearance: { theme: 'purple' } }),
    });
    return { status: response.status, body: (await response.json()) as { error: { code: string; issues: { field: string }[] } } };
  }, app.token);
  expect(answer.status).toBe(400);
  expect(answer.body.error.code).toBe('VALIDATION');
  expect(answer.body.error.issues.map((issue) => issue.field)).toEqual(['appearance.theme']);
});

test('shuts down cleanly on SIGTERM', async ({ app }) => {
  const code = await app.stop();
  expect(code).toBe(0);
  expect(app.output()).toContain('SIGTERM received, shutting down');
});
