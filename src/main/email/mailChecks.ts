import { classifyMicrosoftError, explainMicrosoftError } from '../auth/microsoftErrors';
import type { CheckOutcome, DiagnosticCheck } from '../contract/featureModule';
import { AccountNeedsReconnectError } from '../graph/graphAccess';
import type { IntegrationFeatures } from '../../shared/integration/permissions';
import type { MailServer, MailServers } from '../../shared/integration/mailServers';
import type { MailAccessProvider } from '../mail/mailAccess';
import { imapLogin, smtpLogin } from '../mail/mailLogin';

export type MailCheckDeps = {
  features: () => IntegrationFeatures;
  /** The servers of the integration settings (the cloud's own unless overridden). */
  servers: () => MailServers;
  connectedUserIds: () => number[];
  mailAccess: MailAccessProvider;
  /** Every token used is made known to the log redactor before anything can log it. */
  registerSecret: (value: string) => void;
};

type Protocol = { feature: 'imap' | 'smtp'; name: string; login: (server: MailServer, user: string, token: string) => Promise<void> };

const protocols: Protocol[] = [
  { feature: 'imap', name: 'IMAP', login: imapLogin },
  { feature: 'smtp', name: 'SMTP AUTH', login: smtpLogin },
];

type Failure = { who: string; explanation: string; fix: string };

/** Diagnostics for mail: each connected account logs in over IMAP and SMTP with its Exchange Online token (XOAUTH2 / OAUTHBEARER). */
export function mailChecks(deps: MailCheckDeps): DiagnosticCheck[] {
  return protocols.map((protocol) => ({
    id: `mail.${protocol.feature}`,
    title: `${protocol.name} login with OAuth`,
    category: 'Mail',
    run: () => checkProtocol(deps, protocol, deps.servers()[protocol.feature]),
  }));
}

async function checkProtocol(deps: MailCheckDeps, protocol: Protocol, server: MailServer): Promise<CheckOutcome> {
  const where = `${server.host}:${server.port}`;
  if (!deps.features()[protocol.feature]) {
    return {
      status: 'skipped',
      summary: `The ${protocol.feature === 'imap' ? 'email fetching (IMAP)' : 'email sending (SMTP)'} feature is switched off on the Integration page.`,
    };
  }
  const userIds = deps.connectedUserIds();
  if (userIds.length === 0) return { status: 'skipped', summary: 'No Outlook account is connected yet.' };
  const passed: string[] = [];
  const failures: Failure[] = [];
  for (const userId of userIds) {
    const access = await deps.mailAccess(userId);
    if (!access) continue;
    const who = access.userPrincipalName;
    let token: string;
    try {
      token = await access.accessToken();
      deps.registerSecret(token);
    } catch (error) {
      failures.push({ who, ...tokenFailure(error) });
      continue;
    }
    try {
      await protocol.login(server, who, token);
      passed.push(who);
    } catch (error) {
      failures.push({ who, ...loginFailure(error, protocol, where) });
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

/** The mail token could not be had: nothing reached the mail server. */
function tokenFailure(error: unknown): Omit<Failure, 'who'> {
  if (error instanceof AccountNeedsReconnectError) {
    return {
      explanation: 'Microsoft no longer accepts this account’s sign-in, so no mail token could be obtained.',
      fix: 'Reconnect the account on the Accounts page.',
    };
  }
  const problem = explainMicrosoftError(error);
  if (problem.code === 'network' || problem.code === 'tls' || problem.code === 'timeout')
    return { explanation: `No mail token could be obtained: ${problem.explanation}`, fix: problem.fix };
  // The accounts service words its own refusals (missing mail consent, features off) with their fix.
  return {
    explanation: `No mail token could be obtained: ${(error as Error).message}`,
    fix: 'Follow the explanation next to the account.',
  };
}

/** The mail server refused or could not be reached; an unknown answer is quoted, never called a sign-in problem. */
function loginFailure(error: unknown, protocol: Protocol, where: string): Omit<Failure, 'who'> {
  if (classifyMicrosoftError(error) !== 'unknown') {
    const problem = explainMicrosoftError(error);
    return { explanation: problem.explanation, fix: problem.fix };
  }
  const detail = ((error as Error)?.message ?? String(error)).split('\n')[0];
  return {
    explanation: `The ${protocol.name} server at ${where} did not accept the login: ${detail}`,
    fix: `Check the ${protocol.feature === 'imap' ? 'IMAP' : 'SMTP'} server and port under Mail servers on the Integration page, and that the protocol is enabled for the mailbox in the Microsoft 365 admin center.`,
  };
}
