import { expect, test } from './support/fixtures';
import { consoleUrlAt } from './support/consoleAddress';
import { consoleApi } from './support/outlookTenant';

const heading = (title: string) => ({ level: 1, name: title }) as const;

test('every page has an address: reload stays, Back and Forward move between pages', async ({ app, page }) => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', heading('Overview'))).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');

  await page.getByRole('navigation').getByText('Logs', { exact: true }).click();
  await expect(page.getByRole('heading', heading('Logs'))).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/logs');
  await page.getByRole('navigation').getByText('Diagnostics', { exact: true }).click();
  expect(new URL(page.url()).hash).toBe('#/diagnostics');

  // The token is kept for the tab, so a reload opens the same page, not the overview.
  await page.reload();
  await expect(page.getByRole('heading', heading('Diagnostics'))).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', heading('Logs'))).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', heading('Diagnostics'))).toBeVisible();

  // The overview's tiles link to their pages.
  await page.getByRole('navigation').getByText('Overview', { exact: true }).click();
  await page.getByRole('link', { name: 'Open Scheduled jobs' }).click();
  await expect(page.getByRole('heading', heading('Scheduled jobs'))).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/jobs');
});

test('a job run has an address; Show in Logs goes to the run’s log entries, and Back returns to the run', async ({ app, page }) => {
  const api = consoleApi(app);
  const { run } = await api<{ run: { id: string } }>('jobs.runNow', { jobId: 'outlookCalendarSync' });
  await expect.poll(async () => (await api<{ status: string }>('jobs.runDetail', { runId: run.id })).status).not.toBe('running');

  // Opened straight from a link with the token: the run's detail, and the token gone from the address.
  await page.goto(consoleUrlAt(app, `/jobs/runs/${run.id}`));
  await expect(page.getByTestId('run-detail')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  expect(new URL(page.url()).hash).toBe(`#/jobs/runs/${run.id}`);

  await page.getByRole('button', { name: 'Show in Logs' }).click();
  await expect(page.getByRole('heading', heading('Logs'))).toBeVisible();
  expect(new URL(page.url()).hash).toBe(`#/logs/runs/${run.id}`);
  await expect(page.getByTestId('run-filter')).toContainText('One job run');
  await page.reload();
  await expect(page.getByTestId('run-filter')).toContainText('One job run');

  await page.goBack();
  await expect(page.getByTestId('run-detail')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('run-detail')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe('#/jobs');

  // An unknown address opens the overview rather than an empty page.
  await page.goto(`${app.origin}/#/no/such/place`);
  await expect(page.getByRole('heading', heading('Overview'))).toBeVisible();
});

test('Back with unsaved Integration edits asks first; Cancel keeps the edits and the page', async ({ app, page }) => {
  await page.goto(consoleUrlAt(app, '/logs'));
  await expect(page.getByRole('heading', heading('Logs'))).toBeVisible();
  await page.getByRole('navigation').getByText('Integration', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Client ID' }).fill('not-yet-saved');
  await page.goBack();
  const dialog = page.getByRole('alertdialog', { name: 'Leave without saving?' });
  await expect(dialog).toContainText('Going to Logs loses them');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', heading('Integration'))).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Client ID' })).toHaveValue('not-yet-saved');
  expect(new URL(page.url()).hash).toBe('#/integration');
});
