// Each failure the guide's users hit, produced for real by the emulator (or the network), and the
// plain-words explanation the console gives for it.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import type { AccountsView } from '../../../src/shared/contract';
import { explainMicrosoftError } from '../../../src/main/auth/microsoftErrors';
import type { DemoTenant } from '../../emulator/demoTenant';
import type { Emulator } from '../../emulator/server';
import { parseConsentForm } from '../../emulator/support/consentPage';
import { httpsRequest } from '../../emulator/support/trustedHttp';
import { call, callOk, openSignInPage, signInInBrowser, useEmulatorConsoles } from './accountsFixture';

let emulator: Emulator;
let demo: DemoTenant;
const { setUp } = useEmulatorConsoles((started, startedDemo) => {
  emulator = started;
  demo = startedDemo;
});

describe('errors returned to the console (token endpoint, redirect)', () => {
  it('AADSTS7000215: the Secret ID pasted instead of its value', async () => {
    const { connect, finished } = await setUp({ secret: 'Wrong8Q~not-the-secret-value-at-all' });
    const visit = await signInInBrowser((await connect()).url, emulator, 'Adele Vance');
    expect(visit.resultPage).toContain('Microsoft refused the client secret');
    expect(await finished()).toMatchObject({
      outcome: 'failed',
      problem: { code: 'AADSTS7000215', fix: expect.stringMatching(/Value column/) },
    });
  });

  it('AADSTS7000222: the client secret has expired', async () => {
    const expiredSecret = 'Exp8Q~expired-secret-value-0123456789';
    demo.app.secrets.push({ keyId: 'expired', hint: 'Exp', secretText: expiredSecret, endDateTime: new Date(Date.now() - 86_400_000) });
    const { connect, finished, core } = await setUp({ secret: expiredSecret });
    await signInInBrowser((await connect()).url, emulator, 'Adele Vance');
    expect(await finished()).toMatchObject({
      outcome: 'failed',
      problem: { code: 'AADSTS7000222', explanation: expect.stringMatching(/has expired/) },
    });
    const row = (await callOk<AccountsView>(core, 'accounts.list')).rows[0];
    expect(row.lastOutcome?.problem?.code).toBe('AADSTS7000222');
  });

  it('access_denied: the user pressed Cancel on Microsoft’s page', async () => {
    const { connect, finished } = await setUp();
    const visit = await signInInBrowser((await connect()).url, emulator, 'Adele Vance', 'cancel');
    expect(visit.resultPage).toContain('cancelled or the permissions were declined');
    // Nothing from Microsoft's answer is echoed on the page.
    expect(visit.resultPage).not.toMatch(/AADSTS65004|Trace ID/);
    expect(await finished()).toMatchObject({ outcome: 'failed', problem: { code: 'access_denied' } });
  });
});

