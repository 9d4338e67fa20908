import { expect, test } from './support/fixtures';

test('edits the schedule with a live preview, runs the sync now, watches the run appear and opens it', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  const card = page.getByTestId('job-card');
  await expect(card.getByRole('heading', { name: 'Outlook Calendar Sync' })).toBeVisible();
  await expect(card.getByText('*/10 * * * *', { exact: true })).toBeVisible();
  await expect(page.getByTestId('history-count')).toHaveText('No runs');

  const cron = page.getByRole('textbox', { name: 'Schedule (cron)' });
  await expect(page.getByTestId('cron-preview')).toContainText('Every 10 minutes');
  await cron.fill('*/15 * * 13 *');
  await expect(page.getByText('The month field (4th) "13" is not valid')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save schedule' })).toBeDisabled();
  await cron.fill('30 6 * * *');
  const preview = page.getByTestId('cron-preview');
  await expect(preview).toContainText('Every day at 06:30');
  await expect(preview.getByRole('listitem')).toHaveCount(5);
  await cron.press('Enter');
  await expect(page.getByText('Saved. Outlook Calendar Sync now runs on "30 6 * * *".')).toBeVisible();
  await expect(card.getByText('30 6 * * *', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Run now' }).click();
  const row = page.getByTestId('history-row').first();
  // Appears without a reload, through the contract's events.
  await expect(row).toContainText('Run now');
  // Nobody is set up to sync: the run did nothing, so it is Skipped (not Success), and the status
  // bar does not claim a sync.
  await expect(row).toContainText('Skipped');
  await expect(page.getByTestId('history-count')).toHaveText('Runs 1–1 of 1');
  await expect(page.getByTestId('last-run')).toContainText('Skipped');
  await expect(page.getByTestId('status-last-sync')).toContainText('no sync has run yet');

  await row.click();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toContainText('Nothing is configured to sync');
  await expect(detail).toContainText('No user was synced in this run.');
  await expect(page.getByTestId('run-log')).toContainText('Outlook Calendar Sync started (run now).');
  await expect(page.getByTestId('run-log')).toContainText('Outlook Calendar Sync finished: skipped.');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();

  // Pause, and filter the history by a status no run has.
  await page.getByRole('switch', { name: 'Active' }).click();
  await expect(page.getByTestId('next-run')).toHaveText('Paused');
  await page.getByRole('toolbar', { name: 'Show runs with status' }).getByRole('button', { name: 'Failed' }).click();
  await expect(page.getByTestId('history-count')).toHaveText('No runs (Failed)');
  await page.screenshot({ path: 'test-results/jobs-page.png', fullPage: true });
});

test('jumps from a run to its log entries and back', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  await page.getByRole('button', { name: 'Run now' }).click();
  await expect(page.getByTestId('last-run')).toContainText('Skipped');
  await page.getByTestId('history-row').first().click();
  await page.getByRole('button', { name: 'Show in Logs' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible();
  await expect(page.getByTestId('run-filter')).toContainText('One job run');
  const rows = page.getByTestId('log-row');
  await expect(rows.filter({ hasText: 'Outlook Calendar Sync started (run now).' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'Console started' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Back to the run' }).click();
  await expect(page.getByTestId('run-detail')).toBeVisible();
  await expect(page.getByTestId('run-log')).toContainText('Outlook Calendar Sync finished: skipped.');
});
