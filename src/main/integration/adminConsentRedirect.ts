/**
 * Grant admin consent with the answer arriving on a loopback listener of its own: a free port (or
 * the fixed one) per attempt, its own single-use state, closed on the answer or the timeout.
 */
import { randomBytes } from 'node:crypto';
import { ContractError } from '../../shared/contract';
import type { AdminConsentFlow } from './adminConsent';
import type { IntegrationService } from './integrationService';
import type { Logger } from '../logs/logService';
import { explainMicrosoftError } from '../auth/microsoftErrors';
import { LoopbackPortBusyError, defaultAttemptTimeoutMs, openLoopbackRedirect, type LoopbackRedirect } from '../auth/loopbackRedirect';

export type AdminConsentRedirectOptions = {
  flow: AdminConsentFlow;
  integration: IntegrationService;
  log: Logger;
  timeoutMs?: number;
};

export function createAdminConsentStarter(options: AdminConsentRedirectOptions): {
  start(): ReturnType<AdminConsentFlow['start']>;
  shutdown(): void;
} {
  let current: LoopbackRedirect | undefined;

  async function start() {
    current?.cancel();
    const state = randomBytes(32).toString('base64url');
    let listener: LoopbackRedirect;
    try {
      listener = await openLoopbackRedirect({
        fixedPort: options.integration.config().redirectPort,
        state,
        timeoutMs: options.timeoutMs ?? defaultAttemptTimeoutMs,
      });
    } catch (error) {
      if (error instanceof LoopbackPortBusyError) throw new ContractError('CONFLICT', error.message);
      throw error;
    }
    let started;
    try {
      started = await options.flow.start(listener.redirectUri, state);
    } catch (error) {
      listener.cancel();
      throw error;
    }
    current = listener;
    void listener.answer.then((answer) => {
      if (current === listener) current = undefined;
      if (answer.kind !== 'answer') {
        if (answer.kind === 'timedOut')
          options.log.warning('Admin consent was not completed in the browser in time. Start it again with Grant admin consent.');
        return;
      }
      const { params } = answer;
      const error = params.get('error') ?? undefined;
      try {
        options.flow.record({
          state,
          adminConsent: params.get('admin_consent')?.toLowerCase() === 'true',
          error,
          errorDescription: params.get('error_description') ?? undefined,
        });
      } catch (failure) {
        options.log.warning(`The admin consent answer was not recorded: ${(failure as Error).message}`);
      }
      if (error) {
        const problem = explainMicrosoftError({ error, error_description: params.get('error_description') ?? '' });
        options.log.warning(`Admin consent was not granted: ${problem.explanation} Fix: ${problem.fix}`, { problem: problem.code });
        listener.finish({
          ok: false,
          title: 'Admin consent not granted',
          message:
            problem.code === 'unknown'
              ? 'Microsoft did not grant admin consent. The console’s Integration page shows what happened.'
              : `${problem.explanation} ${problem.fix}`,
        });
      } else {
        options.log.info('Admin consent granted.');
        listener.finish({
          ok: true,
          title: 'Admin consent granted',
          message: 'Admin consent granted — you can close this window and return to the console.',
        });
      }
    });
    return started;
  }

  return { start, shutdown: () => current?.cancel() };
}
