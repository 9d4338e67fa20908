// The contacts push's exactly-once rules against a scripted Outlook, for answers the emulator does
// not give on its own: a search for a create in doubt that Outlook does not answer, and a create
// that outlived its timeout and lands after the search that found nothing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessService } from '../../../src/main/access/accessService';
import { pushToUser } from '../../../src/main/contacts/contactPush';
import { ContactsInDoubt } from '../../../src/main/contacts/contactsInDoubt';
import { OutlookLinks } from '../../../src/main/contacts/outlookLinks';
import { PeopleRepository } from '../../../src/main/contacts/peopleRepository';
import type { BatchItem, BatchResult, GraphMailbox } from '../../../src/main/graph/graphMailbox';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { useTempDirs } from '../../support/tempDir';

const tempDir = useTempDirs();
const at = '2026-11-26T12:00:00.000Z';

function workspace(count: number) {
  const db = openWorkspaceDatabase({ path: join(tempDir(), 'workspace.db'), now: () => new Date(), notify: () => {} });
  const access = new AccessService({ db, operator: 'test', now: () => new Date(), onChange: () => {} });
  const user = access.createUser({ name: 'Adele Vance', email: 'adele@example.com', type: 'regular', roleIds: [] });
  const people = new PeopleRepository(db);
  const ids = Array.from({ length: count }, (_, n) =>
    people.insert({ kind: 'contact', firstName: 'Doubt', lastName: String(n + 1), emails: [], phones: [], accountName: '' }, at),
  );
  const inDoubt = new ContactsInDoubt(db);
  const push = (mailbox: GraphMailbox) =>
    pushToUser({
      userId: user.id,
      userName: 'Adele Vance',
      mailbox,
      folderId: null,
      people: people.many(ids),
      links: new OutlookLinks(db),
      inDoubt,
      db,
      now: () => new Date(at),
      isCancelled: () => false,
      onProgress: () => {},
    });
  return { userId: user.id, ids, inDoubt, push };
}

/** Outlook as a script: each `$batch` is answered, item by item, by the next step. */
function scriptedOutlook(steps: Array<(item: BatchItem) => Omit<BatchResult, 'id'>>) {
  const sent: BatchItem[][] = [];
  const mailbox = {
    async batch(items: readonly BatchItem[]) {
      sent.push([...items]);
      const step = steps.shift();
      if (!step) throw new Error(`Outlook was not expecting: ${items.map((item) => `${item.method} ${item.url}`).join(', ')}`);
      return new Map(items.map((item) => [item.id, { id: item.id, ...step(item) }]));
    },
  } as unknown as GraphMailbox;
  return { mailbox, sent, left: () => steps.length };
}

const created = (id: string) => ({ status: 201, body: { id, changeKey: 'ck' } });

describe('a create in doubt that Outlook cannot be searched for', () => {
  it('is not created again: it stays in doubt, counted as not pushed, and the push says why', async () => {
    const { userId, ids, inDoubt, push } = workspace(2);
    // The push before this one was killed after its batch went out.
    inDoubt.record(userId, { personId: ids[0], folderId: null, sentAt: at });
    // The search is answered 503 (after the retries); the create of the other record goes through.
    const outlook = scriptedOutlook([() => ({ status: 503, body: undefined }), (item) => created(`AAMk-${item.id}`)]);
    const outcome = await push(outlook.mailbox);
    expect(
      outlook.sent
        .flat()
        .filter((item) => item.method === 'POST')
        .map((item) => item.id),
    ).toEqual([`p${ids[1]}`]);
    expect(outcome).toMatchObject({ created: 1, failed: 1, error: null });
    expect(outcome.messages).toEqual([
      'Doubt 1: whether Outlook created this contact is not known yet (Outlook could not be searched for it); the next push looks for it before creating it, so it is never created twice.',
    ]);
    expect(inDoubt.forUser(userId).map((doubt) => doubt.personId)).toEqual([ids[0]]);
  });
});

describe('a create that lands after the search that found nothing', () => {
  it('leaves two copies for a moment; the next push finds both, keeps the linked one and removes the other', async () => {
    const { userId, inDoubt, push } = workspace(1);
    const first = scriptedOutlook([
      // The create times out; Outlook is still working on it.
      () => ({ status: 0, body: undefined, outcomeUnknown: 'POST /v1.0/$batch: The operation was aborted due to timeout' }),
      // The search comes first: nothing yet.
      () => ({ status: 200, body: { value: [] } }),
      // So it is created again; meanwhile the first create lands too.
      () => created('AAMk-second'),
    ]);
    expect(await push(first.mailbox)).toMatchObject({ created: 1, failed: 0 });
    expect(inDoubt.forUser(userId)).toEqual([expect.objectContaining({ recheck: true })]);

    const copies = [
      { id: 'AAMk-first', changeKey: 'a', createdDateTime: '2026-11-26T12:00:01Z' },
      { id: 'AAMk-second', changeKey: 'b', createdDateTime: '2026-11-26T12:00:02Z' },
    ];
    const second = scriptedOutlook([
      () => ({ status: 200, body: { value: copies } }),
      () => ({ status: 204, body: undefined }),
      () => ({ status: 200, body: { id: 'AAMk-second', changeKey: 'c' } }),
    ]);
    const outcome = await push(second.mailbox);
    expect(second.left()).toBe(0);
    const [, removal, update] = second.sent;
    expect(removal.map((item) => `${item.method} ${item.url}`)).toEqual(['DELETE /me/contacts/AAMk-first']);
    expect(update.map((item) => `${item.method} ${item.url}`)).toEqual(['PATCH /me/contacts/AAMk-second']);
    expect(outcome).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(outcome.messages.join(' ')).toContain('1 copy of contacts created twice');
    expect(inDoubt.forUser(userId)).toEqual([]);
  });
});
