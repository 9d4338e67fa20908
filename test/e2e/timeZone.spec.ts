// One time zone, labelled: the browser runs in New York while the console's machine is in Tokyo.
// Every time on the Calendar page, the Scheduled jobs page and the status bar is the console's
// zone and says so; after the administrator chooses Berlin, the schedule runs and previews in it,
// and the Overview shows its times in Berlin too.
import { expect, test } from './support/fixtures';
import { connectAccountInBrowser, createUserWithScopes } from './support/outlookTenant';

test.use({ timezoneId: 'America/New_York', locale: 'en-US', consoleEnv: { TZ: 'Asia/Tokyo' } });

test('times agree across pages in the console zone, not the browser one; a chosen zone runs and previews the schedule', async ({
  app,
  configuredApi: api,
  page,
  browser,
}) => {
  await createUserWithScopes(api, { name: 'Ann Lee', email: 'ann.lee@example.com' }, ['externalAccounts', 'outlookCalendar']);
  // 01:00 UTC: 10:00 in Tokyo, 20:00 the evening before in New York, 02:00 in Berlin.
  await api('calendar.saveEvent', {
    kind: 'meeting',
    name: 'Breakfast briefing',
    start: '2027-01-10T01:00:00.000Z',
    end: '2027-01-10T02:00:00.000Z',
    allDay: false,
    timeZone: 'Asia/Tokyo',
    assignedUserId: null,
  });
  await api('calendar.saveEvent', {
    kind: 'meeting',
    name: 'Offsite day',
    start: '2027-01-12',
    end: '2027-01-13',
    allDay: true,
    timeZone: 'Asia/Tokyo',
    assignedUserId: null,
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(app.url);
  await connectAccountInBrowser(page, browser, 'Ann Lee', 'Adele Vance');

  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'When (Asia/Tokyo)' })).toBeVisible();
  const briefing = page.getByTestId('event-row').filter({ hasText: 'Breakfast briefing' });
  await expect(briefing).toContainText('Sun, Jan 10, 2027, 10:00 AM – 11:00 AM');
  // An all-day event keeps its date whatever the zone.
  await expect(page.getByTestId('event-row').filter({ hasText: 'Offsite day' })).toContainText('Tue, Jan 12, 2027 (all day)');

  await page.getByRole('combobox', { name: 'User' }).click();
  await page.getByRole('option', { name: 'Ann Lee' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('calendar-notice')).toContainText('Ann Lee: in Outlook');
  const status = page.getByTestId('status-last-sync');
  await expect(status).toContainText('(Asia/Tokyo)');
  const statusTime = /at (.+?) \(Asia\/Tokyo\)/.exec((await status.textContent()) ?? '')![1];
  const { runs } = await api<{ runs: Array<{ startedAt: string; finishedAt: string; trigger: string }> }>('jobs.history', {
    jobId: 'outlookCalendarSync',
  });
  const finished = runs.find((run) => run.trigger === 'manual')!.finishedAt;
  expect(statusTime).toBe(
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(new Date(finished)),
  );

  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  await expect(page.getByText('Next run (Asia/Tokyo)')).toBeVisible();
  // The job's last run (its end) reads as the status bar does; its history row shows the start in the same zone and format.
  await expect(page.getByTestId('last-run')).toContainText(statusTime);
  const started = runs.find((run) => run.trigger === 'manual')!;
  await expect(page.getByTestId('history-row').filter({ hasText: 'Run now' }).first()).toContainText(
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Tokyo' }).format(
      new Date(started.startedAt),
    ),
  );

  // The administrator chooses Berlin: the Calendar page, the schedule and its preview follow.
  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
  const zone = page.getByRole('combobox', { name: 'Time zone of the console' });
  await zone.fill('Europe/Berlin');
  await page.getByRole('button', { name: 'Use this zone' }).click();
  await expect(page.getByRole('columnheader', { name: 'When (Europe/Berlin)' })).toBeVisible();
  await expect(briefing).toContainText('Sun, Jan 10, 2027, 02:00 AM – 03:00 AM');

  await page.getByRole('navigation').getByText('Scheduled jobs', { exact: true }).click();
  await expect(page.getByText('Next run (Europe/Berlin)')).toBeVisible();
  await page.getByRole('textbox', { name: 'Schedule (cron)' }).fill('30 6 * * *');
  const preview = page.getByTestId('cron-preview');
  await expect(preview).toContainText('(Europe/Berlin)');
  await expect(preview.getByRole('listitem')).toHaveCount(5);
  for (const item of await preview.getByRole('listitem').all()) await expect(item).toContainText('6:30:00 AM');
  await page.getByRole('textbox', { name: 'Schedule (cron)' }).press('Enter');
  await expect(page.getByTestId('next-run')).toContainText('6:30:00 AM');
  // The scheduler itself reads the schedule in Berlin: 06:30 there is 05:30 UTC in winter.
  const { jobs } = await api<{ jobs: Array<{ id: string; nextRunAt: string; timeZone: string }> }>('jobs.list');
  const sync = jobs.find((job) => job.id === 'outlookCalendarSync')!;
  expect(sync.timeZone).toBe('Europe/Berlin');
  expect(new Date(sync.nextRunAt).toISOString()).toMatch(/T05:30:00\.000Z$/);

  // The Overview reads the same: the next run and the last one in Berlin, in the same format, and says so.
  const inBerlin = (iso: string) =>
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date(iso));
  await page.getByRole('navigation').getByText('Overview', { exact: true }).click();
  await expect(page.getByTestId('overview-time-zone')).toHaveText('Times in Europe/Berlin.');
  const overviewJobs = page.getByTestId('overview-jobs');
  await expect(overviewJobs).toContainText(`Outlook Calendar Sync: next at ${inBerlin(sync.nextRunAt)}.`);
  const lastRunLink = overviewJobs.getByRole('link', { name: /^Outlook Calendar Sync: last run / });
  const shownLastRun = (await lastRunLink.getAttribute('aria-label'))!.replace('Outlook Calendar Sync: last run ', '');
  const history = await api<{ runs: Array<{ startedAt: string }> }>('jobs.history', { jobId: 'outlookCalendarSync' });
  expect(history.runs.map((run) => inBerlin(run.startedAt))).toContain(shownLastRun);
  await expect(lastRunLink).toContainText(shownLastRun);
});
