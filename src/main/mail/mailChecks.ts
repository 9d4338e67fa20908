import { explainMicrosoftError } from '../auth/microsoftErrors';
import type { CheckOutcome, DiagnosticCheck } from '../diagnostics/diagnosticsService';
import { AccountNeedsReconnectError, type GraphAccessProvider } from '../graph/graphAccess';
import type { IntegrationFeatures } from '../../shared/integration/permissions';
import { imapLogin, office365MailServers, smtpLogin, type MailServer, type MailServers } from './mailLogin';

export type MailCheckDeps = {
  features: () => IntegrationFeatures;
  connectedUserIds: () => number[];
  graphAccess: GraphAccessProvider;
  /** Every token used is made known to the log redactor before anything can log it. */
  registerSecret: (value: string) => void;
  servers?: MailServers;
};

type Protocol = { feature: 'imap' | 'smtp'; name: string; login: (server: MailServer, user: string, token: string) => Promise<void> };

const protocols: Protocol[] = [
  { feature: 'imap', name: 'IMAP', login: imapLogin },
  { feature: 'smtp', name: 'SMTP AUTH', login: smtpLogin },
];

/** Diagnostics for mail: each connected account logs in over IMAP and SMTP with its OAuth token (XOAUTH2 / OAUTHBEARER). */
export function mailChecks(deps: MailCheckDeps): DiagnosticCheck[] {
  const servers = deps.servers ?? office365MailServers;
  return protocols.map((protocol) => ({
    id: `mail.${protocol.feature}`,
    title: `${protocol.name} login with OAuth`,
    category: 'Mail',
    run: () => checkProtocol(deps, protocol, servers[protocol.feature]),
  }));
}

async function checkProtocol(deps: MailCheckDeps, protocol: Protocol, server: MailServer): Promise<CheckOutcome> {
  const where = `${server.host}:${server.port}`;
  if (!deps.features()[protocol.feature]) {
    return { status: 'skipped', summary: `The ${protocol.feature === 'imap' ? 'email fetching (IMAP)' : 'email sending (SMTP)'} feature is switched off on the Integration page.` };
  }
  const userIds = deps.connectedUserIds();
  if (userIds.length === 0) return { status: 'skipped', summary: 'No Outlook account is connected yet.' };
  const passed: string[] = [];
  const failures: { who: string; explanation: string; fix: string }[] = [];
  for (const userId of userIds) {
    const access = await deps.graphAccess(userId);
    if (!access) continue;
    const who = access.account.userPrincipalName;
    try {
      const token = await access.accessToken();
      deps.registerSecret(token);
      await protocol.login(server, who, token);
      passed.push(who);
    } catch (error) {
      if (error instanceof AccountNeedsReconnectError) {
        failures.push({ who, explanation: 'Microsoft no longer accepts this account’s sign-in.', fix: 'Reconnect the account on the Accounts page.' });
      } else {
        const problem = explainMicrosoftError(error);
        failures.push({ who, explanation: problem.explanation, fix: problem.fix });
      }
    }
  }
  if (failures.length === 0) {
    return { status: 'pass', summary: `${protocol.name} login at ${where} succeeded for ${passed.join(', ')}.` };
  }
  return {
    status: 'fail',
    summary: `${protocol.name} login at ${where} failed for ${failures.length} of ${passed.length + failures.length} accounts. ${failures.map((failure) => `${failure.who}: ${failure.explanation}`).join(' ')}`,
    fix: [...new Set(failures.map((failure) => failure.fix))].join(' '),
  };
}