describe('errors Microsoft shows on its own page (the console explains the code the user reads there)', () => {
  it('AADSTS50011: the redirect URI is not registered', async () => {
    const app = emulator.directory.addApp(demo.tenant, {
      displayName: 'Wrong redirect',
      redirectUris: ['https://app.example/callback'],
      secrets: demo.app.secrets,
    });
    const { connect } = await setUp({ config: { clientId: app.clientId } });
    const page = await openSignInPage((await connect()).url, emulator.caCert);
    expect(explainMicrosoftError(page.text)).toMatchObject({
      code: 'AADSTS50011',
      fix: expect.stringMatching(/http:\/\/localhost\/oauth\/callback/),
    });
  });

  it('AADSTS700016: no app with this Client ID in the directory', async () => {
    const { connect } = await setUp({ config: { clientId: '0b5e6a2c-1234-4cde-9f00-123456789abc' } });
    const page = await openSignInPage((await connect()).url, emulator.caCert);
    expect(explainMicrosoftError(page.text)).toMatchObject({ code: 'AADSTS700016', fix: expect.stringMatching(/Client ID/) });
  });

  it('AADSTS50194 / not multi-tenant: a single-tenant app used with the organizations endpoint', async () => {
    const { connect } = await setUp({ config: { accountType: 'organizations', tenant: '' } });
    const page = await openSignInPage((await connect()).url, emulator.caCert);
    expect(page.text).toMatch(/not configured as a multi-tenant application/);
    expect(explainMicrosoftError(page.text)).toMatchObject({ code: 'AADSTS50194', fix: expect.stringMatching(/Supported account types/) });
  });

  it('AADSTS50020: an account from another organisation', async () => {
    const fabrikam = emulator.directory.addTenant({ domain: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam' });
    const guest = emulator.directory.addUser(fabrikam, {
      userPrincipalName: 'guest@fabrikam.onmicrosoft.com',
      displayName: 'Fabrikam Guest',
    });
    const multi = emulator.directory.addApp(demo.tenant, {
      displayName: 'Multi',
      redirectUris: ['http://localhost/oauth/callback'],
      secrets: demo.app.secrets,
      signInAudience: 'AzureADMultipleOrgs',
      requiredScopes: ['User.Read'],
    });
    const { connect } = await setUp({ config: { clientId: multi.clientId, tenant: demo.tenant.id } });
    const url = (await connect()).url;
    // The guest types their own account on the sign-in page.
    const form = parseConsentForm((await openSignInPage(url, emulator.caCert)).html);
    const body = new URLSearchParams({ ...form.hidden, decision: 'accept', account: guest.id }).toString();
    const answer = await httpsRequest(new URL(form.action, url).toString(), emulator.caCert, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    const page = { text: answer.body.replace(/<[^>]+>/g, ' ') };
    expect(page.text).toMatch(/AADSTS50020/);
    expect(explainMicrosoftError(page.text)).toMatchObject({ code: 'AADSTS50020' });
  });

  it('AADSTS65001 / Need admin approval: users may not consent in this tenant', async () => {
    const strict = emulator.directory.addTenant({ domain: 'strict.onmicrosoft.com', displayName: 'Strict', userConsentAllowed: false });
    emulator.directory.addUser(strict, { userPrincipalName: 'worker@strict.onmicrosoft.com', displayName: 'Strict Worker' });
    const app = emulator.directory.addApp(strict, {
      displayName: 'Strict app',
      redirectUris: ['http://localhost/oauth/callback'],
      secrets: demo.app.secrets,
      requiredScopes: ['User.Read'],
    });
    const { connect } = await setUp({ config: { clientId: app.clientId, tenant: strict.id } });
    const attempt = await connect();
    await expect(signInInBrowser(attempt.url, emulator, 'Strict Worker')).rejects.toThrow(/Need admin approval/);
    const problem = explainMicrosoftError('AADSTS90094: Need admin approval.');
    expect(problem).toMatchObject({ code: 'AADSTS65001', fix: expect.stringMatching(/Grant admin consent/) });
  });
});

describe('failures on the way to Microsoft', () => {
  it('a network failure names the connection and the hosts to check', async () => {
    const { core, user } = await setUp({
      config: { customCloud: { loginHost: 'localhost:9', graphHost: 'localhost:9', caCertificatePem: emulator.caCert } },
    });
    const answer = await call(core, 'accounts.connect', { userId: user.id });
    expect(answer).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringMatching(/could not reach Microsoft/) } });
  });

  it('a TLS failure (a CA that is not the one signing the server) gives the custom-CA hint', async () => {
    const other = await generate([{ name: 'commonName', value: 'Some proxy CA' }], {
      keySize: 2048,
      extensions: [{ name: 'basicConstraints', cA: true }],
    });
    expect(new X509Certificate(other.cert).ca).toBe(true);
    const { core, user } = await setUp({
      config: { customCloud: { loginHost: emulator.knownAuthority, graphHost: emulator.knownAuthority, caCertificatePem: other.cert } },
    });
    const answer = await call(core, 'accounts.connect', { userId: user.id });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/certificate is not trusted.*custom CA/s) },
    });
    const report = await callOk<{ results: { id: string; status: string; fix: string }[] }>(core, 'diagnostics.run', {
      ids: ['accounts.signInHost'],
    });
    expect(report.results[0]).toMatchObject({ status: 'fail', fix: expect.stringMatching(/CA certificate as the custom CA/) });
  });
});
