import {
  accessScopes,
  scopeLabels,
  type AccessScope,
  type EffectiveAccess,
  type ScopeAccess,
  type WorkspaceUser,
} from '../../shared/contract';
import type { RoleGrant } from './roleRepository';

/**
 * What a user may do, and why: the union of their roles' scopes, every scope for an
 * administrator, nothing for a deactivated user. Pure, so every case is easy to test.
 */
export function computeEffectiveAccess(user: WorkspaceUser, userRoles: readonly RoleGrant[]): EffectiveAccess {
  const scopes = accessScopes.map((scope) => scopeAccess(user, userRoles, scope));
  return {
    user,
    roles: userRoles.map(({ id, name }) => ({ id, name })),
    scopes,
    troubleshooting: troubleshoot(user, scopes),
  };
}

/** One scope of `computeEffectiveAccess`, without the rest: what a sync run's check of each mailbox needs. */
export function scopeAccess(user: WorkspaceUser, userRoles: readonly RoleGrant[], scope: AccessScope): ScopeAccess {
  const label = scopeLabels[scope];
  if (!user.active) {
    return {
      scope,
      granted: false,
      source: 'deactivated',
      grantedBy: [],
      explanation: `${user.name} is deactivated, so no scope applies. Reactivate ${user.name} in the Users list to restore access.`,
    };
  }
  if (user.type === 'administrator') {
    return {
      scope,
      granted: true,
      source: 'administrator',
      grantedBy: [],
      explanation: `${user.name} is an administrator: administrators have every scope.`,
    };
  }
  const granting = userRoles.filter((role) => role.scopes[scope]);
  if (granting.length > 0) {
    const names = granting.map((role) => role.name);
    return {
      scope,
      granted: true,
      source: 'roles',
      grantedBy: granting.map(({ id, name }) => ({ id, name })),
      explanation: `Granted by the role${names.length > 1 ? 's' : ''} ${listWords(names)}.`,
    };
  }
  return { scope, granted: false, source: 'none', grantedBy: [], explanation: missingScopeFix(user, userRoles, label) };
}

function missingScopeFix(user: WorkspaceUser, userRoles: readonly RoleGrant[], label: string): string {
  if (userRoles.length === 0) {
    return `${user.name} has no role. Give ${user.name} a role with ${label} enabled, or enable ${label} in a role and add ${user.name} to it.`;
  }
  const names = listWords(userRoles.map((role) => role.name));
  return `None of ${user.name}'s roles (${names}) enables ${label}. Enable ${label} for one of them in the roles matrix, or give ${user.name} a role that has it.`;
}

/** The guide's Troubleshooting questions, answered for one user from their effective access. */
function troubleshoot(user: WorkspaceUser, scopes: ScopeAccess[]): EffectiveAccess['troubleshooting'] {
  const byScope = Object.fromEntries(scopes.map((entry) => [entry.scope, entry])) as Record<AccessScope, ScopeAccess>;
  const external = byScope.externalAccounts;
  const buttonAnswer = external.granted
    ? `${user.name} has External Accounts ${grantedVia(external)}, so the button is there. If it still is not, check that the integration is enabled on the Integration page.`
    : external.explanation;

  const services = (['outlookCalendar', 'outlookContacts'] as const).map((scope) => byScope[scope]);
  const available = services.filter((entry) => entry.granted).map((entry) => scopeLabels[entry.scope]);
  let servicesAnswer: string;
  let servicesOk = false;
  if (!user.active) servicesAnswer = external.explanation;
  else if (!external.granted) {
    servicesAnswer = `Outlook services need External Accounts to connect an Outlook account, and ${user.name} does not have it. ${external.explanation}`;
  } else if (available.length === 0) {
    servicesAnswer = `${user.name} can connect an Outlook account but has neither Outlook Calendar nor Outlook Contacts. ${byScope.outlookCalendar.explanation}`;
  } else {
    servicesOk = true;
    const missing = services.filter((entry) => !entry.granted).map((entry) => scopeLabels[entry.scope]);
    servicesAnswer =
      `Available to ${user.name}: ${listWords(available)}.` +
      (missing.length > 0 ? ` Not available: ${listWords(missing)} (no role enables it).` : '') +
      ' If they still do not appear, check that the integration is enabled and the account is connected.';
  }
  return [
    { question: `Why doesn't ${user.name} have the External Accounts button?`, answer: buttonAnswer, ok: external.granted },
    { question: `Why are no Outlook services available to ${user.name}?`, answer: servicesAnswer, ok: servicesOk },
  ];
}

function grantedVia(access: ScopeAccess): string {
  if (access.source === 'administrator') return 'as an administrator';
  return `through the role${access.grantedBy.length > 1 ? 's' : ''} ${listWords(access.grantedBy.map((role) => role.name))}`;
}

export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
