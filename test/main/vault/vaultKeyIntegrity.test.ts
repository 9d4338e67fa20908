// Lost or replaced vault keys: the console says its secrets are unreadable, never replaces the
// key under them, and each fix (the key restored; the secrets cleared and entered again) gives a
// working sync again — against the emulator, with the real key-file encryptor and MSAL.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountsView, DiagnosticsReport, IntegrationView, SyncOutcomeView, VaultHealth } from '../../../src/shared/contract';
import type { TestCore as Core } from '../../support/testCore';
import { createKeyFileEncryptor } from '../../../src/main/vault/keyFileEncryptor';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import { call, callOk, consoleForEmulator, signInInBrowser } from '../accounts/accountsFixture';
import { emulatorIntegrationConfig } from '../../support/emulatorIntegration';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

let emulator: Emulator;
let demo: DemoTenant;
beforeAll(async () => {
  ({ emulator, demo } = await startDemoEmulator());
});
afterAll(() => emulator.stop());

describe('vault key integrity', () => {
  const tempDir = useTempDirs();
  const cores: Core[] = [];
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.shutdown();
  });

  /** A console as headless mode makes it: the key in secrets.key beside the database. */
  function restart(dir: string): Core {
    const core = createTestCore(dir, { clock: { now: () => new Date() }, encryptor: createKeyFileEncryptor(join(dir, 'secrets.key')) });
    cores.push(core);
    return core;
  }

  async function connectAndSync(core: Core, userId: number): Promise<void> {
    const attempt = await callOk<{ url: string }>(core, 'accounts.connect', { userId });
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    await vi.waitFor(async () => expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account?.status).toBe('connected'));
    expect(await syncNow(core, userId)).toMatchObject({ status: 'success' });
  }

  const syncNow = (core: Core, userId: number) => callOk<SyncOutcomeView>(core, 'calendar.syncNow', { userId });
  const health = (core: Core) => callOk<VaultHealth>(core, 'vault.health');

  /** A console with the secret stored and Adele's account connected and synced, then stopped. */
  async function connectedConsole(): Promise<{ dir: string; userId: number; key: Buffer }> {
    const dir = tempDir();
    const { core, user, role } = await consoleForEmulator(dir, emulator, demo, {
      ports: { encryptor: createKeyFileEncryptor(join(dir, 'secrets.key')) },
    });
    core.access.setRoleScope(role.id, 'outlookCalendar', true);
    await connectAndSync(core, user.id);
    await core.shutdown();
    return { dir, userId: user.id, key: readFileSync(join(dir, 'secrets.key')) };
  }

  it('a replaced key file: secrets unreadable everywhere, nothing overwritten; restoring the key brings the sync back', async () => {
    const { dir, userId, key } = await connectedConsole();
    const otherKey = randomBytes(32);
    writeFileSync(join(dir, 'secrets.key'), otherKey);

    const core = restart(dir);
    await core.vault.open();
    const unreadable = await health(core);
    expect(unreadable).toMatchObject({ state: 'unreadable', keyFile: join(dir, 'secrets.key') });
    expect(unreadable.unreadable.map((entry) => entry.label)).toEqual(['Outlook sign-in of Ann Lee', 'Client secret']);
    expect(unreadable.reason).toMatch(/another key than the one in .*secrets\.key/);
    expect(unreadable.fix).toMatch(/Put back the secrets\.key .* Check again.*Clear unreadable secrets/);
    expect((await callOk<IntegrationView>(core, 'integration.get')).secret.state).toBe('unreadable');
    const row = (await callOk<AccountsView>(core, 'accounts.list')).rows[0];
    expect(row.account).toMatchObject({ status: 'needsReconnect', problem: { code: 'secretsUnreadable' } });

    // The sync fails with the reason and the fix, not an AES error.
    const failed = await syncNow(core, userId);
    expect(failed.status).toBe('failed');
    expect(failed.summary).toMatch(/stored secrets cannot be read/);
    expect(failed.summary).not.toMatch(/Unsupported state|authenticate data/);
    const report = await callOk<DiagnosticsReport>(core, 'diagnostics.run', { ids: ['storage.vaultKey'] });
    expect(report.results[0]).toMatchObject({ status: 'fail', fix: expect.stringMatching(/secrets\.key/) });

    // A new secret would be encrypted with the wrong key: refused, and the key file is untouched.
    const save = await call(core, 'integration.save', {
      config: emulatorIntegrationConfig(emulator, demo),
      secret: { value: demo.clientSecret, expiresOn: '2028-11-26' },
    });
    expect(save).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/cannot be read/) } });
    expect(readFileSync(join(dir, 'secrets.key')).equals(otherKey)).toBe(true);

    writeFileSync(join(dir, 'secrets.key'), key);
    expect(await callOk<VaultHealth>(core, 'vault.recheck')).toMatchObject({ state: 'readable', unreadable: [] });
    expect((await callOk<IntegrationView>(core, 'integration.get')).secret.state).toBe('stored');
    expect(await syncNow(core, userId)).toMatchObject({ status: 'success' });
  });

  it('a deleted key file: not made again while entries exist; clearing them and entering the secret again brings the sync back', async () => {
    const { dir, userId } = await connectedConsole();
    rmSync(join(dir, 'secrets.key'));

    const core = restart(dir);
    await core.vault.open();
    expect(await health(core)).toMatchObject({ state: 'unreadable', reason: expect.stringMatching(/missing/) });
    expect((await callOk<AccountsView>(core, 'accounts.list')).notReady).toMatch(/cannot be read/);
    expect(await callOk<VaultHealth>(core, 'vault.recheck')).toMatchObject({ state: 'unreadable' });
    expect(existsSync(join(dir, 'secrets.key'))).toBe(false);

    expect(await call(core, 'vault.clearUnreadable', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await callOk<VaultHealth>(core, 'vault.clearUnreadable', { confirmed: true })).toMatchObject({
      state: 'readable',
      unreadable: [],
    });
    const cleared = await callOk<IntegrationView>(core, 'integration.get');
    expect(cleared.secret.state).toBe('notSet');
    expect(cleared.config.enabled).toBe(false);
    expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account?.status).toBe('disconnected');
    expect(
      core.logs.recent().some((entry) => entry.level === 'warning' && /Unreadable secrets cleared.*Client secret/.test(entry.message)),
    ).toBe(true);

    await callOk(core, 'integration.save', {
      config: emulatorIntegrationConfig(emulator, demo),
      secret: { value: demo.clientSecret, expiresOn: '2028-11-26' },
    });
    expect(existsSync(join(dir, 'secrets.key'))).toBe(true);
    await connectAndSync(core, userId);
    await core.shutdown();

    // And the new key is the vault's from now on.
    const again = restart(dir);
    expect(await again.vault.open()).toEqual({ state: 'readable' });
  });

  it('a vault from before the key check, whose key was already replaced, is found unreadable too', async () => {
    const dir = tempDir();
    const first = restart(dir);
    await first.vault.put('integration.clientSecret', 'Xq8Q~a-secret-value');
    first.database.prepare("DELETE FROM app_meta WHERE key = 'vault.keyCheck'").run();
    await first.shutdown();
    writeFileSync(join(dir, 'secrets.key'), randomBytes(32));
    const core = restart(dir);
    expect(await core.vault.open()).toMatchObject({ state: 'unreadable', names: ['integration.clientSecret'] });
  });

  it('a lost key with nothing encrypted but the check itself starts afresh without asking', async () => {
    const dir = tempDir();
    const first = restart(dir);
    await first.vault.put('integration.clientSecret', 'Xq8Q~a-secret-value');
    first.vault.delete('integration.clientSecret');
    await first.shutdown();
    rmSync(join(dir, 'secrets.key'));
    const core = restart(dir);
    expect(await core.vault.open()).toEqual({ state: 'readable' });
    await core.vault.put('integration.clientSecret', 'Yq8Q~another-secret');
    expect(await core.vault.get('integration.clientSecret')).toBe('Yq8Q~another-secret');
  });
});
