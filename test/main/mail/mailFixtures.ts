import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticsService } from '../../../src/main/diagnostics/diagnosticsService';
import { LogService } from '../../../src/main/logs/logService';
import type { GraphAccess } from '../../../src/main/graph/graphAccess';
import { mailChecks, type MailCheckDeps } from '../../../src/main/mail/mailChecks';
import type { IntegrationFeatures } from '../../../src/shared/integration/permissions';

/** A connected account whose token is a fixed value (the SMTP tests' server checks that value). */
export function fixedTokenAccess(userPrincipalName: string, token: string): GraphAccess {
  return { account: { userPrincipalName, displayName: userPrincipalName }, baseUrl: 'https://graph.invalid/v1.0', fetch: globalThis.fetch, accessToken: async () => token };
}

/** Diagnostics with only the mail checks, logging to `logDir` through the real redactor. */
export function mailDiagnostics(logDir: string, deps: Omit<MailCheckDeps, 'registerSecret' | 'features'> & { features?: Partial<IntegrationFeatures> }) {
  const now = () => new Date();
  const logs = new LogService({ directory: logDir, now, level: 'debug' });
  const diagnostics = new DiagnosticsService(now, logs.logger('diagnostics'));
  const features: IntegrationFeatures = { calendar: true, contacts: true, imap: true, smtp: true, ...deps.features };
  for (const check of mailChecks({ ...deps, features: () => features, registerSecret: (value) => logs.redactor.registerSecret(value) })) diagnostics.register(check);
  return { diagnostics, logs };
}

export function logText(logDir: string): string {
  return readdirSync(logDir).map((name) => readFileSync(join(logDir, name), 'utf8')).join('\n');
}
