// Organisation-wide mode against the emulator, through the core's channels: the console generates
// its certificate, the administrator uploads it and grants application consent, and the calendar
// sync and the contacts push reach every user's mailbox as the app, none of them ever signing in.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { appCertificateKeyName } from '../../../src/main/integration/integrationService';
import type { AccountsView, IntegrationView, OrganisationMailboxes, PushProgress, RunDetail } from '../../../src/shared/contract';
import type { Core } from '../../../src/main/core';
import { calendarSyncJobId } from '../../../src/main/sync/calendarSyncJob';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { startDemoEmulator } from '../../emulator/support/session';
import { emulatorIntegrationConfig } from '../../support/emulatorIntegration';
import { useTempDirs } from '../../support/tempDir';
import { signInInBrowser } from '../accounts/accountsFixture';
import { callOk, createTestCore } from '../../support/testCore';

const ADELE = 'adele.vance@contoso.onmicrosoft.com';
const ALEX = 'alex.wilber@contoso.onmicrosoft.com';
const DIEGO = 'diego.siciliani@contoso.onmicrosoft.com';
const tempDir = useTempDirs();
let emulator: Emulator;
let demo: DemoTenant;
const cores: Core[] = [];

beforeAll(async () => ({ emulator, demo } = await startDemoEmulator()));
afterAll(() => emulator.stop());
afterEach(async () => {
  for (const core of cores.splice(0)) await core.shutdown();
  emulator.appOnly.removeCertificates(demo.app.clientId);
  emulator.appOnly.revokeApplicationConsent(demo.tenant.id, demo.app.clientId);
  emulator.appOnly.removeMailboxScopePolicies(demo.app.clientId);
  emulator.tokens.revoke(demo.admin.id);
});

const mailboxOf = (upn: string) => emulator.directory.mailbox(emulator.directory.findUser(upn)!.id);

type Mode = 'certificate' | 'secret';

