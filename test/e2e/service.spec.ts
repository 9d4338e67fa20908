// Headless mode as a background service, with real processes: one console per data folder, the
// URL for whoever may read the folder, logs on stdout under a service manager, a private folder.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { defaultIntegrationConfig } from '../../src/shared/contract';
import { rawRequest } from '../support/rawHttp';
import { startHeadlessConsole, type HeadlessConsole } from './headlessConsole';

const entry = 'out/main/headless.js';
const running: HeadlessConsole[] = [];
const folders: string[] = [];

async function start(options: Parameters<typeof startHeadlessConsole>[1] = {}) {
  const app = await startHeadlessConsole(entry, options);
  running.push(app);
  return app;
}

function freshFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oic-e2e-service-'));
  folders.push(dir);
  return dir;
}

/** Every entry below the folder with its mode, folders marked with a trailing slash. */
function modes(dir: string, relative = ''): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of readdirSync(join(dir, relative))) {
    const shown = relative ? `${relative}/${name}` : name;
    const info = statSync(join(dir, shown));
    found[info.isDirectory() ? `${shown}/` : shown] = (info.mode & 0o777).toString(8);
    if (info.isDirectory()) Object.assign(found, modes(dir, shown));
  }
  return found;
}

test.afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

test('a second console on the same data folder exits non-zero, naming the first one’s PID and how to stop it', async () => {
  const app = await start();
  const second = spawn(process.execPath, [entry, '--data-dir', app.dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  second.stdout.on('data', (chunk) => (output += chunk));
  second.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
  expect(code).toBe(3);
  expect(output).toContain(`headless mode, PID ${app.process.pid}`);
  expect(output).toContain(`kill ${app.process.pid}`);
  expect(output).toContain('systemctl --user stop outlook-console');
  expect(output).not.toContain('Console:');
  // The first one is untouched.
  expect(app.process.exitCode).toBeNull();
});

test('--print-url prints the running console’s URL, and says when none is running', async () => {
  const app = await start();
  const printed = spawnSync(process.execPath, [entry, '--print-url', '--data-dir', app.dataDir], { encoding: 'utf8' });
  expect(printed.status).toBe(0);
  expect(printed.stdout).toBe(`${app.url}\n`);
  await app.stop();
  const none = spawnSync(process.execPath, [entry, '--print-url', '--data-dir', app.dataDir], { encoding: 'utf8' });
  expect(none.status).toBe(1);
  expect(none.stderr).toContain(`No console is running on ${app.dataDir}`);
});

test('under a service manager: the log on stdout, the token only in the 0600 address file; SIGTERM stops it and frees the folder', async () => {
  const app = await start();
  expect(app.output()).toMatch(/INFO \[core\] Console started \(headless/);
  expect(app.output()).toMatch(
    /^Console: http:\/\/127\.0\.0\.1:\d+\/ \(the URL with its access token: npm run headless -- --print-url --data-dir/m,
  );
  expect(app.output()).not.toContain(app.token);
  let after: Record<string, string> = {};
  expect(await app.stop((dataDir) => (after = modes(dataDir)))).toBe(0);
  expect(app.output()).toContain('SIGTERM received, shutting down');
  expect(app.output()).toMatch(/INFO \[core\] Console stopped/);
  expect(after['headless-console.json']).toBe('600');
  expect(after['console.lock']).toBeUndefined();
});

test('a data folder created 0755 with 0644 files is 0700 / 0600 after start, and said so once', async () => {
  const dataDir = freshFolder();
  const first = await start({ dataDir });
  // A theme and a client secret, so that settings.json and secrets.key exist too.
  const call = (channel: string, body: unknown) =>
    rawRequest(first.port, {
      method: 'POST',
      path: `/api/${channel}`,
      headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  expect((await call('settings.update', { appearance: { theme: 'dark' } })).status).toBe(200);
  const config = { ...defaultIntegrationConfig, clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc', tenant: 'contoso.com' };
  expect(
    (await call('integration.save', { config, secret: { value: 'Zq8Q~service-test-secret-value', expiresOn: '2028-11-26' } })).status,
  ).toBe(200);
  await first.stop();
  chmodSync(dataDir, 0o755);
  for (const [name] of Object.entries(modes(dataDir))) chmodSync(join(dataDir, name), name.endsWith('/') ? 0o755 : 0o644);

  const second = await start({ dataDir });
  const now = modes(dataDir);
  expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
  expect(Object.keys(now)).toEqual(
    expect.arrayContaining(['workspace.db', 'workspace.db-wal', 'workspace.db-shm', 'settings.json', 'secrets.key', 'logs/']),
  );
  for (const [name, mode] of Object.entries(now)) expect(mode, name).toBe(name.endsWith('/') ? '700' : '600');
  expect(second.output()).toMatch(/WARNING \[core\] The data folder was open to other accounts \(mode 0755\); it is now 0700/);
  await second.stop();

  const third = await start({ dataDir });
  expect(third.output()).not.toContain('open to other accounts');
  expect(existsSync(join(dataDir, 'console.lock'))).toBe(true);
});
