/**
 * What the whole app owes Microsoft, beside each mailbox's 4 slots (`mailboxGate.ts`): at most
 * `limit` Graph requests in flight across every mailbox (the run's pool size), and one pause for
 * everybody when Microsoft throttles the app as a whole.
 *
 * A 429 does not say whether it is the mailbox's limit or the app's (Microsoft's global limit is
 * per app across all tenants; its body is the same `ApplicationThrottled` / `TooManyRequests`).
 * One mailbox throttled is that mailbox's business: it waits alone. Several different mailboxes
 * throttled within a few seconds of each other is the app: going on with the others would only
 * earn more 429s, so every request waits until the longest Retry-After asked. A 429
 * MailboxConcurrency is never the app's (it names the mailbox's own limit).
 */
export type AppGateOptions = {
  /** Requests in flight across all mailboxes; read at each acquire, so a changed setting applies at once. */
  limit: () => number;
  /** How many distinct mailboxes throttled within `windowMs` mean the app is throttled. */
  mailboxesToConclude?: number;
  windowMs?: number;
  now?: () => number;
};

export class AppGate {
  private active = 0;
  private highWater = 0;
  private readonly waiting: Array<() => void> = [];
  private resumeAt = 0;
  /** Recent 429s, mailbox → when, for telling one mailbox's throttling from the app's. */
  private readonly recentThrottles = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: AppGateOptions) {
    this.now = options.now ?? Date.now;
  }

  async acquire(): Promise<() => void> {
    while (this.active >= Math.max(1, this.options.limit())) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.highWater = Math.max(this.highWater, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  /**
   * A mailbox was answered 429 (not MailboxConcurrency) and asked to wait `waitMs`. Returns true
   * when this makes the app throttled: then `heldFor` holds every mailbox until the wait is over.
   */
  reportThrottled(mailbox: string, waitMs: number): boolean {
    const now = this.now();
    const windowMs = this.options.windowMs ?? 10_000;
    for (const [key, at] of this.recentThrottles) if (now - at > windowMs) this.recentThrottles.delete(key);
    this.recentThrottles.set(mailbox.toLowerCase(), now);
    const appWide = this.recentThrottles.size >= (this.options.mailboxesToConclude ?? 2) || this.heldFor(now) > 0;
    if (appWide) this.resumeAt = Math.max(this.resumeAt, now + waitMs);
    return appWide;
  }

  /** How long every request still waits because the app is throttled, in ms (0: not at all). */
  heldFor(now = this.now()): number {
    return Math.max(0, this.resumeAt - now);
  }

  /** The most requests ever in flight at once across mailboxes: for tests and diagnostics. */
  get maxInFlight(): number {
    return this.highWater;
  }
}
