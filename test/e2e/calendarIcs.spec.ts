// iCalendar on the Calendar page in the browser: import with a preview that names each bad event
// and writes nothing until confirmed, then the list exported as a download that holds the events.
import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures';

const ics = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Test//EN',
  'BEGIN:VEVENT',
  'UID:1',
  'SUMMARY:Weekly pipeline',
  'DTSTART;TZID=Europe/Berlin:20270301T090000',
  'DTEND;TZID=Europe/Berlin:20270301T100000',
  'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:2',
  'SUMMARY:Trade fair',
  'DTSTART;VALUE=DATE:20270412',
  'DTEND;VALUE=DATE:20270415',
  'CATEGORIES:Meeting',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:3',
  'SUMMARY:Every hour',
  'DTSTART:20270301T090000Z',
  'DTEND:20270301T091500Z',
  'RRULE:FREQ=HOURLY',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

test('imports an .ics file after a preview with per-event errors, then exports the list as a download', async ({ app, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.setViewportSize({ width: 1360, height: 860 });
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Calendar', { exact: true }).click();
  await expect(page.getByText('No events match.')).toBeVisible();

  await page.getByRole('button', { name: 'Import .ics…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import events from iCalendar' });
  await dialog
    .getByLabel('iCalendar file to import')
    .setInputFiles({ name: 'events.ics', mimeType: 'text/calendar', buffer: Buffer.from(ics) });
  await expect(dialog.getByText('2 ready to import, 1 with errors.')).toBeVisible();
  const preview = dialog.getByRole('table', { name: 'Import preview' });
  await expect(preview.getByRole('row', { name: /Every hour/ })).toContainText('it repeats hourly, which Outlook cannot do');
  await expect(preview.getByRole('row', { name: /Weekly pipeline/ })).toContainText('(repeats)');
  await expect(preview.getByRole('row', { name: /Trade fair/ })).toContainText('Mon, Apr 12, 2027 – Wed, Apr 14, 2027 (all day)');
  // Nothing is written before the import is confirmed (getByText sees behind the modal dialog).
  await expect(page.getByText('No events match.')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/calendar-ics-import.png' });
  await dialog.getByRole('button', { name: 'Import 2 events' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('calendar-notice')).toContainText('Imported 2 events from the iCalendar file.');
  await expect(page.getByTestId('event-row')).toHaveCount(2);
  await expect(page.getByTestId('event-row').filter({ hasText: 'Weekly pipeline' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export .ics' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^calendar-\d{4}-\d{2}-\d{2}\.ics$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text).toContain('SUMMARY:Weekly pipeline');
  expect(text).toContain('DTSTART:20270301T080000Z');
  expect(text).toMatch(/RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=MO/);
  expect(text).toContain('DTSTART;VALUE=DATE:20270412');
  await expect(page.getByTestId('calendar-notice')).toContainText('Exported 2 events');
  expect(errors).toEqual([]);
});
