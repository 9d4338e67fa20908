import { describe, expect, it } from 'vitest';
import { DeltaPages } from '../../../src/main/sync/deltaPages';
import type { GraphJson } from '../../../src/main/graph/graphMailbox';

/** A fake Outlook whose answers the test releases one by one, with the order it was asked in. */
function outlook(chain: string[]) {
  const asked: string[] = [];
  const answers = new Map<string, (page: GraphJson) => void>();
  const failures = new Map<string, (error: Error) => void>();
  const fetchPage = (url: string) =>
    new Promise<GraphJson>((resolve, reject) => {
      asked.push(url);
      answers.set(url, resolve);
      failures.set(url, reject);
    });
  const answer = (url: string) => {
    const at = chain.indexOf(url);
    const last = at === chain.length - 1;
    answers.get(url)!(last ? { value: [at], '@odata.deltaLink': 'delta' } : { value: [at], '@odata.nextLink': chain[at + 1] });
  };
  return { asked, fetchPage, answer, fail: (url: string, error: Error) => failures.get(url)!(error) };
}

const settle = () => new Promise((done) => setImmediate(done));

describe('DeltaPages', () => {
  it('asks for the next page as soon as a page arrives, before it is taken', async () => {
    const remote = outlook(['p1', 'p2', 'p3']);
    const pages = new DeltaPages(remote.fetchPage, 'p1');
    expect(remote.asked).toEqual(['p1']);
    remote.answer('p1');
    await settle();
    expect(remote.asked).toEqual(['p1', 'p2']);
    // p1 is being written (taken, not yet done) when p2 arrives: p3 is asked for at once.
    expect((await pages.next()).value).toEqual([0]);
    remote.answer('p2');
    await settle();
    expect(remote.asked).toEqual(['p1', 'p2', 'p3']);
    remote.answer('p3');
    expect((await pages.next()).value).toEqual([1]);
    expect(await pages.next()).toMatchObject({ value: [2], '@odata.deltaLink': 'delta' });
    await settle();
    expect(remote.asked).toEqual(['p1', 'p2', 'p3']);
  });

  it('holds at most `ahead` pages beyond the one taken, and asks for more as pages are taken', async () => {
    const remote = outlook(['p1', 'p2', 'p3', 'p4', 'p5']);
    const pages = new DeltaPages(remote.fetchPage, 'p1', 2);
    remote.answer('p1');
    await settle();
    remote.answer('p2');
    await settle();
    // p1 and p2 arrived, nothing taken: p3 waits until a page is taken.
    expect(remote.asked).toEqual(['p1', 'p2']);
    await pages.next();
    expect(remote.asked).toEqual(['p1', 'p2', 'p3']);
    remote.answer('p3');
    await settle();
    expect(remote.asked).toEqual(['p1', 'p2', 'p3']);
    await pages.next();
    expect(remote.asked).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('hands on a failed page in its place and asks for nothing after it', async () => {
    const remote = outlook(['p1', 'p2', 'p3']);
    const pages = new DeltaPages(remote.fetchPage, 'p1');
    remote.answer('p1');
    await settle();
    remote.fail('p2', new Error('410 SyncStateNotFound'));
    await settle();
    expect((await pages.next()).value).toEqual([0]);
    await expect(pages.next()).rejects.toThrow('410');
    expect(remote.asked).toEqual(['p1', 'p2']);
  });

  it('says so in words when asked past a page that had no link to follow', async () => {
    const pages = new DeltaPages(() => Promise.resolve({ value: [] }), 'p1');
    await pages.next();
    await expect(pages.next()).rejects.toThrow('neither a next link nor a delta link');
  });
});
