import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticsService } from '../../../src/main/diagnostics/diagnosticsService';
import { LogService } from '../../../src/main/logs/logService';
import type { MailAccess } from '../../../src/main/mail/mailAccess';
import { mailChecks, type MailCheckDeps } from '../../../src/main/email/mailChecks';
import type { MailServer, MailServers } from '../../../src/shared/integration/mailServers';
import type { IntegrationFeatures } from '../../../src/shared/integration/permissions';

/** A connected account whose token is a fixed value (the SMTP tests' server checks that value). */
export function fixedTokenAccess(userPrincipalName: string, token: string): MailAccess {
  return { userPrincipalName, accessToken: async () => token };
}

/** Local test servers speak plain text; the product itself never does (see mailServers()). */
export function localServers(ports: { imap?: number; smtp?: number }): MailServers {
  const local = (port = 1): MailServer => ({ host: '127.0.0.1', port, security: 'none' });
  return { imap: local(ports.imap), smtp: local(ports.smtp) };
}

/** Diagnostics with only the mail checks, logging to `logDir` through the real redactor. */
export function mailDiagnostics(
  logDir: string,
  deps: Omit<MailCheckDeps, 'registerSecret' | 'features' | 'servers'> & { servers: MailServers; features?: Partial<IntegrationFeatures> },
) {
  const now = () => new Date();
  const logs = new LogService({ directory: logDir, now, level: 'debug' });
  const diagnostics = new DiagnosticsService(now, logs.logger('diagnostics'));
  const features: IntegrationFeatures = { calendar: true, contacts: true, imap: true, smtp: true, ...deps.features };
  const { servers } = deps;
  for (const check of mailChecks({
    ...deps,
    servers: () => servers,
    features: () => features,
    registerSecret: (value) => logs.redactor.registerSecret(value),
  }))
    diagnostics.register(check);
  return { diagnostics, logs };
}

/** What the log holds so far: it is written asynchronously, so pending lines are waited for first. */
export async function logText(logs: LogService, logDir: string): Promise<string> {
  await logs.flushed();
  return readdirSync(logDir)
    .map((name) => readFileSync(join(logDir, name), 'utf8'))
    .join('\n');
}
