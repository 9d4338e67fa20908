import type { ConnectedAccount } from '../../shared/contract';
import { explainProblem, type MicrosoftProblemCode } from '../auth/microsoftErrors';
import type { StoredAccount } from './accountRepository';

// OpenID scopes are not Graph permissions: Microsoft often leaves them out of the granted list.
const openIdScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

/** `https://graph.microsoft.us/Calendars.ReadWrite` and `Calendars.ReadWrite` name the same permission. */
export function permissionName(scope: string): string {
  return scope.replace(/^https?:\/\/[^/]+\//i, '');
}

/** Requested Graph permissions that Microsoft did not grant, by their portal names. */
export function missingScopes(granted: readonly string[], requested: readonly string[]): string[] {
  const have = new Set(granted.map((scope) => permissionName(scope).toLowerCase()));
  return requested.map(permissionName).filter((name) => !openIdScopes.has(name.toLowerCase()) && !have.has(name.toLowerCase()));
}

export function accountView(account: StoredAccount, requested: readonly string[]): ConnectedAccount {
  const problem = account.status === 'needsReconnect' ? explainProblem(knownCode(account.problemCode)) : null;
  return {
    userPrincipalName: account.userPrincipalName,
    displayName: account.displayName,
    status: account.status,
    connectedAt: account.connectedAt,
    lastRefreshAt: account.lastRefreshAt,
    grantedScopes: [...new Set(account.grantedScopes.map(permissionName))].filter((name) => !openIdScopes.has(name.toLowerCase())),
    missingScopes: account.status === 'disconnected' ? [] : missingScopes(account.grantedScopes, requested),
    problem: problem && { code: problem.code, explanation: problem.explanation, fix: problem.fix },
  };
}

function knownCode(code: string | null): Exclude<MicrosoftProblemCode, 'unknown'> {
  const known: readonly string[] = [
    'AADSTS65001',
    'AADSTS7000222',
    'AADSTS7000215',
    'AADSTS50020',
    'AADSTS700016',
    'mfaRequired',
    'conditionalAccess',
    'accountDisabled',
    'network',
    'tls',
    'timeout',
  ];
  return code && known.includes(code) ? (code as Exclude<MicrosoftProblemCode, 'unknown'>) : 'invalid_grant';
}
