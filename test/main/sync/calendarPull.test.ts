// Outlook → console page by page: the next delta page is asked for while the one before is written,
// and that changes neither what is stored nor what a failed write leaves behind.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GraphAccess } from '../../../src/main/graph/graphAccess';
import { defaultRetryPolicy } from '../../../src/main/graph/retryPolicy';
import { useTempDirs } from '../../support/tempDir';
import { collectingLogger, createSyncHarness, type SyncHarness } from './syncHarness';

const tempDir = useTempDirs();
let h: SyncHarness;
afterEach(() => h.close());

const isDeltaPage = (url: string) => url.includes('calendarView/delta');

/**
 * An engine whose Graph access reports each delta request as it is sent (how many of the user's
 * events were stored by then), may rewrite an answer before the engine sees it, and may leave
 * requests from the `failFrom`th on unanswered (a dropped connection).
 */
function watchedEngine(options: { rewrite?: (page: Record<string, unknown>, index: number) => void; failFrom?: number } = {}) {
  const { rewrite, failFrom = Infinity } = options;
  const storedWhenAsked: number[] = [];
  const stored = () => h.records.linksOf(h.adele.id).length;
  const graphAccess = async (userId: number): Promise<GraphAccess | undefined> => {
    const access = await h.accounts.provider(userId);
    if (!access) return undefined;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!isDeltaPage(url)) return access.fetch(input, init);
      const index = storedWhenAsked.push(stored()) - 1;
      if (index >= failFrom) throw new TypeError('fetch failed: the connection was reset');
      const answer = await access.fetch(input, init);
      if (!rewrite || answer.status !== 200) return answer;
      const page = (await answer.json()) as Record<string, unknown>;
      rewrite(page, index);
      return new Response(JSON.stringify(page), { status: 200, headers: answer.headers });
    };
    return { ...access, fetch };
  };
  return { engine: h.makeEngine(undefined, undefined, graphAccess), storedWhenAsked, stored };
}

describe('pulling delta pages', () => {
  it('asks for the next pages before writing the ones before, and stores every event once', async () => {
    h = await createSyncHarness(tempDir(), { pageSize: 2 });
    const { engine, storedWhenAsked, stored } = watchedEngine();
    const result = await engine.syncUser(h.adele.id, h.adele.name, {
      log: collectingLogger(h.lines),
      signal: new AbortController().signal,
    });

    expect(result.errors).toEqual([]);
    // The demo mailbox holds more than three pages of 2 (two single events and a weekly series).
    expect(storedWhenAsked.length).toBeGreaterThanOrEqual(4);
    // Pages 2 and 3 were asked for before page 1 was written; no page more than two ahead of the
    // one being written (DeltaPages' `ahead`), so page 4 waited for page 1's events.
    expect(storedWhenAsked[1]).toBe(0);
    expect(storedWhenAsked[2]).toBe(0);
    expect(storedWhenAsked[3]).toBeGreaterThan(0);
    for (let i = 1; i < storedWhenAsked.length; i++) expect(storedWhenAsked[i]).toBeGreaterThanOrEqual(storedWhenAsked[i - 1]);
    // Exactly once: one link per Outlook event, as many as the run says it created.
    const links = h.records.linksOf(h.adele.id);
    expect(new Set(links.map((link) => link.outlookEventId)).size).toBe(links.length);
    expect(stored()).toBe(result.fromOutlook.created);

    // The next run starts from the delta link stored with the last page: one request, nothing new.
    h.emulator.requestLog.clear();
    const again = await engine.syncUser(h.adele.id, h.adele.name, { log: collectingLogger(h.lines), signal: new AbortController().signal });
    expect(again.fromOutlook).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(h.graphRequests()).toHaveLength(1);
  });

  it('a page that cannot be written fails the sync with nothing of it stored, while the next page was already asked for', async () => {
    h = await createSyncHarness(tempDir(), { pageSize: 2 });
    // The first page's second event comes without its start: mapping it throws inside the page's
    // transaction. The next page, already asked for, never gets an answer either: its failure
    // comes after the sync has failed and must not surface as an unhandled rejection (vitest
    // fails the run on one).
    const { engine, storedWhenAsked, stored } = watchedEngine({
      rewrite: (page, index) => {
        if (index === 0) delete (page.value as Array<Record<string, unknown>>)[1].start;
      },
      failFrom: 1,
    });

    await expect(
      engine.syncUser(h.adele.id, h.adele.name, { log: collectingLogger(h.lines), signal: new AbortController().signal }),
    ).rejects.toThrow(/dateTime/);
    // The page asked for ahead is tried as any GET is (5 attempts, the harness does not sleep) and then given up.
    await vi.waitFor(() => expect(storedWhenAsked).toHaveLength(1 + defaultRetryPolicy.maxAttempts));
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(storedWhenAsked.every((count) => count === 0)).toBe(true);
    expect(stored()).toBe(0);
    expect(h.records.state(h.adele.id).deltaLink).toBeNull();
  });
});
