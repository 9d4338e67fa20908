// The contacts push's exactly-once rule against a scripted Outlook, for an answer the emulator does
// not give on its own: a search for a create in doubt that Outlook does not answer.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessService } from '../../../src/main/access/accessService';
import { pushToUser } from '../../../src/main/contacts/contactPush';
import { ContactsInDoubt } from '../../../src/main/contacts/contactsInDoubt';
import { OutlookLinks } from '../../../src/main/contacts/outlookLinks';
import { PeopleRepository } from '../../../src/main/contacts/peopleRepository';
import type { BatchItem, GraphMailbox } from '../../../src/main/graph/graphMailbox';
import { openWorkspaceDatabase } from '../../../src/main/store/workspaceDatabase';
import { useTempDirs } from '../../support/tempDir';

const tempDir = useTempDirs();

describe('a create in doubt that Outlook cannot be searched for', () => {
  it('is not created again: it stays in doubt, counted as not pushed, and the push says why', async () => {
    const db = openWorkspaceDatabase({ path: join(tempDir(), 'workspace.db'), now: () => new Date(), notify: () => {} });
    const access = new AccessService({ db, operator: 'test', now: () => new Date(), onChange: () => {} });
    const user = access.createUser({ name: 'Adele Vance', email: 'adele@example.com', type: 'regular', roleIds: [] });
    const people = new PeopleRepository(db);
    const at = '2026-11-26T12:00:00.000Z';
    const ids = [1, 2].map((n) => people.insert({ kind: 'contact', firstName: 'Doubt', lastName: String(n), emails: [], phones: [], accountName: '' }, at));
    const inDoubt = new ContactsInDoubt(db);
    // The push before this one was killed after its batch went out.
    inDoubt.record(user.id, { personId: ids[0], folderId: null, sentAt: at });
    const sent: BatchItem[][] = [];
    const mailbox = {
      async batch(items: readonly BatchItem[]) {
        sent.push([...items]);
        // The search is answered 503 (after the retries); the create of the other record goes through.
        return new Map(items.map((item) => [item.id, item.method === 'GET' ? { id: item.id, status: 503, body: undefined } : { id: item.id, status: 201, body: { id: `AAMk-${item.id}`, changeKey: 'ck' } }]));
      },
    } as unknown as GraphMailbox;

    const outcome = await pushToUser({
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

    expect(sent.flat().filter((item) => item.method === 'POST').map((item) => item.id)).toEqual([`p${ids[1]}`]);
    expect(outcome).toMatchObject({ created: 1, failed: 1, error: null });
    expect(outcome.messages).toEqual(['Doubt 1: whether Outlook created this contact is not known yet (Outlook could not be searched for it); the next push looks for it before creating it, so it is never created twice.']);
    expect(inDoubt.forUser(user.id).map((doubt) => doubt.personId)).toEqual([ids[0]]);
  });
});
