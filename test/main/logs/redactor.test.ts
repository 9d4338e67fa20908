import { describe, expect, it } from 'vitest';
import { expiryGraceMs, redacted, Redactor } from '../../../src/main/logs/redactor';

describe('Redactor', () => {
  it('removes a registered secret wherever it appears, also JSON-escaped', () => {
    const redactor = new Redactor();
    const secret = 'Q~8Yu"pretend\\Secret.value_123';
    redactor.registerSecret(secret);
    expect(redactor.redactText(`secret is ${secret}!`)).toBe(`secret is ${redacted}!`);
    expect(redactor.redactText(JSON.stringify({ note: `x${secret}y` }))).not.toContain(JSON.stringify(secret).slice(1, -1));
  });

  it('finds secrets whose last characters are spaces and punctuation, next to the words that skip the scan', () => {
    const redactor = new Redactor();
    // Ordinary words first: the scan skips windows holding a character no known secret ends with.
    redactor.registerSecret('eyJ0eXAi.token-of-ann_0123456789');
    const passphrase = 'correct horse: battery staple';
    const quoted = 'pa"ss\\word in quotes';
    redactor.registerSecret(passphrase);
    redactor.registerSecret(quoted);
    expect(redactor.redactText(`a passphrase (correct horse: battery staple) and ${quoted}.`)).toBe(
      `a passphrase (${redacted}) and ${redacted}.`,
    );
    expect(redactor.redactText(JSON.stringify({ note: `said ${quoted}` }))).toBe(`{"note":"said ${redacted}"}`);
    expect(redactor.redactText('battery staple, but not the rest')).toBe('battery staple, but not the rest');
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

  it('keeps an access token known until it expires (and the clock-skew grace), then forgets it', () => {
    let now = Date.parse('2026-11-26T12:00:00Z');
    const redactor = new Redactor(() => now);
    const first = 'EwBwA8l6BAAUfirst-opaque-access-token';
    const second = 'EwBwA8l6BAAUsecond-opaque-access-token';
    redactor.registerSecret(first, { expiresAt: new Date(now + 3600_000) });
    // An hour later a new token replaces it: the old one is still accepted for the grace period, so still redacted.
    now += 3600_000;
    redactor.registerSecret(second, { expiresAt: new Date(now + 3600_000) });
    expect(redactor.redactText(`${first} ${second}`)).toBe(`${redacted} ${redacted}`);
    now += expiryGraceMs + 1;
    redactor.registerSecret('an-unrelated-secret-value'); // registrations sweep the expired ones
    expect(redactor.redactText(`${first} ${second}`)).toBe(`${first} ${redacted}`);
    expect(redactor.size).toBe(2);
  });

  it('forgets an access token at its expiry even when something registered it again without one (the email check)', () => {
    let now = Date.parse('2026-11-26T12:00:00Z');
    const redactor = new Redactor(() => now);
    const access = 'EwBwA8l6BAAUaccess-token-used-for-imap';
    redactor.registerSecret(access, { owner: 'account.1.tokenCache', expiresAt: new Date(now + 3600_000) });
    redactor.registerSecret(access); // the IMAP login registers the token it was handed
    expect(redactor.redactText(access)).toBe(redacted);
    now += 3600_000 + expiryGraceMs + 1;
    redactor.registerSecret('an-unrelated-secret-value'); // registrations sweep the expired ones
    expect(redactor.redactText(access)).toBe(access);
    expect(redactor.size).toBe(1);
  });

  it("forgets an owner's secrets when it is gone, but not an access token before its expiry nor one someone else registered", () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    const redactor = new Redactor(() => now);
    const refresh = 'M.C5_BAY.refresh-token-of-ann';
    const access = 'EwBwA8l6BAAUaccess-token-of-ann';
    const clientSecret = 'Q~client-secret-value-123';
    redactor.registerSecret(refresh, { owner: 'account.1.tokenCache' });
    redactor.registerSecret(access, { owner: 'account.1.tokenCache', expiresAt: new Date(now + 3600_000) });
    redactor.registerSecret(clientSecret, { owner: 'account.1.tokenCache' });
    redactor.registerSecret(clientSecret); // the vault knows it too: it outlives the token cache
    redactor.forgetOwner('account.1.tokenCache');
    expect(redactor.redactText(`${refresh} ${access} ${clientSecret}`)).toBe(`${refresh} ${redacted} ${redacted}`);
  });

  it('keeps digests of the secrets, not the secrets', () => {
    const redactor = new Redactor();
    const secret = 'refresh-token-that-must-not-be-kept-0123456789';
    redactor.registerSecret(secret);
    // Nothing the redactor holds contains the secret's text beyond its last characters.
    const held = JSON.stringify(redactor, (_key, value: unknown) =>
      value instanceof Map ? [...value] : value instanceof Set ? [...value] : value,
    );
    expect(held).not.toContain(secret.slice(0, -8));
    expect(redactor.redactText(`a ${secret} b`)).toBe(`a ${redacted} b`);
  });
});
