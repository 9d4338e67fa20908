import { describe, expect, it } from 'vitest';
import { notePush } from '../../../src/renderer/src/state/serverEvents';
import { pushProgress as report } from '../support/fixtures';

describe('push progress in the cache', () => {
  it('keeps the finished report when the answer to contacts.push arrives after it', () => {
    let pushes = notePush(undefined, report(1, 'running', 0));
    pushes = notePush(pushes, report(2, 'done', 2));
    pushes = notePush(pushes, report(1, 'running', 0));
    expect(pushes).toEqual([report(2, 'done', 2)]);
  });

  it('takes every newer report of a push in turn', () => {
    let pushes = notePush(undefined, report(1, 'running', 0));
    pushes = notePush(pushes, report(2, 'running', 1));
    expect(pushes[0]?.users[0]?.done).toBe(1);
    pushes = notePush(pushes, report(3, 'done', 2));
    expect(pushes[0]?.status).toBe('done');
  });
});
