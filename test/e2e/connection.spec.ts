/// <reference lib="dom" />
// The page when the headless console goes away and comes back: a banner, automatic reconnection,
// the events it missed replayed from its last event id, and a plain word for a refused token.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { rawRequest } from '../support/rawHttp';
import { startHeadlessConsole, type HeadlessConsole } from './headlessConsole';

let dataDir: string;
let port: number;
const running: HeadlessConsole[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: found } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return found;
}

/** The console as a service restart makes it: the same data folder, the same port. */
async function startConsole(extraArgs: string[] = []): Promise<HeadlessConsole> {
  const app = await startHeadlessConsole(undefined, { dataDir, port, extraArgs });
  running.push(app);
  return app;
}

const call = (app: HeadlessConsole, channel: string, body: unknown) =>
  rawRequest(app.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'oic-e2e-connection-'));
  port = await freePort();
});
test.afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('shows a banner when the console stops, and catches up with what it missed when it is back', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The page's own timers, so that its next attempt to reconnect can be held off (see below).
  await page.clock.install();
  const first = await startConsole();
  await page.goto(first.url);
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  await expect(page.getByText('Console started (headless').first()).toBeVisible();

  expect(await first.stop()).toBe(0);
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('The console is not answering');
  await expect(banner).toContainText('systemctl --user start outlook-console');
  await expect(page.getByTestId('status-connection')).toContainText('Not connected since');
  // An action meanwhile is answered in words, not "Failed to fetch".
  await page.getByRole('combobox', { name: 'Theme' }).click();
  await page.getByRole('option', { name: 'Dark' }).click();
  await expect(page.getByText(/The theme could not be saved: The console is not answering/)).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await page.screenshot({ path: 'test-results/connection-banner.png' });

  // Back, with the same token (kept in the data folder). The page's clock stands still meanwhile,
  // so its next attempt waits and things happen while it is away, as they do between attempts.
  // (Intercepting /api/events instead would buffer the stream: Chromium holds an intercepted body.)
  await page.clock.pauseAt(Date.now() + 200);
  const second = await startConsole();
  expect(second.url).toBe(first.url);
  expect((await call(second, 'log.report', { level: 'warning', message: 'Reported while the page was away' })).status).toBe(200);
  expect((await call(second, 'settings.update', { appearance: { theme: 'dark' } })).status).toBe(200);

  const reconnect = page.waitForRequest((request) => request.url().endsWith('/api/events'));
  await page.clock.resume();
  const lastEventId = await (await reconnect).headerValue('last-event-id');
  expect(lastEventId).toMatch(/^\w+-\d+$/);
  await expect(banner).toContainText('Reconnected');
  // The Logs page reads nothing again on its own: the entry came as a replayed event.
  await expect(page.getByText('Reported while the page was away')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveText('Dark');
  await expect(page.getByTestId('status-connection')).toHaveCount(0);
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
});

test('says plainly that the token is stale, and how to get the current URL', async ({ page }) => {
  const first = await startConsole();
  await page.goto(first.url);
  await expect(page.getByTestId('status-integration')).toHaveText('Integration: off');
  await first.stop();
  const second = await startConsole(['--new-token']);
  expect(second.token).not.toBe(first.token);
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('access token is no longer valid', { timeout: 20_000 });
  await expect(banner).toContainText('npm run headless -- --print-url');
  await expect(page.getByTestId('status-connection')).toContainText('token is no longer valid');

  // Opened with an old URL from the start: the same words, and no spinner that never stops.
  const fresh = await page.context().newPage();
  await fresh.goto(first.url);
  await expect(fresh.getByTestId('connection-banner')).toContainText('access token is no longer valid');
  await expect(fresh.getByRole('progressbar')).toHaveCount(0);
  await expect(fresh.getByText('Loading the integration settings')).toHaveCount(0);
});
