/**
 * The one place that turns what Microsoft (or the network between) answered into plain words and
 * a fix. The Accounts page, the logs, Diagnostics and the loopback result page all use it, so the
 * administrator reads the same explanation wherever the failure shows up.
 */
export type MicrosoftProblemCode =
  | 'AADSTS50011'
  | 'AADSTS7000215'
  | 'AADSTS7000218'
  | 'AADSTS7000222'
  | 'AADSTS65001'
  | 'AADSTS50020'
  | 'AADSTS50194'
  | 'AADSTS700016'
  | 'AADSTS90002'
  // Organisation-wide mode (client credentials, issue 18).
  | 'AADSTS700027'
  | 'AADSTS700024'
  | 'AADSTS1002012'
  | 'AADSTS50059'
  | 'access_denied'
  | 'invalid_grant'
  | 'authorizationCodeRefused'
  | 'mfaRequired'
  | 'conditionalAccess'
  | 'accountDisabled'
  | 'temporarilyUnavailable'
  | 'smtpAuthDisabled'
  | 'mailLoginRefused'
  | 'network'
  | 'tls'
  | 'timeout'
  | 'unknown';

export type MicrosoftProblem = {
  code: MicrosoftProblemCode;
  /** What went wrong, in the administrator's words. */
  explanation: string;
  /** What to do about it. */
  fix: string;
  /** Whether the user must sign in again (the refresh token is no longer usable). */
  needsReconnect: boolean;
};

type Explained = Omit<MicrosoftProblem, 'code' | 'needsReconnect'> & { needsReconnect?: boolean };

const adminApproval: Explained = {
  explanation:
    'Microsoft asks for an administrator’s approval: the app’s permissions have not been consented to for this organisation (AADSTS65001 / “Need admin approval”).',
  fix: 'On the Integration page use Grant admin consent (sign in as a Global or Privileged Role Administrator), then connect again.',
};

const notMultiTenant: Explained = {
  explanation:
    'The account belongs to a different organisation than the app registration allows (AADSTS50020 / “not configured as a multi-tenant application”).',
  fix: 'Sign in with an account of the app’s own tenant, or on the Integration page choose the supported account type the app registration really has (and its tenant); in Entra change Supported account types if other organisations must connect.',
};

