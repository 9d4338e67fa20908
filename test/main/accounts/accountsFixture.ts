// A console core wired to the emulator (custom cloud, its CA as the custom CA), a user with
// External Accounts, and a "browser" that answers the emulator's consent page and follows the
// redirect to the console's loopback listener, as Chromium would.
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import type { AttemptOutcome, ChannelName, SignInAttempt } from '../../../src/shared/contract';
import type { Core, CorePorts } from '../../../src/main/core';
import type { IntegrationConfig } from '../../../src/shared/contract';
import type { Emulator } from '../../emulator/server';
import type { DemoTenant } from '../../emulator/demoTenant';
import { parseConsentForm } from '../../emulator/support/consentPage';
import { startDemoEmulator } from '../../emulator/support/session';
import { httpsRequest } from '../../emulator/support/trustedHttp';
import { emulatorIntegrationConfig } from '../../support/emulatorIntegration';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

export async function call(core: Core, channel: ChannelName, input?: unknown) {
  return core.registry.invoke(channel, input, { transport: 'internal' });
}

export async function callOk<T>(core: Core, channel: ChannelName, input?: unknown): Promise<T> {
  const answer = await call(core, channel, input);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.result as T;
}

export async function consoleForEmulator(
  dir: string,
  emulator: Emulator,
  demo: DemoTenant,
  options: { secret?: string | null; config?: Partial<IntegrationConfig>; ports?: Partial<CorePorts> } = {},
) {
  const core = createTestCore(dir, { clock: { now: () => new Date() }, ...options.ports });
  const secret = options.secret === undefined ? demo.clientSecret : options.secret;
  const config = emulatorIntegrationConfig(emulator, demo, { enabled: secret !== null, ...options.config });
  await callOk(core, 'integration.save', { config, ...(secret ? { secret: { value: secret, expiresOn: '2028-11-26' } } : {}) });
  const role = core.access.createRole('Outlook users');
  core.access.setRoleScope(role.id, 'externalAccounts', true);
  const user = core.access.createUser({ name: 'Ann Lee', email: 'ann.lee@example.com', type: 'regular', roleIds: [role.id] });
  return { core, user, role };
}

/**
 * One emulator for the test file (handed to `started` for the tests' own use) and a console per
 * `setUp`, shut down after each test; every sign-in attempt's ending is recorded.
 */
export function useEmulatorConsoles(started: (emulator: Emulator, demo: DemoTenant) => void) {
  const tempDir = useTempDirs();
  const cores: Core[] = [];
  let emulator: Emulator;
  let demo: DemoTenant;
  beforeAll(async () => {
    ({ emulator, demo } = await startDemoEmulator());
    started(emulator, demo);
  });
  afterAll(() => emulator.stop());
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.shutdown();
    emulator.faults.clear();
  });

  async function setUp(options: Parameters<typeof consoleForEmulator>[3] = {}) {
    const made = await consoleForEmulator(tempDir(), emulator, demo, options);
    cores.push(made.core);
    const outcomes: AttemptOutcome[] = [];
    made.core.events.subscribe((envelope) => {
      if (envelope.event === 'accounts.attemptFinished') outcomes.push(envelope.payload as AttemptOutcome);
    });
    const finished = () =>
      vi.waitFor(() => {
        if (outcomes.length === 0) throw new Error('the attempt has not finished');
        return outcomes.at(-1)!;
      });
    const connect = () => callOk<SignInAttempt>(made.core, 'accounts.connect', { userId: made.user.id });
    return { ...made, outcomes, finished, connect };
  }
  return { setUp, tempDir };
}

export type BrowserVisit = {
  callbackStatus: number;
  resultStatus: number;
  resultPage: string;
  location: string;
  callbackHeaders: Record<string, string>;
  resultHeaders: Headers;
};

/** Loopback URLs name localhost; the listener is on 127.0.0.1 (what a browser resolves localhost to). */
export function toLoopbackAddress(url: string): string {
  return url.replace('://localhost:', '://127.0.0.1:');
}

/** Follows a redirect that reached the loopback listener, as the browser does, and reads the result page. */
export async function followToConsole(location: string): Promise<BrowserVisit> {
  const callback = await fetch(toLoopbackAddress(location), { redirect: 'manual' });
  const next = callback.headers.get('location');
  const callbackHeaders = Object.fromEntries(callback.headers.entries());
  if (!next)
    return {
      callbackStatus: callback.status,
      resultStatus: 0,
      resultPage: await callback.text(),
      location: '',
      callbackHeaders,
      resultHeaders: new Headers(),
    };
  const result = await fetch(new URL(next, toLoopbackAddress(location)));
  return {
    callbackStatus: callback.status,
    resultStatus: result.status,
    resultPage: await result.text(),
    location: next,
    callbackHeaders,
    resultHeaders: result.headers,
  };
}

/** The emulator's sign-in page for the URL: its text (for an error page) or its form. */
export async function openSignInPage(url: string, ca: string) {
  const page = await httpsRequest(url, ca);
  return {
    status: page.status,
    text: page.body.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c))),
    html: page.body,
  };
}

/** Picks the account, presses Accept (or Cancel) and follows Microsoft's redirect to the console. */
export async function signInInBrowser(
  url: string,
  emulator: Emulator,
  account: string,
  decision: 'accept' | 'cancel' = 'accept',
): Promise<BrowserVisit & { microsoftRedirect: string }> {
  const page = await httpsRequest(url, emulator.caCert);
  const form = parseConsentForm(page.body);
  const picked = form.accounts.find((candidate) => candidate.label.includes(account));
  const body = new URLSearchParams({ ...form.hidden, decision, ...(picked ? { account: picked.id } : {}) });
  const answer = await httpsRequest(new URL(form.action, url).toString(), emulator.caCert, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const location = answer.headers.location;
  if (!location) throw new Error(`Microsoft's page did not redirect: ${answer.body.replace(/<[^>]+>/g, ' ').slice(0, 600)}`);
  return { ...(await followToConsole(location)), microsoftRedirect: location };
}
