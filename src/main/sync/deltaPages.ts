import type { GraphJson } from '../graph/graphMailbox';

/** A page that carries neither link: Outlook's chain ends without the delta link to keep. */
export const pageWithoutLinkMessage = 'Outlook ended a page of changes with neither a next link nor a delta link.';

/**
 * A calendar's delta pages in order, each asked for as soon as the page before it has arrived,
 * not when that page has been written. Writing waits its turn behind other mailboxes' pages
 * (pageWriteTurns.ts); a mailbox whose next request waited for its write asked Outlook late, and a
 * first sync of twenty mailboxes spent a third of its time waiting for answers it could have had.
 *
 * At most `ahead` pages are asked for or held beyond the one being written, so a slow disk holds
 * a few pages per mailbox in memory, not a whole calendar. Only links Outlook gave are followed:
 * the requests are the ones a page-by-page reader makes.
 */
export class DeltaPages {
  private readonly queued: Array<Promise<GraphJson>> = [];
  private deferredLink: string | undefined;

  constructor(
    private readonly fetchPage: (url: string) => Promise<GraphJson>,
    firstUrl: string,
    private readonly ahead = 2,
  ) {
    this.request(firstUrl);
  }

  /** The next page; rejects with the error of its request. */
  next(): Promise<GraphJson> {
    const page = this.queued.shift();
    if (!page) return Promise.reject(new Error(pageWithoutLinkMessage));
    if (this.deferredLink) {
      const link = this.deferredLink;
      this.deferredLink = undefined;
      this.request(link);
    }
    return page;
  }

  private request(url: string): void {
    const page = this.fetchPage(url);
    this.queued.push(page);
    page.then(
      (arrived) => this.follow(arrived),
      // Handled here so a page never taken leaves no unhandled rejection; `next` hands on the error.
      () => undefined,
    );
  }

  private follow(page: GraphJson): void {
    const next = page['@odata.nextLink'] as string | undefined;
    if (page['@odata.deltaLink'] || !next) return;
    if (this.queued.length >= this.ahead) this.deferredLink = next;
    else this.request(next);
  }
}