const explanations: Record<Exclude<MicrosoftProblemCode, 'unknown'>, Explained> = {
  AADSTS50011: {
    explanation: 'The redirect URI the console sent is not registered for the app (AADSTS50011).',
    fix: 'In Entra, under the app’s Authentication, add the redirect URI shown on the Integration page (http://localhost/oauth/callback, platform Web) exactly: path and case must match.',
  },
  AADSTS7000215: {
    explanation: 'Microsoft refused the client secret (AADSTS7000215): usually the secret’s ID was pasted instead of its Value.',
    fix: 'In Entra open Certificates & secrets, create a new secret, copy its Value column (shown only once) and paste it on the Integration page.',
  },
  AADSTS7000218: {
    explanation: 'The app registration requires a client secret, but none is set in the console (AADSTS7000218).',
    fix: 'Paste the client secret’s Value on the Integration page, or in Entra allow public client flows for this app.',
  },
  AADSTS7000222: {
    explanation: 'The client secret has expired (AADSTS7000222).',
    fix: 'In Entra create a new client secret under Certificates & secrets and paste its Value, with its new expiry date, on the Integration page.',
  },
  AADSTS65001: adminApproval,
  AADSTS50020: notMultiTenant,
  AADSTS50194: notMultiTenant,
  AADSTS700016: {
    explanation: 'Microsoft found no app with this Client ID in the directory it was asked (AADSTS700016).',
    fix: 'Check the Client ID (Application (client) ID on the app’s Overview page), the tenant and the national cloud on the Integration page.',
  },
  AADSTS700027: {
    explanation:
      'Microsoft did not accept the console’s certificate (AADSTS700027): it is not uploaded to the app registration, it was replaced, or it has expired.',
    fix: 'On the Integration page use Download certificate and upload the .cer file in Entra › App registrations › the app › Certificates & secrets › Certificates; if it has expired, generate a new one first.',
  },
  AADSTS700024: {
    explanation:
      'Microsoft refused the certificate’s sign-in as outside its valid time (AADSTS700024): this computer’s clock is probably wrong.',
    fix: 'Set this computer’s date, time and time zone correctly (automatic time), then try again.',
  },
  AADSTS1002012: {
    explanation: 'The organisation-wide sign-in asked for a scope Microsoft does not accept for an app acting as itself (AADSTS1002012).',
    fix: 'Check the national cloud on the Integration page; the console asks for https://graph.microsoft.com/.default (or the cloud’s own Graph).',
  },
  AADSTS50059: {
    explanation: 'Organisation-wide mode needs to know the organisation, and no tenant was given (AADSTS50059).',
    fix: 'On the Integration page choose “Accounts in this organizational directory only” and enter the Directory (tenant) ID.',
  },
  AADSTS90002: {
    explanation: 'Microsoft does not know the tenant the console signs in to (AADSTS90002).',
    fix: 'Check the Directory (tenant) ID or domain and the national cloud on the Integration page.',
  },
  access_denied: {
    explanation: 'The sign-in was cancelled or the permissions were declined on Microsoft’s page.',
    fix: 'Connect again and accept the permissions; if an administrator must approve them, use Grant admin consent on the Integration page first.',
  },
  invalid_grant: {
    explanation:
      'Microsoft no longer accepts this account’s sign-in (invalid_grant): the password was changed, the sessions were revoked, or it was unused for too long.',
    fix: 'Reconnect the account on the Accounts page.',
    needsReconnect: true,
  },
  authorizationCodeRefused: {
    explanation:
      'Microsoft refused the code the browser brought back from the sign-in: it was already used (the answer arrived twice, or the page was reloaded), it expired before the console could redeem it, or it belongs to another sign-in attempt. The account and its password are fine.',
    fix: 'Connect again and finish signing in within a few minutes, in one browser tab.',
  },
  mfaRequired: {
    explanation:
      'Microsoft now asks this account for multi-factor authentication (AADSTS50076 / 50079), which only an interactive sign-in can give.',
    fix: 'Reconnect the account on the Accounts page and complete the second factor.',
    needsReconnect: true,
  },
  conditionalAccess: {
    explanation:
      'A Conditional Access policy of the organisation blocks this sign-in (AADSTS53003 and related): for example from this device, network or location.',
    fix: 'Ask an administrator to check the sign-in logs in Entra for this user and app, then reconnect the account on the Accounts page.',
    needsReconnect: true,
  },
  accountDisabled: {
    explanation: 'The Microsoft account is disabled or locked (AADSTS50057 / 50053).',
    fix: 'Ask an administrator to enable or unlock the account in Entra, then reconnect it on the Accounts page.',
    needsReconnect: true,
  },
  temporarilyUnavailable: {
    explanation:
      'Microsoft’s sign-in service was busy or briefly unavailable (429 / 5xx, temporarily_unavailable) and still was after the console waited and tried again. Nothing is wrong with the account or the settings.',
    fix: 'Try again in a few minutes; the sync tries again by itself on its next run.',
  },
  smtpAuthDisabled: {
    explanation:
      'Microsoft refused to send mail for this account because SMTP AUTH is disabled for the mailbox (535 5.7.139 “SmtpClientAuthentication is disabled”).',
    fix: 'In the Microsoft 365 admin center open Users › Active users, select the user, then Mail › Manage email apps and tick Authenticated SMTP (or enable SMTP AUTH for the organisation). See https://docs.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission#use-the-microsoft-365-admin-center-to-enable-or-disable-smtp-auth-on-specific-mailboxes',
  },
  mailLoginRefused: {
    explanation:
      'The mail server refused the account’s access token: the token was revoked or has expired, the app lacks the IMAP.AccessAsUser.All / SMTP.Send permission, or the protocol is turned off for the mailbox.',
    fix: 'Check that the permission is granted (Grant admin consent on the Integration page), that IMAP or Authenticated SMTP is enabled for the mailbox under Mail › Manage email apps in the Microsoft 365 admin center, and reconnect the account on the Accounts page.',
  },
  network: {
    explanation: 'The console could not reach Microsoft’s sign-in or Graph servers (network failure).',
    fix: 'Check this machine’s internet connection, proxy and firewall, and that the national cloud (or the custom cloud’s hosts) on the Integration page is right.',
  },
  tls: {
    explanation:
      'The secure connection to Microsoft was refused because its certificate is not trusted here (TLS failure). A TLS-inspecting proxy or a local emulator presents its own certificate.',
    fix: 'Paste the proxy’s (or emulator’s) CA certificate as the custom CA on the Integration page, or ask your network team to exempt Microsoft’s sign-in hosts from inspection.',
  },
  timeout: {
    explanation: 'No answer arrived in time: the sign-in was not completed in the browser, or Microsoft did not respond.',
    fix: 'Connect again and finish signing in within the time shown; if it keeps happening, check the network connection.',
  },
};

