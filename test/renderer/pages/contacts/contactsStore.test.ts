import { beforeEach, describe, expect, it } from 'vitest';
import type { PushProgress } from '../../../../src/shared/contract';
import { useContactsStore } from '../../../../src/renderer/src/pages/contacts/contactsStore';

function report(revision: number, status: PushProgress['status'], done: number): PushProgress {
  return {
    pushId: 'p1',
    resumeOf: null,
    status,
    startedAt: '2026-11-26T10:00:00.000Z',
    finishedAt: status === 'running' ? null : '2026-11-26T10:00:01.000Z',
    summary: status,
    users: [
      {
        userId: 1,
        userName: 'Ann Lee',
        total: 2,
        done,
        created: done,
        updated: 0,
        recreated: 0,
        skipped: 0,
        failed: 0,
        messages: [],
        error: null,
      },
    ],
    resumable: false,
    revision,
  };
}

describe('contacts store', () => {
  beforeEach(() => useContactsStore.setState({ pushes: [], revision: 0 }));

  it('keeps the finished report when the answer to contacts.push arrives after it', () => {
    const { notePush } = useContactsStore.getState();
    notePush(report(1, 'running', 0));
    notePush(report(2, 'done', 2));
    notePush(report(1, 'running', 0));
    expect(useContactsStore.getState().pushes).toEqual([report(2, 'done', 2)]);
  });

  it('takes every newer report of a push in turn', () => {
    const { notePush } = useContactsStore.getState();
    notePush(report(1, 'running', 0));
    notePush(report(2, 'running', 1));
    expect(useContactsStore.getState().pushes[0]?.users[0]?.done).toBe(1);
    notePush(report(3, 'done', 2));
    expect(useContactsStore.getState().pushes[0]?.status).toBe('done');
  });
});
