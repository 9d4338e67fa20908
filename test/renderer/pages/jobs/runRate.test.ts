import { describe, expect, it } from 'vitest';
import { runRate } from '../../../../src/renderer/src/pages/jobs/runRate';

const startedAt = '2026-12-02T08:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(startedAt) + seconds * 1000);

describe('the pace of a running run', () => {
  it('says mailboxes per second and the time left at that pace', () => {
    expect(runRate({ startedAt, usersDone: 2000, usersTotal: 10_000 }, at(10))).toBe('200 mailboxes/s, about 40 s left');
    expect(runRate({ startedAt, usersDone: 30, usersTotal: 1030 }, at(20))).toBe('1.5 mailboxes/s, about 11 min 7 s left');
  });

  it('says nothing from the first users, and no time left once all are done', () => {
    expect(runRate({ startedAt, usersDone: 2, usersTotal: 10_000 }, at(1))).toBeNull();
    expect(runRate({ startedAt, usersDone: 10, usersTotal: 10 }, at(5))).toBe('2.0 mailboxes/s');
  });
});
