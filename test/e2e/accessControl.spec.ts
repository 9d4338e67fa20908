import { expect, test } from './support/fixtures';
import type { Page } from '@playwright/test';
import { expectNothingWiderThanViewport, expectTextInsideItsBox } from './support/layout';
import { consoleApi } from './support/outlookTenant';

async function openTab(page: Page, name: RegExp) {
  await page.getByRole('tab', { name }).click();
}

test('toggling Outlook Calendar on a role changes a member’s effective access and is audited', async ({ app, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The bad email below is refused with a 400 on purpose; the browser logs that response.
    if (message.type() === 'error' && !message.text().includes('status of 400')) errors.push(message.text());
  });
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Access control' })).toBeVisible();

  // A role, created from the keyboard: the form submits on Enter.
  await page.getByRole('button', { name: 'New role' }).click();
  await page.getByRole('textbox', { name: 'Role name' }).fill('Sales');
  await page.keyboard.press('Enter');
  const calendarToggle = page.getByRole('switch', { name: 'Outlook Calendar for role Sales' });
  await expect(calendarToggle).not.toBeChecked();
  for (const scope of ['External Accounts', 'Outlook Contacts']) {
    await expect(page.getByRole('switch', { name: `${scope} for role Sales` })).not.toBeChecked();
  }

  // A regular user in that role; a bad email is refused with the field named.
  await openTab(page, /^Users/);
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Ann Lee');
  await dialog.getByRole('textbox', { name: 'Email' }).fill('ann.lee@');
  await dialog.getByRole('checkbox', { name: 'Sales' }).check();
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog.getByText('Enter an email address like ann.lee@example.com.')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Email' }).fill('ann.lee@example.com');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog).toBeHidden();
  const annRow = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Ann Lee/ });
  await expect(annRow).toContainText('ann.lee@example.com');
  await expect(annRow).toContainText('Sales');

  // Her effective access: no Outlook Calendar, and the page says why and what to do.
  await annRow.getByRole('button', { name: 'Check access of Ann Lee' }).click();
  const calendar = page.getByRole('listitem', { name: /^Outlook Calendar:/ });
  await expect(calendar).toHaveAccessibleName('Outlook Calendar: not granted');
  await expect(calendar).toContainText("None of Ann Lee's roles (Sales) enables Outlook Calendar");
  await expect(page.getByText("Why doesn't Ann Lee have the External Accounts button?")).toBeVisible();

  // Toggle Outlook Calendar on the role, with the keyboard.
  await openTab(page, /^Roles and scopes/);
  await calendarToggle.focus();
  await page.keyboard.press('Space');
  await expect(calendarToggle).toBeChecked();
  await expect(page.getByRole('group', { name: 'Members of role Sales' })).toContainText('Ann Lee');

  await openTab(page, /^Effective access/);
  await expect(calendar).toHaveAccessibleName('Outlook Calendar: granted');
  await expect(calendar).toContainText('Granted by Sales');
  await expect(calendar).toContainText('Granted by the role Sales.');
  await expect(page.getByRole('listitem', { name: 'Outlook Contacts: not granted' })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: 'test-results/access-control-effective.png' });

  await openTab(page, /^Audit log/);
  const toggleEntry = page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: /Role Sales.*Outlook Calendar/ });
  await expect(toggleEntry).toContainText('not set');
  await expect(toggleEntry).toContainText('enabled');
  await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('row', { name: /User Ann Lee/ })).toContainText('created');
  await page.screenshot({ path: 'test-results/access-control-audit.png' });
  await openTab(page, /^Users/);
  await page.screenshot({ path: 'test-results/access-control-users.png' });

  // Deactivating asks first, keeps the user listed, and takes every scope away.
  await annRow.getByRole('button', { name: 'Deactivate Ann Lee' }).click();
  await page.getByRole('alertdialog', { name: 'Deactivate Ann Lee?' }).getByRole('button', { name: 'Deactivate' }).click();
  await expect(annRow).toContainText('Deactivated');
  await annRow.getByRole('button', { name: 'Check access of Ann Lee' }).click();
  await expect(calendar).toHaveAccessibleName('Outlook Calendar: not granted');
  await expect(calendar).toContainText('Ann Lee is deactivated');

  await openTab(page, /^Roles and scopes/);
  await page.screenshot({ path: 'test-results/access-control-roles.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('imports users from CSV only after a preview, skipping the bad rows and saying why', async ({ app, page }) => {
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await openTab(page, /^Users/);
  await page.getByRole('button', { name: 'Import from CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import users from CSV' });
  await dialog
    .getByRole('textbox', { name: 'CSV rows' })
    .fill('name,email,type\nAnn Lee,ann@example.com,regular\nBo Chen,bo@example\nAnn Twin,ANN@example.com,\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog).toContainText('1 ready to import, 1 duplicate, 1 with errors');
  await expect(dialog.getByRole('row', { name: /Bo Chen/ })).toContainText('email: Enter an email address');
  await page.screenshot({ path: 'test-results/access-control-import.png' });
  // Nothing is saved by the preview (the tab sits behind the modal dialog, hence includeHidden).
  await expect(page.getByRole('tab', { name: 'Users (0)', includeHidden: true })).toHaveCount(1);
  await dialog.getByRole('button', { name: 'Import 1 user' }).click();
  await expect(dialog).toContainText('Imported 1 user');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /Ann Lee/ })).toContainText('ann@example.com');
  await expect(page.getByRole('tab', { name: 'Users (1)' })).toBeVisible();
});

test('the user dialog: a role label ticks its own box; long addresses wrap inside their column at 1280 × 800', async ({ app, page }) => {
  const api = consoleApi(app);
  const sales = await api<{ id: number }>('access.createRole', { name: 'Sales' });
  await api('access.createRole', { name: 'Support' });
  await api('access.createUser', {
    name: 'Ann Lee',
    email: 'ann.lee.from.the.very.long.department.name@subsidiary.contoso.example.com',
    type: 'regular',
    roleIds: [sales.id],
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await page.getByRole('navigation').getByText('Access control', { exact: true }).click();
  await openTab(page, /^Users/);
  await expectNothingWiderThanViewport(page);
  await expectTextInsideItsBox(page.getByRole('cell', { name: /ann\.lee\.from/ }));
  await page.getByRole('button', { name: 'Edit Ann Lee' }).click();
  const roles = page.getByRole('group', { name: 'Roles' });
  const salesBox = roles.getByRole('checkbox', { name: 'Sales' });
  const supportBox = roles.getByRole('checkbox', { name: 'Support' });
  await expect(salesBox).toBeChecked();
  await expect(supportBox).not.toBeChecked();
  // Before the fix both boxes shared one id, so this label ticked Sales off instead.
  await roles.getByText('Support', { exact: true }).click();
  await expect(supportBox).toBeChecked();
  await expect(salesBox).toBeChecked();
  await roles.getByText('Sales', { exact: true }).click();
  await expect(salesBox).not.toBeChecked();
  await expect(supportBox).toBeChecked();
  await page.getByRole('button', { name: 'Save' }).click();
  await openTab(page, /^Audit log/);
  await expectNothingWiderThanViewport(page);
  await expectTextInsideItsBox(page.getByRole('cell', { name: /ann\.lee\.from/ }).first());
  await page.screenshot({ path: 'test-results/access-audit-1280.png' });
});