/** A console in organisation-wide mode: three users with Outlook Calendar and Outlook Contacts, none signed in. */
async function organisationConsole(credential: Mode, dir = tempDir(), consentedRoles: readonly string[] = demo.app.requiredAppRoles) {
  const core = createTestCore(dir, { clock: { now: () => new Date() } });
  cores.push(core);
  const call = <T = unknown>(channel: string, input?: unknown) => callOk<T>(core, channel, input);
  const config = emulatorIntegrationConfig(emulator, demo, { connection: { mode: 'application', credential } });
  // The certificate is made before the mode can be switched on with it.
  await call('integration.save', { config: { ...config, enabled: false }, secret: { value: demo.clientSecret, expiresOn: '2028-11-26' } });
  if (credential === 'certificate') {
    await call('integration.generateCertificate');
    const file = await call<{ fileName: string; pem: string }>('integration.certificateFile');
    expect(file.pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(file.pem).not.toMatch(/PRIVATE KEY/);
    emulator.appOnly.uploadCertificate(demo.app.clientId, file.pem);
  }
  await call('integration.save', { config });
  if (consentedRoles.length > 0) emulator.appOnly.grantApplicationConsent(demo.tenant.id, demo.app.clientId, consentedRoles);
  const role = core.access.createRole('Sales');
  core.access.setRoleScope(role.id, 'outlookCalendar', true);
  core.access.setRoleScope(role.id, 'outlookContacts', true);
  const users = Object.fromEntries(
    [
      ['adele', 'Adele Vance', ADELE],
      ['alex', 'Alex Wilber', ALEX],
      ['diego', 'Diego Siciliani', DIEGO],
    ].map(([key, name, email]) => [key, core.access.createUser({ name, email, type: 'regular', roleIds: [role.id] }).id]),
  ) as Record<'adele' | 'alex' | 'diego', number>;
  return { core, call, users };
}

async function syncCalendars(core: Core): Promise<RunDetail> {
  const started = core.jobs.runNow(calendarSyncJobId);
  for (let tries = 0; tries < 600; tries++) {
    const detail = await callOk<RunDetail>(core, 'jobs.runDetail', { runId: started.id });
    if (detail.finishedAt) return detail;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the calendar sync did not finish');
}

async function importContact(core: Core): Promise<number[]> {
  await callOk(core, 'contacts.confirmImport', {
    kind: 'contact',
    rows: [{ row: 2, firstName: 'Org', lastName: 'Contact', emails: ['org.contact@example.com'], phones: [], accountName: 'Contoso' }],
  });
  const { rows } = await callOk<{ rows: Array<{ id: number }> }>(core, 'contacts.list', { kind: 'contact', search: 'Org', limit: 10 });
  return rows.map((row) => row.id);
}

/** Pushes the people to the users' Outlook contacts and waits for the push's last event. */
async function pushContacts(core: Core, ids: number[], userIds: number[]): Promise<PushProgress> {
  const seen: PushProgress[] = [];
  const stop = core.events.subscribe(({ event, payload }) => {
    if (event === 'contacts.pushProgress' && (payload as PushProgress).status !== 'running') seen.push(payload as PushProgress);
  });
  try {
    const started = await callOk<PushProgress>(core, 'contacts.push', { selection: { ids }, userIds });
    for (let tries = 0; tries < 600; tries++) {
      const done = seen.find((progress) => progress.pushId === started.pushId);
      if (done) return done;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the contacts push did not finish');
  } finally {
    stop();
  }
}

const statusOf = (detail: RunDetail, name: string) => detail.users.find((user) => user.userName === name);

describe('organisation-wide mode', () => {
  it('keeps the certificate’s private key in the vault only: not in settings, logs or any answer', async () => {
    const dir = tempDir();
    const { core, call } = await organisationConsole('certificate', dir);
    const privateKeyPem = (await core.vault.get(appCertificateKeyName))!;
    expect(privateKeyPem).toMatch(/BEGIN PRIVATE KEY/);
    const keyBody = privateKeyPem.split('\n')[1];
    await core.organisation.tokens.accessToken();
    const answers = JSON.stringify([await call('integration.get'), await call('integration.certificateFile'), await call('settings.get')]);
    expect(answers).not.toContain(keyBody);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name)).toString('latin1');
      expect(text.includes(keyBody), file.name).toBe(false);
    }
  });

  for (const credential of ['certificate', 'secret'] as const) {
    it(`with a ${credential}: syncs calendars and pushes contacts for users who never signed in`, async () => {
      const { core, users } = await organisationConsole(credential);
      const run = await syncCalendars(core);
      for (const name of ['Adele Vance', 'Alex Wilber', 'Diego Siciliani']) expect(statusOf(run, name)?.status).toBe('success');
      expect(statusOf(run, 'Adele Vance')!.fromOutlook.created).toBeGreaterThan(0);
      expect(core.accounts.connectedUserIds()).toEqual([]);
      const graphCalls = emulator.requestLog.entries.filter((entry) => entry.area === 'graph');
      expect(graphCalls.some((entry) => entry.path.startsWith(`/v1.0/users/${ADELE}/calendarView/delta`))).toBe(true);
      expect(graphCalls.some((entry) => entry.path.startsWith('/v1.0/me'))).toBe(false);

      const before = mailboxOf(ALEX).contacts.size;
      const pushed = await pushContacts(core, await importContact(core), [users.alex]);
      expect(pushed.status).toBe('done');
      expect(mailboxOf(ALEX).contacts.size).toBe(before + 1);
    });
  }

  it('registers each app token with the log redactor until it expires, so a new one every hour does not pile up', async () => {
    const { core } = await organisationConsole('secret');
    const registered = vi.spyOn(core.logs.redactor, 'registerSecret');
    await syncCalendars(core);
    const appTokens = registered.mock.calls.filter(([value]) => {
      const payload = value.split('.')[1];
      return payload !== undefined && (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { idtyp?: string }).idtyp === 'app';
    });
    expect(appTokens.length).toBeGreaterThan(0);
    for (const [, lifetime] of appTokens) {
      const expiresIn = lifetime!.expiresAt!.getTime() - Date.now();
      expect(expiresIn).toBeGreaterThan(30 * 60_000);
      expect(expiresIn).toBeLessThan(25 * 3600_000);
    }
  });

  it('fails a mailbox outside the application access policy alone, with its explanation', async () => {
    emulator.appOnly.addMailboxScopePolicy(demo.app.clientId, 'RestrictAccess', [ADELE, ALEX]);
    const { core, users } = await organisationConsole('secret');
    const run = await syncCalendars(core);
    expect(statusOf(run, 'Adele Vance')?.status).toBe('success');
    expect(statusOf(run, 'Alex Wilber')?.status).toBe('success');
    const diego = statusOf(run, 'Diego Siciliani')!;
    expect(diego.status).toBe('failed');
    expect(diego.errors[0].explanation).toMatch(/outside the mail-enabled security group/);
    const listed = await callOk<OrganisationMailboxes>(core, 'organisation.checkMailboxes');
    expect(Object.fromEntries(listed.rows.map((row) => [row.user.name, row.check?.state]))).toEqual({
      'Adele Vance': 'found',
      'Alex Wilber': 'found',
      'Diego Siciliani': 'outsideScope',
    });
    const check = await core.organisation.mailboxes.check(users.diego);
    expect(check.state).toBe('outsideScope');
    const report = await callOk<{ results: Array<{ id: string; status: string; summary: string }> }>(core, 'diagnostics.run', {
      ids: ['organisation.token', 'organisation.mailboxes'],
    });
    const byId = Object.fromEntries(report.results.map((result) => [result.id, result]));
    expect(byId['organisation.token'].status).toBe('pass');
    expect(byId['organisation.mailboxes'].status).toBe('fail');
    expect(byId['organisation.mailboxes'].summary).toMatch(/Diego Siciliani: Exchange Online keeps the app out/);
    expect((await core.organisation.mailboxes.check(users.adele)).state).toBe('found');
  });

  it('says which users have no mailbox or are not in the directory', async () => {
    const { core } = await organisationConsole('secret');
    const stranger = core.access.createUser({ name: 'Nobody', email: 'nobody@contoso.onmicrosoft.com', type: 'regular', roleIds: [] });
    expect((await core.organisation.mailboxes.check(stranger.id)).state).toBe('notFound');
    emulator.directory.addUser(demo.tenant, { userPrincipalName: 'kiosk2@contoso.onmicrosoft.com', displayName: 'Kiosk' });
    emulator.appOnly.removeMailbox('kiosk2@contoso.onmicrosoft.com');
    const kiosk = core.access.createUser({ name: 'Kiosk', email: 'kiosk2@contoso.onmicrosoft.com', type: 'regular', roleIds: [] });
    expect((await core.organisation.mailboxes.check(kiosk.id)).state).toBe('noMailbox');
  });

  it('explains a certificate that was never uploaded (AADSTS700027) with its fix', async () => {
    const core = createTestCore(tempDir(), { clock: { now: () => new Date() } });
    cores.push(core);
    const config = emulatorIntegrationConfig(emulator, demo, {
      connection: { mode: 'application', credential: 'certificate' },
      enabled: false,
    });
    await callOk(core, 'integration.save', { config });
    await callOk(core, 'integration.generateCertificate');
    await expect(core.organisation.tokens.accessToken()).rejects.toThrow(/AADSTS700027[\s\S]*Download certificate/);
  });

  it('switching modes keeps the workspace and the links: no duplicates in Outlook', async () => {
    const dir = tempDir();
    const first = await organisationConsole('secret', dir);
    await syncCalendars(first.core);
    const people = await importContact(first.core);
    await pushContacts(first.core, people, [first.users.adele]);
    const contactsAfterFirst = mailboxOf(ADELE).contacts.size;
    const eventsAfterFirst = mailboxOf(ADELE).events.size;
    const meetings = first.core.database.prepare('SELECT COUNT(*) AS n FROM workspace_events').get() as { n: number };

    const view = await first.call<IntegrationView>('integration.get');
    await first.call('integration.save', { config: { ...view.config, connection: { mode: 'delegated', credential: 'secret' } } });
    await first.call('integration.save', { config: { ...view.config, connection: { mode: 'application', credential: 'secret' } } });
    const again = await syncCalendars(first.core);
    expect(statusOf(again, 'Adele Vance')?.status).toBe('success');
    expect(statusOf(again, 'Adele Vance')!.fromOutlook.created).toBe(0);
    const second = await pushContacts(first.core, people, [first.users.adele]);
    expect(second.status).toBe('done');
    expect(mailboxOf(ADELE).contacts.size).toBe(contactsAfterFirst);
    expect(mailboxOf(ADELE).events.size).toBe(eventsAfterFirst);
    expect((first.core.database.prepare('SELECT COUNT(*) AS n FROM workspace_events').get() as { n: number }).n).toBe(meetings.n);
  });
});

