// Console → Outlook's exactly-once rules against a scripted Outlook, for the answers the emulator
// does not give on its own: a create searched for while it is still on its way, and a resent create
// refused with ErrorDuplicateTransactionId.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessService } from '../../../src/main/access/accessService';
import type { BatchItem, BatchResult, GraphMailbox } from '../../../src/main/graph/graphMailbox';
import { pushToOutlook } from '../../../src/main/sync/calendarPush';
import { EventStore } from '../../../src/main/sync/eventStore';
import type { UserSyncContext } from '../../../src/main/sync/syncContext';
import { noCounts } from '../../../src/main/sync/syncContext';
import { SeriesChecks } from '../../../src/main/sync/seriesReconcile';
import { SyncRecords } from '../../../src/main/sync/syncRecords';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { useTempDirs } from '../../support/tempDir';
import { collectingLogger, daysAhead, meeting } from './syncHarness';

const tempDir = useTempDirs();

/** Outlook as a script: each `$batch` is answered by the next step, which also sees what was sent. */
function scriptedOutlook(steps: Array<(items: readonly BatchItem[]) => Array<Omit<BatchResult, 'id'>>>) {
  const sent: BatchItem[][] = [];
  const box = {
    async batch(items: readonly BatchItem[]) {
      sent.push([...items]);
      const step = steps.shift();
      if (!step) throw new Error(`Outlook was not expecting: ${items.map((item) => `${item.method} ${item.url}`).join(', ')}`);
      const answers = step(items);
      return new Map(items.map((item, index) => [item.id, { id: item.id, ...answers[index] }]));
    },
  };
  return { box: box as unknown as GraphMailbox, sent, left: () => steps.length };
}

function context(box: GraphMailbox) {
  const db = openWorkspaceDatabase({ path: join(tempDir(), 'workspace.db'), now: () => new Date(), notify: () => {} });
  const access = new AccessService({ db, operator: 'test', now: () => new Date(), onChange: () => {} });
  const user = access.createUser({ name: 'Adele Vance', email: 'adele@example.com', type: 'regular', roleIds: [] });
  const events = new EventStore(db);
  const records = new SyncRecords(db);
  const ctx: UserSyncContext = {
    db,
    events,
    records,
    box,
    userId: user.id,
    userName: 'Adele Vance',
    settings: { ...records.settings(user.id), direction: 'toOutlook' },
    window: { start: daysAhead(-30), end: daysAhead(300) },
    calendarPath: '/me/calendar',
    seriesChecks: new SeriesChecks(),
    seriesCompared: new Set(),
    directory: () => undefined,
    now: () => new Date(),
    log: collectingLogger([]),
    counts: { toOutlook: noCounts(), fromOutlook: noCounts() },
    errors: [],
    notes: [],
  };
  return ctx;
}

const lost = { status: 0, body: undefined, outcomeUnknown: 'POST /v1.0/$batch: socket hang up' };
const nothingFound = { status: 200, body: { value: [] } };
const duplicateTransaction = {
  status: 400,
  body: {
    error: { code: 'ErrorDuplicateTransactionId', message: "Your request can't be completed. The transactionId has already been used." },
  },
};

describe('a create searched for while still on its way, then refused as a duplicate transaction', () => {
  it('is linked to the event Outlook made, never created twice, and the edit made meanwhile is sent', async () => {
    const late: { ctx?: UserSyncContext; eventId: number } = { eventId: 0 };
    const outlook = scriptedOutlook([
      // The create goes out; its answer is lost.
      () => [lost],
      // The search comes before Outlook finished making it. Meanwhile the event is edited here.
      () => {
        late.ctx!.events.update(late.eventId, { ...late.ctx!.events.find(late.eventId)!, name: 'Board meeting (moved)' }, new Date());
        return [nothingFound];
      },
      // Sent again with the same transaction id and the new subject: Outlook refuses, it has that id.
      () => [duplicateTransaction],
      // Searched again: there it is.
      () => [
        {
          status: 200,
          body: {
            value: [
              {
                id: 'AAMk-1',
                changeKey: 'ck-1',
                transactionId: (outlook.sent[0][0].body as { transactionId: string }).transactionId,
                createdDateTime: '2026-11-26T12:00:00Z',
              },
            ],
          },
        },
      ],
      // Linked with the version first sent, so the edit goes out as an update.
      (items) => items.map(() => ({ status: 200, body: { id: 'AAMk-1', changeKey: 'ck-2' } })),
    ]);
    const ctx = context(outlook.box);
    const eventId = ctx.events.insert(meeting('Board meeting', ctx.userId, daysAhead(3)), 'console', new Date());
    Object.assign(late, { ctx, eventId });

    await pushToOutlook(ctx);

    expect(outlook.left()).toBe(0);
    const [first, search, resent, searchAgain, update] = outlook.sent;
    expect(first.map((item) => item.method)).toEqual(['POST']);
    expect(search[0]).toMatchObject({ method: 'GET', url: expect.stringContaining('$filter=singleValueExtendedProperties') });
    expect(decodeURIComponent(search[0].url)).toContain(`ep/value eq '${eventId}'`);
    expect(resent[0].method).toBe('POST');
    expect((resent[0].body as { transactionId: string }).transactionId).toBe((first[0].body as { transactionId: string }).transactionId);
    expect(searchAgain[0].method).toBe('GET');
    expect(update[0]).toMatchObject({
      method: 'PATCH',
      url: '/me/events/AAMk-1',
      body: expect.objectContaining({ subject: 'Board meeting (moved)' }),
    });
    expect(ctx.records.link(eventId, ctx.userId)).toMatchObject({
      outlookEventId: 'AAMk-1',
      changeKey: 'ck-2',
      syncedVersion: ctx.events.find(eventId)!.version,
    });
    expect(ctx.counts.toOutlook).toEqual({ created: 1, updated: 1, deleted: 0 });
    expect(ctx.errors).toEqual([]);
    expect(ctx.notes).toHaveLength(2);
  });

  it('a duplicate transaction whose event is nowhere to be found (deleted in Outlook meanwhile) gets a new transaction id', async () => {
    const outlook = scriptedOutlook([
      () => [duplicateTransaction],
      () => [nothingFound],
      (items) => items.map(() => ({ status: 201, body: { id: 'AAMk-2', changeKey: 'ck-1' } })),
    ]);
    const ctx = context(outlook.box);
    const eventId = ctx.events.insert(meeting('Offsite', ctx.userId, daysAhead(4)), 'console', new Date());
    await pushToOutlook(ctx);
    const [first, , again] = outlook.sent;
    expect((again[0].body as { transactionId: string }).transactionId).not.toBe((first[0].body as { transactionId: string }).transactionId);
    expect(ctx.records.link(eventId, ctx.userId)).toMatchObject({ outlookEventId: 'AAMk-2' });
  });

  it('a search Outlook does not answer leaves the create in doubt: not sent again in this run, said in the result', async () => {
    const outlook = scriptedOutlook([() => [lost], () => [{ status: 503, body: undefined }]]);
    const ctx = context(outlook.box);
    const eventId = ctx.events.insert(meeting('Review', ctx.userId, daysAhead(5)), 'console', new Date());
    await pushToOutlook(ctx);
    expect(outlook.sent.filter((batch) => batch.some((item) => item.method === 'POST'))).toHaveLength(1);
    expect(ctx.records.link(eventId, ctx.userId)).toMatchObject({ outlookEventId: null });
    expect(ctx.errors).toEqual([expect.objectContaining({ message: 'Whether "Review" was created in Outlook is not known yet.' })]);
  });
});
