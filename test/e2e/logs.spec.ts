import { expect, test } from './support/fixtures';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

test('switches to DEBUG, sees entries stream in live, filters them and copies one', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  const list = page.getByTestId('log-list');
  await expect(list.getByText('Console started (headless')).toBeVisible();

  await page.getByRole('combobox', { name: 'Log level' }).click();
  await page.getByRole('option', { name: 'DEBUG' }).click();
  await expect(page.getByText('Log level is now DEBUG.')).toBeVisible();
  // The change itself streams in, and a renderer error reported now shows up live too.
  await expect(list.getByText('Log level changed from INFO to DEBUG.')).toBeVisible();
  await page.evaluate(() =>
    setTimeout(() => {
      throw new Error('deliberate renderer failure for the test');
    }),
  );
  await expect(list.getByText('Renderer error: Uncaught Error: deliberate renderer failure for the test')).toBeVisible();

  await page.getByRole('textbox', { name: 'Search' }).fill('deliberate');
  await expect(page.getByTestId('log-row')).toHaveCount(1);
  await expect(page.getByTestId('log-row').locator('mark')).toHaveText('deliberate');
  await page.getByTestId('log-row').click();
  await page.getByRole('button', { name: 'Copy as JSON' }).click();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  expect(copied).toMatchObject({ level: 'error', source: 'renderer' });

  // The level survives a restart: it is in settings.json, and the file log has the entries.
  const settings = JSON.parse(readFileSync(join(app.dataDir, 'settings.json'), 'utf8'));
  expect(settings.logging.level).toBe('debug');
  const logFiles = readdirSync(join(app.dataDir, 'logs'));
  expect(logFiles).toHaveLength(1);
  expect(readFileSync(join(app.dataDir, 'logs', logFiles[0]), 'utf8')).toContain('deliberate renderer failure');
});

test('exports a log bundle as a download, with no secret in it', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export log bundle' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^outlook-console-logs-.*\.zip$/);
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'settings.json', 'environment.json']));
  expect(Object.keys(files).some((name) => name.startsWith('logs/console-'))).toBe(true);
  const everything = Object.values(files)
    .map((bytes) => strFromU8(bytes))
    .join('\n');
  expect(everything).toContain('Console started');
  // The console's own access token is a secret too.
  expect(everything).not.toContain(app.token);
  await expect(page.getByText(/^Downloaded outlook-console-logs-/)).toBeVisible();
});

test('names the field when the period is backwards', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  await page.getByLabel('From').fill('2026-12-31');
  await page.getByLabel('To').fill('2026-01-01');
  await page.getByRole('button', { name: 'Export log bundle' }).click();
  await expect(page.getByText('The first day must not be after the last day.')).toBeVisible();
});

test('runs all Diagnostics checks and explains what is red and amber', async ({ app, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Diagnostics', { exact: true }).click();
  await page.getByRole('button', { name: 'Run all checks' }).click();
  // A console not yet set up: the integration is off and has no Client ID or secret.
  await expect(page.getByRole('status').filter({ hasText: 'problems' })).toHaveText(/^3 problems, \d+ warnings?$/);
  const enabled = page.getByTestId('check-integration.enabled');
  await expect(enabled).toContainText('Problem');
  await expect(enabled).toContainText('Fix: Switch on Enabled on the Integration page and save.');
  await expect(page.getByTestId('check-integration.secret')).toContainText('No client secret is set.');
  // Headless mode keeps its key in a file, by design: said plainly, and no keyring is asked for.
  const secrets = page.getByTestId('check-storage.secrets');
  await expect(secrets).toContainText('OK');
  await expect(secrets).toContainText('secrets.key, readable only by this account');
  await expect(secrets).not.toContainText('keyring');
  await expect(page.getByTestId('check-storage.database')).toContainText('OK');
  await page.getByRole('button', { name: 'Copy report' }).click();
  const report = await page.evaluate(() => navigator.clipboard.readText());
  expect(report).toContain('[Problem] Integration / Integration enabled');
  expect(report).toContain('[OK] Console / Secret storage: Headless mode');

  // An error Microsoft showed on its own page, pasted as it appears there.
  const explain = page.getByRole('form', { name: 'Explain an error' });
  await explain.getByRole('button', { name: 'Explain' }).click();
  await expect(explain.getByText(/Paste the error Microsoft showed/)).toBeVisible();
  await explain
    .getByRole('textbox', { name: /Error Microsoft showed/ })
    .fill(
      "AADSTS50011: The redirect URI 'http://localhost:53100/oauth/callback' specified in the request does not match the redirect URIs configured for the application '0b5e6a2c-1234-4cde-9f00-123456789abc'.",
    );
  await explain.getByRole('button', { name: 'Explain' }).click();
  await expect(explain.getByText('AADSTS50011', { exact: true })).toBeVisible();
  await expect(explain).toContainText('http://localhost/oauth/callback');
});

test('holds streamed entries while paused, shows them on resume, and follows the newest', async ({ app, api, page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  const list = page.getByTestId('log-list');
  await expect(list.getByText('Console started (headless')).toBeVisible();

  await page.getByRole('button', { name: 'Pause' }).click();
  for (let index = 0; index < 3; index += 1) await api('log.report', { level: 'warning', message: `held while paused ${index}` });
  // A scheduled job may log beside them: at least the three are held, none is shown yet.
  // The entries stream in one by one, so the count is read until all three have arrived.
  const heldCount = async () =>
    Number(/\((\d+) new\)/.exec((await page.getByRole('button', { name: /^Resume/ }).textContent()) ?? '')?.[1]);
  await expect.poll(heldCount).toBeGreaterThanOrEqual(3);
  await expect(list.getByText('held while paused 0')).toHaveCount(0);

  await page.getByRole('button', { name: /^Resume/ }).click();
  // Following, the newest entry is in view without scrolling.
  await expect(list.getByText('held while paused 2')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('logs-after-resume.png') });

  // Entries streamed in while watching join once per frame; the source list learns a new source.
  for (let index = 0; index < 200; index += 1) await api('log.report', { level: 'error', message: `streamed ${index}` });
  await expect(list.getByText('streamed 199')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('logs-following-a-stream.png') });
  await page.getByRole('combobox', { name: 'Source' }).click();
  await expect(page.getByRole('option', { name: 'renderer' })).toBeVisible();
  await page.getByRole('option', { name: 'renderer' }).click();
  await expect(page.getByTestId('log-count')).toHaveText(/^\d[\d,]* of [\d,]+ entries$/);
  const [shown, of] = ((await page.getByTestId('log-count').textContent()) ?? '')
    .split(' of ')
    .map((part) => Number(part.replace(/\D/g, '')));
  expect(shown).toBeGreaterThanOrEqual(203);
  expect(shown).toBeLessThan(of);

  // With a filter on, entries that arrive next join the filtered view, and only those that match.
  await page.getByRole('textbox', { name: 'Search' }).fill('after the filter');
  await expect(page.getByTestId('log-count')).toHaveText(/^0 of /);
  await api('log.report', { level: 'error', message: 'streamed after the filter 1' });
  await api('log.report', { level: 'error', message: 'streamed after the filter 2' });
  await api('log.report', { level: 'error', message: 'streamed beside it' });
  await expect(list.getByText('streamed after the filter 2')).toBeVisible();
  await expect(page.getByTestId('log-row')).toHaveCount(2);
  await expect(page.getByTestId('log-count')).toHaveText(/^2 of /);
  await page.screenshot({ path: test.info().outputPath('logs-filtered-while-streaming.png') });
});
