import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../../../src/renderer/src/pages/overview/timeAxis';

const at = (iso: string) => Date.parse(iso);
const labels = (times: number[], zone = 'UTC') => {
  const axis = timeAxis(times, zone, 'en-US');
  return axis.tickValues.map((tick) => axis.format(tick));
};

describe('the run charts’ time axis', () => {
  it('runs within one minute: ticks a few seconds apart, each label different (they all read "09:04" before)', () => {
    const shown = labels([at('2026-12-02T09:04:03Z'), at('2026-12-02T09:04:21Z'), at('2026-12-02T09:04:52Z')]);
    expect(shown).toEqual(['9:04:15 AM', '9:04:30 AM', '9:04:45 AM']);
  });

  it('runs over a few hours: round hours, without seconds', () => {
    expect(labels([at('2026-12-02T08:50:00Z'), at('2026-12-02T12:10:00Z')])).toEqual(['9:00 AM', '10:00 AM', '11:00 AM', '12:00 PM']);
  });

  it('runs over a week: a tick every other day at midnight in the console’s zone, with the date', () => {
    const shown = labels([at('2026-11-25T10:00:00Z'), at('2026-12-02T10:00:00Z')], 'Asia/Tokyo');
    expect(shown).toEqual(['Nov 26', 'Nov 28', 'Nov 30', 'Dec 2']);
    // Midnight in Tokyo is 15:00 UTC the day before.
    expect(timeAxis([at('2026-11-25T10:00:00Z'), at('2026-12-02T10:00:00Z')], 'Asia/Tokyo').tickValues[0].toISOString()).toBe(
      '2026-11-25T15:00:00.000Z',
    );
  });

  it('runs over a month: a tick a week', () => {
    expect(labels([at('2026-11-02T10:00:00Z'), at('2026-12-01T10:00:00Z')])).toEqual(['Nov 3', 'Nov 10', 'Nov 17', 'Nov 24', 'Dec 1']);
  });

  it('runs across midnight in the console’s zone, hours apart: the day is in the label', () => {
    const shown = labels([at('2026-12-01T20:00:00Z'), at('2026-12-02T03:00:00Z')], 'Europe/Berlin');
    expect(shown).toEqual(['Dec 1, 9:00 PM', 'Dec 2, 12:00 AM', 'Dec 2, 3:00 AM']);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it('one run, or runs in the same second: one tick with its seconds', () => {
    expect(labels([at('2026-12-02T09:04:52.100Z')])).toEqual(['9:04:52 AM']);
    expect(labels([at('2026-12-02T09:04:52.100Z'), at('2026-12-02T09:04:52.400Z')])).toEqual(['9:04:52 AM']);
  });

  it('labels are always distinct, for any span', () => {
    const start = at('2026-12-02T09:04:00Z');
    for (const span of [0, 800, 4_000, 40_000, 300_000, 3_600_000, 20 * 3_600_000, 3 * 86_400_000, 29 * 86_400_000]) {
      const shown = labels([start, start + span / 3, start + span], 'America/New_York');
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown).size, `span ${span} ms: ${shown.join(' | ')}`).toBe(shown.length);
    }
  });
});
