import { describe, expect, it } from 'vitest';
import { explainPastedError } from '../../../src/main/diagnostics/errorExplainer';
import { call } from '../accounts/accountsFixture';
import { createTestCore } from '../../support/testCore';
import { useTempDirs } from '../../support/tempDir';

describe('explaining an error the administrator pastes', () => {
  const tempDir = useTempDirs();

  it.each([
    [
      "AADSTS50011: The redirect URI 'http://localhost:53100/oauth/callback' specified in the request does not match the redirect URIs configured for the application.",
      'AADSTS50011',
      'http://localhost/oauth/callback',
    ],
    [
      'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      'AADSTS7000215',
      'Value',
    ],
    [
      'Need admin approval. Contoso Console needs permission to access resources in your organization that only an admin can grant.',
      'AADSTS65001',
      'Grant admin consent',
    ],
    [
      "AADSTS50020: User account 'bo@fabrikam.com' from identity provider does not exist in tenant 'Contoso'.",
      'AADSTS50020',
      'account type',
    ],
    [
      "AADSTS700016: Application with identifier '0b5e6a2c-1234-4cde-9f00-123456789abc' was not found in the directory 'Contoso'.",
      'AADSTS700016',
      'Client ID',
    ],
    [
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.',
      'smtpAuthDisabled',
      'Authenticated SMTP',
    ],
    [
      '{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit.","innerError":{"code":"MailboxConcurrency"}}}',
      '429 MailboxConcurrency',
      'another program',
    ],
    ['{"error":{"code":"syncStateNotFound","message":"The sync state generation is not found."}}', '410 syncStateNotFound', 'full resync'],
  ])('%s', (text, code, inFix) => {
    const answer = explainPastedError(text);
    expect(answer).toMatchObject({ recognised: true, code });
    expect(answer.explanation.length).toBeGreaterThan(20);
    expect(answer.fix).toContain(inFix);
  });

  it('points to Microsoft’s own page for a code it does not know, and asks for the code when there is none', () => {
    expect(
      explainPastedError('AADSTS90072: User account from identity provider does not exist in tenant and cannot access the application.'),
    ).toMatchObject({
      recognised: false,
      code: 'AADSTS90072',
      fix: expect.stringContaining('https://login.microsoftonline.com/error?code=90072'),
    });
    expect(explainPastedError('AADSTS53003: Access has been blocked by Conditional Access policies.')).toMatchObject({
      recognised: true,
      code: 'conditionalAccess',
    });
    expect(explainPastedError('Something went wrong.')).toMatchObject({
      recognised: false,
      code: 'unknown',
      fix: expect.stringContaining('AADSTS'),
    });
  });

  it('is a contract channel that names the field when nothing was pasted', async () => {
    const core = createTestCore(tempDir());
    try {
      const empty = await call(core, 'diagnostics.explainError', { text: '   ' });
      expect(empty).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', issues: [{ field: 'text', message: expect.stringContaining('Paste the error') }] },
      });
      const answered = await call(core, 'diagnostics.explainError', {
        text: 'AADSTS7000222: The provided client secret keys are expired.',
      });
      expect(answered).toMatchObject({ ok: true, result: { recognised: true, code: 'AADSTS7000222' } });
    } finally {
      await core.shutdown();
    }
  });
});
