// Headless mode used from another computer through SSH: the Integration page gives the exact
// command that forwards the console's port and the fixed sign-in redirect port.
import { consoleUrlAt } from './support/consoleAddress';
import { hostname } from 'node:os';
import { expect, test } from './support/fixtures';

test('shows the SSH command for both ports, and says why a fixed redirect port is needed', async ({ app, page }) => {
  await page.goto(consoleUrlAt(app, '/integration'));
  const hint = page.getByTestId('remote-use-hint');
  await expect(hint).toContainText("Each sign-in's answer comes back on a new port, which a tunnel cannot follow");
  await expect(page.getByTestId('ssh-forward-command')).toHaveText(
    `ssh -N -L ${app.port}:127.0.0.1:${app.port} -L 53682:127.0.0.1:53682 ${hostname()}`,
  );
  await page.getByRole('textbox', { name: 'Fixed redirect port (optional)' }).fill('50123');
  await expect(hint).toContainText('Forward both ports, each to the same number on your computer');
  await expect(page.getByTestId('ssh-forward-command')).toHaveText(
    `ssh -N -L ${app.port}:127.0.0.1:${app.port} -L 50123:127.0.0.1:50123 ${hostname()}`,
  );
  await expect(page.getByTestId('redirect-uri')).toHaveText('http://localhost:50123/oauth/callback');
});