describe('organisation-wide mode: errors in words, each with its fix', () => {
  it('without admin consent the app token carries no application permission: every user fails with the consent fix, none asked to reconnect', async () => {
    const { core } = await organisationConsole('secret', tempDir(), []);
    const run = await syncCalendars(core);
    for (const name of ['Adele Vance', 'Alex Wilber', 'Diego Siciliani']) {
      const user = statusOf(run, name)!;
      expect(user.status).toBe('failed');
      expect(user.errors[0].explanation).toMatch(/carries no application permission .*Grant admin consent/);
      expect(user.errors[0].explanation).not.toMatch(/Reconnect/);
    }
    const report = await callOk<{ results: Array<{ id: string; status: string; summary: string; fix?: string }> }>(
      core,
      'diagnostics.run',
      {
        ids: ['organisation.token'],
      },
    );
    expect(report.results[0]).toMatchObject({ status: 'fail' });
    expect(report.results[0].summary).toMatch(
      /lacks the application permissions User\.Read\.All, Calendars\.ReadWrite, Contacts\.ReadWrite/,
    );
    expect(report.results[0].fix).toMatch(/grant admin consent/);
  });

  it('a permission left out of admin consent (Contacts.ReadWrite) fails the contacts push with the application-permission fix; the calendar still syncs', async () => {
    const { core, users } = await organisationConsole('secret', tempDir(), ['User.Read.All', 'Calendars.ReadWrite']);
    expect(statusOf(await syncCalendars(core), 'Alex Wilber')?.status).toBe('success');
    // Exchange's RBAC for Applications could grant it, so Diagnostics warns rather than fails.
    const report = await callOk<{ results: Array<{ id: string; status: string; summary: string }> }>(core, 'diagnostics.run', {
      ids: ['organisation.token'],
    });
    expect(report.results[0].status).toBe('warn');
    expect(report.results[0].summary).toMatch(/lacks the application permissions Contacts\.ReadWrite: .*RBAC for Applications/);
    const before = mailboxOf(ALEX).contacts.size;
    const pushed = await pushContacts(core, await importContact(core), [users.alex]);
    // The push reports a run whose contacts all failed as partial: what matters is this user's count and words.
    expect(pushed.users[0]).toMatchObject({ userName: 'Alex Wilber', failed: 1, created: 0 });
    expect(JSON.stringify(pushed)).toMatch(
      /lacks the Contacts\.ReadWrite permission .*In organisation-wide mode it is an application permission/,
    );
    expect(mailboxOf(ALEX).contacts.size).toBe(before);
  });

  it('an expired certificate (AADSTS700027, the key used is expired) fails the run with the fix: generate a new one and upload it', async () => {
    const { core } = await organisationConsole('certificate');
    const afterExpiry = 731 * 24 * 3600_000;
    emulator.clock.advance(afterExpiry);
    try {
      const run = await syncCalendars(core);
      const adele = statusOf(run, 'Adele Vance')!;
      expect(adele.status).toBe('failed');
      expect(adele.errors[0].explanation).toMatch(/AADSTS700027.*has expired.*generate a new one first/);
    } finally {
      emulator.clock.advance(-afterExpiry);
    }
  });

  it('a contacts push to a mailbox outside the application access policy fails for it alone, with Exchange’s explanation', async () => {
    emulator.appOnly.addMailboxScopePolicy(demo.app.clientId, 'RestrictAccess', [ADELE, ALEX]);
    const { core, users } = await organisationConsole('certificate');
    const people = await importContact(core);
    const before = { alex: mailboxOf(ALEX).contacts.size, diego: mailboxOf(DIEGO).contacts.size };
    const pushed = await pushContacts(core, people, [users.alex, users.diego]);
    expect(mailboxOf(ALEX).contacts.size).toBe(before.alex + 1);
    expect(mailboxOf(DIEGO).contacts.size).toBe(before.diego);
    const text = JSON.stringify(pushed);
    expect(text).toMatch(/Exchange Online keeps the app out of this mailbox/);
    expect(text).not.toMatch(/lacks the Contacts\.ReadWrite permission/);
  });
});

