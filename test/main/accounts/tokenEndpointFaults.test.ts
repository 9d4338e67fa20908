// The token endpoint as Microsoft's busy days have it: 429 and 5xx tried again like Graph's (the
// Retry-After it asks for, within the longest wait), and each failure in its own plain words: a
// refused authorization code is not a changed password, a busy service is not a raw AADSTS text.
import { describe, expect, it, vi } from 'vitest';
import type { AccountsView, SignInAttempt } from '../../../src/shared/contract';
import type { Emulator } from '../../emulator/server';
import { call, callOk, signInInBrowser, useEmulatorConsoles } from './accountsFixture';

let emulator: Emulator;
const { setUp } = useEmulatorConsoles((started) => {
  emulator = started;
});
const tokenPath = '/oauth2/v2.0/token';
const tokenStatuses = () => emulator.requestLog.matching('POST', tokenPath).map((entry) => entry.status);

async function connected(account: string) {
  const made = await setUp();
  const attempt = await callOk<SignInAttempt>(made.core, 'accounts.connect', { userId: made.user.id });
  await signInInBrowser(attempt.url, emulator, account);
  await vi.waitFor(async () => expect((await callOk<AccountsView>(made.core, 'accounts.list')).rows[0].account?.status).toBe('connected'));
  emulator.requestLog.clear();
  return made;
}

describe('the token endpoint when Microsoft is busy', () => {
  it('a 429 while redeeming the sign-in code waits its Retry-After and connects', async () => {
    const { core, user, finished } = await setUp();
    emulator.requestLog.clear();
    emulator.faults.add({
      fault: { kind: 'throttle', retryAfterSeconds: 0.2 },
      match: { area: 'identity', method: 'POST', path: tokenPath },
    });
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    expect(await finished()).toMatchObject({ outcome: 'connected', problem: null });
    expect(tokenStatuses()).toEqual([429, 200]);
  });

  it('a refresh answered 503 (no Retry-After), then 429, is tried again with a backoff and goes through', async () => {
    const { core, user } = await connected('Alex Wilber');
    emulator.faults.add({ fault: { kind: 'unavailable' }, match: { area: 'identity', method: 'POST', path: tokenPath } });
    emulator.faults.add({
      fault: { kind: 'throttle', retryAfterSeconds: 0 },
      match: { area: 'identity', method: 'POST', path: tokenPath },
    });
    const row = await callOk<{ account: { status: string; problem: unknown } }>(core, 'accounts.refresh', { userId: user.id });
    expect(row.account).toMatchObject({ status: 'connected', problem: null });
    expect(tokenStatuses()).toEqual([503, 429, 200]);
  });

  it("a refresh that stays refused says so in plain words, not with Microsoft's raw text, and does not ask for a reconnect", async () => {
    const { core, user } = await connected('Diego Siciliani');
    emulator.faults.add({
      fault: { kind: 'unavailable', retryAfterSeconds: 0 },
      match: { area: 'identity', method: 'POST', path: tokenPath },
      times: Infinity,
    });
    const answer = await call(core, 'accounts.refresh', { userId: user.id });
    expect(answer.ok).toBe(false);
    const message = answer.ok ? '' : answer.error.message;
    expect(message).toContain('Microsoft’s sign-in service was busy or briefly unavailable');
    expect(message).not.toMatch(/AADSTS|Trace ID/);
    // Five tries, as for Graph, then the account stays connected: nothing is wrong with it.
    expect(tokenStatuses()).toEqual([503, 503, 503, 503, 503]);
    expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account?.status).toBe('connected');
  });

  it('a Retry-After beyond the longest wait is not waited for', async () => {
    const { core, user } = await connected('Adele Vance');
    emulator.faults.add({
      fault: { kind: 'throttle', retryAfterSeconds: 3600 },
      match: { area: 'identity', method: 'POST', path: tokenPath },
      times: Infinity,
    });
    const started = Date.now();
    const answer = await call(core, 'accounts.refresh', { userId: user.id });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer.ok ? '' : answer.error.message).toContain('busy or briefly unavailable');
    expect(tokenStatuses()).toEqual([429]);
  });
});

describe('a refused authorization code', () => {
  it('is explained as the code, not as a changed password, and the account is not marked for reconnect', async () => {
    const { core, user, finished } = await setUp();
    // Microsoft redeemed the code already (the answer came twice): it answers invalid_grant, AADSTS54005.
    void emulator.signals.at({
      match: { area: 'identity', method: 'POST', path: tokenPath },
      nth: 1,
      phase: 'received',
      onReached: () => {
        for (const code of emulator.tokens.codes.values()) code.redeemed = true;
      },
    });
    const attempt = await callOk<SignInAttempt>(core, 'accounts.connect', { userId: user.id });
    const visit = await signInInBrowser(attempt.url, emulator, 'Adele Vance');
    const outcome = await finished();
    expect(outcome).toMatchObject({
      outcome: 'failed',
      problem: { code: 'authorizationCodeRefused', fix: expect.stringMatching(/Connect again/) },
    });
    expect(outcome.problem!.explanation).not.toMatch(/password was changed|sessions were revoked/);
    expect(visit.resultPage).toContain('already used');
    expect((await callOk<AccountsView>(core, 'accounts.list')).rows[0].account).toBeNull();
  });
});
