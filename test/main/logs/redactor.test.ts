import { describe, expect, it } from 'vitest';
import { redacted, Redactor } from '../../../src/main/logs/redactor';

describe('Redactor', () => {
  it('removes a registered secret wherever it appears, also JSON-escaped', () => {
    const redactor = new Redactor();
    const secret = 'Q~8Yu"pretend\\Secret.value_123';
    redactor.registerSecret(secret);
    expect(redactor.redactText(`secret is ${secret}!`)).toBe(`secret is ${redacted}!`);
    expect(redactor.redactText(JSON.stringify({ note: `x${secret}y` }))).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('removes bearer tokens, JWTs and OAuth parameters by their shape', () => {
    const redactor = new Redactor();
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl';
    const text = [
      `Authorization: Bearer ${jwt}`,
      `token ${jwt}`,
      'http://localhost:5000/oauth/callback?code=0.AXoA-secret-code&state=abc',
      'grant_type=refresh_token&refresh_token=M.C5_BAY.-refresh&client_secret=s3cr3t~x',
      '{"code_verifier":"verifier-value-1234567890"}',
    ].join('\n');
    const result = redactor.redactText(text);
    for (const leaked of [jwt, '0.AXoA-secret-code', 'M.C5_BAY.-refresh', 's3cr3t~x', 'verifier-value-1234567890']) {
      expect(result).not.toContain(leaked);
    }
    expect(result).toContain('state=abc');
    expect(result).toContain('grant_type=refresh_token');
  });

  it('blanks secret-named fields at any depth but keeps flags and counts', () => {
    const redactor = new Redactor();
    const value = redactor.redactValue({
      user: 'ann@contoso.com',
      clientSecret: 'abc123456789',
      nested: { headers: { Authorization: 'Basic dXNlcjpwYXNz' }, refreshToken: 'rt-value-123456' },
      hasToken: true,
      tokenCount: 2,
      list: [{ access_token: 'at-value-123456' }],
    });
    expect(value).toEqual({
      user: 'ann@contoso.com',
      clientSecret: redacted,
      nested: { headers: { Authorization: redacted }, refreshToken: redacted },
      hasToken: true,
      tokenCount: 2,
      list: [{ access_token: redacted }],
    });
  });

  it('redacts error messages and stacks', () => {
    const redactor = new Redactor();
    redactor.registerSecret('super-secret-value');
    const value = redactor.redactValue({ error: new Error('login failed with super-secret-value') }) as {
      error: { message: string; stack: string };
    };
    expect(value.error.message).toBe(`login failed with ${redacted}`);
    expect(value.error.stack).not.toContain('super-secret-value');
  });

  it('finds each of many known secrets in one pass: 20,000 tokens with one beginning, shared endings, the longest one wins', () => {
    const redactor = new Redactor();
    // Like access tokens: the same JWT header in front of every one.
    const tokens = Array.from({ length: 20_000 }, (_, i) => `eyJhbGciOiJSUzI1NiJ9.${String(i).padStart(5, '0')}-signature`);
    for (const token of tokens) redactor.registerSecret(token);
    // Same last characters as a shorter secret: the longer one is removed whole.
    redactor.registerSecret(`prefix-${tokens[42]}`);
    const line = `refresh with ${tokens[19_999]} then ${tokens[7]}, ${tokens[42]} and prefix-${tokens[42]}.`;
    expect(redactor.redactText(line)).toBe(`refresh with ${redacted} then ${redacted}, ${redacted} and ${redacted}.`);
    redactor.forgetSecret(tokens[7]);
    expect(redactor.redactText(`only ${tokens[7]}`)).toBe(`only ${tokens[7]}`);
    expect(redactor.redactText(`still ${tokens[8]}`)).toBe(`still ${redacted}`);
  });
});
