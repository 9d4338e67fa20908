/**
 * One interactive sign-in: authorization code flow with PKCE S256 (a fresh verifier each time),
 * a single-use high-entropy `state`, the loopback redirect for this attempt only, and the code
 * redeemed with the exact redirect URI the authorize request carried.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthenticationResult } from '@azure/msal-node';
import type { AccountProblem, SignInAttempt } from '../../shared/contract';
import { explainCodeRedemption, explainProblem, type MicrosoftProblem } from '../auth/microsoftErrors';
import { openLoopbackRedirect, type LoopbackRedirect, type ResultPage } from '../auth/loopbackRedirect';
import type { SignInSetup } from '../auth/msalClient';
import { loadMsal } from '../auth/msalLibrary';

export type SignedIn = { result: AuthenticationResult; me: { userPrincipalName: string; displayName: string } };

export type AttemptEnd =
  | { outcome: 'connected'; signedIn: SignedIn }
  | { outcome: 'failed' | 'timedOut'; problem: AccountProblem; error?: unknown }
  | { outcome: 'cancelled' };

export type RunningAttempt = {
  attempt: Omit<SignInAttempt, 'opened' | 'note'>;
  /** Settles when the attempt is over; never rejects. */
  ended: Promise<AttemptEnd>;
  cancel(): void;
  listener: LoopbackRedirect;
};

export type StartAttemptInput = {
  userId: number;
  setup: SignInSetup;
  fixedPort: number | null;
  timeoutMs: number;
  now: () => Date;
  registerSecret: (value: string) => void;
  /** Saves the connection before the browser is told it worked. */
  onSignedIn: (signedIn: SignedIn) => Promise<void>;
};

export async function startSignInAttempt(input: StartAttemptInput): Promise<RunningAttempt> {
  const state = randomBytes(32).toString('base64url');
  input.registerSecret(state);
  const listener = await openLoopbackRedirect({ fixedPort: input.fixedPort, state, timeoutMs: input.timeoutMs });
  let url: string;
  let verifier: string;
  try {
    const pkce = await new (await loadMsal()).CryptoProvider().generatePkceCodes();
    verifier = pkce.verifier;
    input.registerSecret(verifier);
    url = await input.setup.client.getAuthCodeUrl({
      scopes: input.setup.signInScopes,
      // One sign-in consents to the mail scopes too; a token is for one resource, so theirs comes later.
      ...(input.setup.mailScopes.length > 0 ? { extraScopesToConsent: input.setup.mailScopes } : {}),
      redirectUri: listener.redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      state,
      prompt: 'select_account',
    });
  } catch (error) {
    listener.cancel();
    throw error;
  }
  const startedAt = input.now();
  const attempt = {
    attemptId: randomUUID(),
    userId: input.userId,
    url,
    redirectUri: listener.redirectUri,
    startedAt: startedAt.toISOString(),
    expiresAt: new Date(startedAt.getTime() + input.timeoutMs).toISOString(),
  };
  const ended = finishAttempt(input, listener, verifier);
  return { attempt, ended, listener, cancel: () => listener.cancel() };
}

async function finishAttempt(input: StartAttemptInput, listener: LoopbackRedirect, verifier: string): Promise<AttemptEnd> {
  const answer = await listener.answer;
  if (answer.kind === 'cancelled') return { outcome: 'cancelled' };
  if (answer.kind === 'timedOut') return { outcome: 'timedOut', problem: asProblem(explainProblem('timeout')) };
  try {
    const error = answer.params.get('error');
    if (error) throw Object.assign(new Error(error), { error, error_description: answer.params.get('error_description') ?? '' });
    const code = answer.params.get('code');
    if (!code) throw new Error('The answer carried neither a code nor an error.');
    input.registerSecret(code);
    const result = await input.setup.client.acquireTokenByCode({
      code,
      scopes: input.setup.signInScopes,
      redirectUri: listener.redirectUri,
      codeVerifier: verifier,
    });
    input.registerSecret(result.accessToken);
    const me = await readMe(input.setup, result.accessToken);
    const signedIn = { result, me };
    await input.onSignedIn(signedIn);
    listener.finish({ ok: true, title: 'Connected', message: 'Connected — you can close this window and return to the console.' });
    return { outcome: 'connected', signedIn };
  } catch (error) {
    const problem = explainCodeRedemption(input.setup.explain(error));
    listener.finish(failurePage(problem));
    return { outcome: 'failed', problem: asProblem(problem), error };
  }
}

/** The account's name and UPN, as the issue asks: from Graph's `/me`, not from the id token. */
async function readMe(setup: SignInSetup, accessToken: string): Promise<SignedIn['me']> {
  const response = await setup.fetch(`${setup.graphBaseUrl}/me?$select=displayName,userPrincipalName`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
  const body = (await response.json().catch(() => ({}))) as {
    displayName?: string;
    userPrincipalName?: string;
    error?: { code?: string; message?: string };
  };
  if (!response.ok || !body.userPrincipalName) {
    throw new Error(
      `Microsoft Graph /me answered HTTP ${response.status}${body.error?.code ? ` ${body.error.code}: ${body.error.message ?? ''}` : ''}.`,
    );
  }
  return { userPrincipalName: body.userPrincipalName, displayName: body.displayName ?? body.userPrincipalName };
}

function asProblem(problem: MicrosoftProblem): AccountProblem {
  return { code: problem.code, explanation: problem.explanation, fix: problem.fix };
}

/** What the browser shows: the plain-words explanation, never anything Microsoft's answer carried. */
function failurePage(problem: MicrosoftProblem): ResultPage {
  const message =
    problem.code === 'unknown'
      ? 'Microsoft’s sign-in did not succeed. The console shows what happened and what to do.'
      : `${problem.explanation} ${problem.fix}`;
  return { ok: false, title: 'Not connected', message };
}