const tlsCodes =
  /\b(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID|self[- ]signed certificate|unable to verify the first certificate)\b/i;
const networkCodes =
  /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|socket hang up|fetch failed|network_error)\b/i;
const timeoutCodes = /\b(ETIMEDOUT|ESOCKETTIMEDOUT|timed out|timeout)\b/i;

/** Everything an error carries as text: message, MSAL's code and sub-error, causes, Node's `code`. */
function textOf(error: unknown, depth = 0): string {
  if (depth > 4 || error === null || error === undefined) return '';
  if (typeof error === 'string') return error;
  if (typeof error !== 'object') return String(error);
  const record = error as Record<string, unknown>;
  // `response` is nodemailer's server answer; `responseText` and `serverResponseCode` are imapflow's.
  const parts = [
    'errorCode',
    'subError',
    'code',
    'error',
    'message',
    'errorMessage',
    'error_description',
    'suberror',
    'response',
    'responseText',
    'serverResponseCode',
  ]
    .map((key) => record[key])
    .filter((value): value is string => typeof value === 'string');
  if (Array.isArray(record.error_codes)) parts.push(...record.error_codes.map((code) => `AADSTS${String(code)}`));
  return [...parts, textOf(record.cause, depth + 1)].join(' ');
}

export function classifyMicrosoftError(error: unknown): MicrosoftProblemCode {
  const text = textOf(error);
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  if (aadsts === '90094' || aadsts === '90008' || /need admin approval|consent_required/i.test(text)) return 'AADSTS65001';
  if (aadsts && `AADSTS${aadsts}` in explanations) return `AADSTS${aadsts}` as MicrosoftProblemCode;
  if (/not configured as a multi-tenant application/i.test(text)) return 'AADSTS50020';
  if (aadsts === '54005' || aadsts === '501481' || aadsts === '50148') return 'authorizationCodeRefused';
  if (aadsts === '50076' || aadsts === '50079' || aadsts === '50074') return 'mfaRequired';
  if (aadsts === '53000' || aadsts === '53001' || aadsts === '53003' || aadsts === '530003') return 'conditionalAccess';
  if (aadsts === '50057' || aadsts === '50053') return 'accountDisabled';
  if (aadsts === '90033' || /\btemporarily_unavailable\b|\bserver_error\b|answered HTTP (429|5\d\d)\b/i.test(text))
    return 'temporarilyUnavailable';
  if (/\binvalid_grant\b|\binteraction_required\b|\blogin_required\b|no_tokens_found|refresh_token_expired/i.test(text))
    return 'invalid_grant';
  if (/\baccess_denied\b|AADSTS65004/i.test(text)) return 'access_denied';
  if (/\b5\.7\.139\b|SmtpClientAuthentication is disabled/i.test(text)) return 'smtpAuthDisabled';
  if (/\bAUTHENTICATIONFAILED\b|\bEAUTH\b|\b535\b/.test(text)) return 'mailLoginRefused';
  if (tlsCodes.test(text)) return 'tls';
  if (timeoutCodes.test(text)) return 'timeout';
  if (networkCodes.test(text)) return 'network';
  return 'unknown';
}

/** The explanation and fix for any error a sign-in, a token refresh or a Graph call raised. */
export function explainMicrosoftError(error: unknown): MicrosoftProblem {
  const code = classifyMicrosoftError(error);
  if (code === 'unknown') {
    const detail = firstLine(textOf(error)) || 'no details';
    return {
      code,
      explanation: `Microsoft’s sign-in did not succeed: ${detail}`,
      fix: 'Run Diagnostics and look at the log (set the log level to DEBUG for more detail); then connect again.',
      needsReconnect: false,
    };
  }
  return explainProblem(code);
}

/**
 * A failure while redeeming the sign-in's authorization code. Microsoft answers invalid_grant for
 * a used, expired or mismatched code as it does for a revoked refresh token, but here it says
 * nothing about the password or the account: the code is what was refused.
 */
export function explainCodeRedemption(problem: MicrosoftProblem): MicrosoftProblem {
  return problem.code === 'invalid_grant' ? explainProblem('authorizationCodeRefused') : problem;
}

export function explainProblem(code: Exclude<MicrosoftProblemCode, 'unknown'>): MicrosoftProblem {
  const explained = explanations[code];
  return { code, explanation: explained.explanation, fix: explained.fix, needsReconnect: explained.needsReconnect ?? false };
}

function firstLine(text: string): string {
  const line =
    text
      .split(/\r?\n/)
      .map((part) => part.trim())
      .find(Boolean) ?? '';
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}