describe('switching connection modes', () => {
  it('from each user signing in to organisation-wide and back: the same links, no duplicates in Outlook or in the workspace', async () => {
    const dir = tempDir();
    const core = createTestCore(dir, { clock: { now: () => new Date() } });
    cores.push(core);
    const delegatedConfig = emulatorIntegrationConfig(emulator, demo);
    await callOk(core, 'integration.save', { config: delegatedConfig, secret: { value: demo.clientSecret, expiresOn: '2028-11-26' } });
    const role = core.access.createRole('Sales');
    for (const scope of ['externalAccounts', 'outlookCalendar', 'outlookContacts'] as const) core.access.setRoleScope(role.id, scope, true);
    const adele = core.access.createUser({ name: 'Adele Vance', email: ADELE, type: 'regular', roleIds: [role.id] });
    // Per-user mode: Adele signs in herself, then her calendar syncs both ways and a contact is pushed.
    const attempt = await callOk<{ url: string }>(core, 'accounts.connect', { userId: adele.id });
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    await vi.waitFor(async () => expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account?.status).toBe('connected'));
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
    await callOk(core, 'calendar.saveEvent', {
      kind: 'meeting',
      name: 'Made in the console',
      start: `${tomorrow}T09:00:00Z`,
      end: `${tomorrow}T10:00:00Z`,
      allDay: false,
      assignedUserId: adele.id,
    });
    const first = await syncCalendars(core);
    expect(statusOf(first, 'Adele Vance')).toMatchObject({ status: 'success', toOutlook: { created: 1 } });
    const people = await importContact(core);
    expect((await pushContacts(core, people, [adele.id])).status).toBe('done');
    const counts = () => ({
      outlookEvents: mailboxOf(ADELE).events.size,
      outlookContacts: mailboxOf(ADELE).contacts.size,
      workspaceEvents: (core.database.prepare('SELECT COUNT(*) AS n FROM workspace_events').get() as { n: number }).n,
    });
    const afterPerUser = counts();

    // Organisation-wide: the app reaches the same mailbox through /users/{address}; nothing is made twice.
    emulator.appOnly.grantApplicationConsent(demo.tenant.id, demo.app.clientId, demo.app.requiredAppRoles);
    await callOk(core, 'integration.save', { config: { ...delegatedConfig, connection: { mode: 'application', credential: 'secret' } } });
    const organisationRun = await syncCalendars(core);
    expect(statusOf(organisationRun, 'Adele Vance')).toMatchObject({
      status: 'success',
      toOutlook: { created: 0 },
      fromOutlook: { created: 0 },
    });
    expect((await pushContacts(core, people, [adele.id])).status).toBe('done');
    expect(counts()).toEqual(afterPerUser);
    const appPaths = emulator.requestLog.entries.filter(
      (entry) => entry.area === 'graph' && entry.path.startsWith(`/v1.0/users/${ADELE}/`),
    );
    expect(appPaths.length).toBeGreaterThan(0);

    // And back: Adele's own sign-in is still there and still links the same items.
    await callOk(core, 'integration.save', { config: delegatedConfig });
    const backRun = await syncCalendars(core);
    expect(statusOf(backRun, 'Adele Vance')).toMatchObject({ status: 'success', toOutlook: { created: 0 }, fromOutlook: { created: 0 } });
    expect(counts()).toEqual(afterPerUser);
  });
});
