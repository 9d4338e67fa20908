import { describe, expect, it } from 'vitest';
import { isIdempotentMethod, retryAfterMs } from '../../../src/main/graph/retryPolicy';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');

  it.each([
    ['7', 7_000],
    ['0', 0],
    // Microsoft's own sample answers with a fraction: wait at least that long.
    ['2.128', 2_128],
    ['0.0004', 1],
    [' 3 ', 3_000],
    ['Thu, 26 Nov 2026 12:00:30 GMT', 30_000],
    // A date already past: go again at once.
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
  ])('%j → %d ms', (value, ms) => expect(retryAfterMs(value, now)).toBe(ms));

  it.each([[null], [undefined], [''], ['-1'], ['soon'], ['1e3'], ['12.5.3'], ['2,5']])(
    '%j cannot be read: the caller backs off',
    (value) => {
      expect(retryAfterMs(value, now)).toBeUndefined();
    },
  );
});

describe('which requests may be sent twice', () => {
  it('GET, PATCH and DELETE may; a POST creates, and twice would create twice', () => {
    expect(['GET', 'PATCH', 'DELETE', undefined].map(isIdempotentMethod)).toEqual([true, true, true, true]);
    expect(isIdempotentMethod('post')).toBe(false);
  });
});
