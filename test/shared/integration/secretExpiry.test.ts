import { describe, expect, it } from 'vitest';
import { defaultSecretExpiry, looksLikeSecretId } from '../../../src/shared/integration/secretChecks';
import { describeSecretExpiry, secretExpiryState } from '../../../src/shared/integration/secretExpiry';

const at = (iso: string) => new Date(iso);

describe('secret expiry state', () => {
  it.each([
    ['2026-12-27T12:00:00Z', 'ok', null, 31],
    ['2026-12-28T00:00:00Z', 'reminder', 30, 30],
    ['2027-01-20T12:00:00Z', 'reminder', 7, 7],
    ['2027-01-26T12:00:00Z', 'reminder', 1, 1],
    ['2027-01-27T00:00:00Z', 'expired', null, 0],
    ['2027-02-27T00:00:00Z', 'expired', null, -31],
  ] as const)('at %s: %s (threshold %s, %s days left)', (now, state, threshold, daysLeft) => {
    expect(secretExpiryState('2027-01-27', at(now))).toEqual({ state, threshold, daysLeft, expiresOn: '2027-01-27' });
  });

  it('says what to do, in plain words', () => {
    expect(describeSecretExpiry(secretExpiryState('2027-01-27', at('2027-01-20T12:00:00Z')))).toMatch(
      /expires in 7 days \(2027-01-27\)\. Create a new one/,
    );
    expect(describeSecretExpiry(secretExpiryState('2027-01-27', at('2027-01-28T00:00:00Z')))).toMatch(/expired on 2027-01-27/);
  });
});

describe('secret checks', () => {
  it('recognises a pasted Secret ID (a GUID) but not a secret value', () => {
    expect(looksLikeSecretId('6f1e2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b')).toBe(true);
    expect(looksLikeSecretId(' 6F1E2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B ')).toBe(true);
    expect(looksLikeSecretId('Abc8Q~xYz1234567890abcdefghijklmnopqrstuv')).toBe(false);
  });

  it('defaults the expiry to 24 months, as the portal offers', () => {
    expect(defaultSecretExpiry(at('2026-11-26T12:00:00Z'))).toBe('2028-11-26');
  });
});
