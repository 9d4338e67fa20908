import { describe, expect, it } from 'vitest';
import { classifyMicrosoftError, explainCodeRedemption, explainMicrosoftError } from '../../../src/main/auth/microsoftErrors';

describe('Microsoft errors in plain words', () => {
  it.each([
    [
      {
        errorCode: 'invalid_request',
        errorMessage: "AADSTS50011: The redirect URI 'http://localhost:5000/oauth/callback' specified in the request does not match",
      },
      'AADSTS50011',
    ],
    [{ error: 'invalid_client', error_codes: [7000215] }, 'AADSTS7000215'],
    [new Error('invalid_client: AADSTS7000222: The provided client secret keys for app are expired.'), 'AADSTS7000222'],
    ['AADSTS65001: The user or administrator has not consented to use the application', 'AADSTS65001'],
    ['Need admin approval', 'AADSTS65001'],
    ['AADSTS50020: User account from identity provider does not exist in tenant', 'AADSTS50020'],
    ["Application 'x' is not configured as a multi-tenant application.", 'AADSTS50020'],
    ['AADSTS700016: Application with identifier was not found in the directory', 'AADSTS700016'],
    [{ errorCode: 'invalid_grant', errorMessage: 'AADSTS50173: The provided grant has expired due to it being revoked' }, 'invalid_grant'],
    [{ error: 'access_denied', error_description: 'AADSTS65004: User declined to consent' }, 'access_denied'],
    [
      { errorCode: 'invalid_grant', errorMessage: 'AADSTS54005: OAuth2 Authorization code was already redeemed' },
      'authorizationCodeRefused',
    ],
    [
      { errorCode: 'invalid_grant', errorMessage: 'AADSTS501481: The Code_Verifier does not match the code_challenge' },
      'authorizationCodeRefused',
    ],
    [{ errorCode: 'invalid_grant', errorMessage: 'AADSTS50076: you must use multi-factor authentication' }, 'mfaRequired'],
    [
      { errorCode: 'invalid_grant', errorMessage: 'AADSTS53003: Access has been blocked by Conditional Access policies' },
      'conditionalAccess',
    ],
    [{ errorCode: 'invalid_grant', errorMessage: 'AADSTS50057: The user account is disabled.' }, 'accountDisabled'],
    [
      { errorCode: 'temporarily_unavailable', errorMessage: 'AADSTS90033: A transient error has occurred. Please try again.' },
      'temporarilyUnavailable',
    ],
    [new Error('login.example answered HTTP 502 with something that is not JSON: is the sign-in host right?'), 'temporarilyUnavailable'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'network'],
    [
      new Error('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND login.example'), { code: 'ENOTFOUND' }) }),
      'network',
    ],
    [Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'tls'],
    [new Error('ETIMEDOUT: login.microsoftonline.com did not answer within 30 s'), 'timeout'],
    // nodemailer's and imapflow's shapes: the server's answer is in `response` / `responseText`.
    [
      Object.assign(new Error('Invalid login: 535 5.7.139 Authentication unsuccessful'), {
        code: 'EAUTH',
        responseCode: 535,
        response: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.',
      }),
      'smtpAuthDisabled',
    ],
    [
      Object.assign(new Error('Invalid login: 535 5.7.3 Authentication unsuccessful'), {
        code: 'EAUTH',
        responseCode: 535,
        response: '535 5.7.3 Authentication unsuccessful',
      }),
      'mailLoginRefused',
    ],
    [
      Object.assign(new Error('Command failed'), {
        authenticationFailed: true,
        serverResponseCode: 'AUTHENTICATIONFAILED',
        responseText: 'Authentication failed.',
      }),
      'mailLoginRefused',
    ],
    [new Error('something else entirely'), 'unknown'],
  ])('%s → %s', (error, code) => expect(classifyMicrosoftError(error)).toBe(code));

  it('gives each an explanation and a fix; only invalid_grant asks for a reconnect', () => {
    expect(explainMicrosoftError('AADSTS7000215')).toMatchObject({
      explanation: expect.stringMatching(/secret’s ID was pasted/),
      fix: expect.stringMatching(/Value/),
      needsReconnect: false,
    });
    expect(explainMicrosoftError({ errorCode: 'invalid_grant' })).toMatchObject({
      needsReconnect: true,
      fix: 'Reconnect the account on the Accounts page.',
    });
    expect(explainMicrosoftError(new Error('UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate')).fix).toMatch(
      /custom CA on the Integration page/,
    );
    expect(explainMicrosoftError(new Error('odd failure\nsecond line')).explanation).toBe(
      'Microsoft’s sign-in did not succeed: odd failure',
    );
    expect(explainMicrosoftError({ errorCode: 'temporarily_unavailable', errorMessage: 'AADSTS90033' })).toMatchObject({
      needsReconnect: false,
      explanation: expect.not.stringMatching(/AADSTS90033:/),
    });
    expect(explainMicrosoftError({ errorCode: 'invalid_grant', errorMessage: 'AADSTS50079' })).toMatchObject({
      code: 'mfaRequired',
      needsReconnect: true,
    });
  });

  it('while redeeming a sign-in code, invalid_grant is the code that was refused, not the password', () => {
    const expired = explainCodeRedemption(
      explainMicrosoftError({
        errorCode: 'invalid_grant',
        errorMessage: 'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.',
      }),
    );
    expect(expired).toMatchObject({ code: 'authorizationCodeRefused', needsReconnect: false, fix: expect.stringMatching(/Connect again/) });
    expect(expired.explanation).not.toMatch(/password was changed/);
    expect(explainCodeRedemption(explainMicrosoftError('AADSTS7000222'))).toMatchObject({ code: 'AADSTS7000222' });
  });
});
