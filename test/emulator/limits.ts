// Outlook's per-app, per-mailbox limits: at most 4 concurrent requests and a request budget per
// 10-minute window (10,000 by default). Going over either answers 429 ApplicationThrottled with
// Retry-After.
export type LimitSettings = { concurrency: number; requestsPerWindow: number; windowMs: number };

export const OUTLOOK_LIMITS: LimitSettings = { concurrency: 4, requestsPerWindow: 10_000, windowMs: 10 * 60_000 };

export type Acquired =
  { ok: true; release: () => void } | { ok: false; limit: 'MailboxConcurrency' | 'RequestBudget'; retryAfterSeconds: number };

export class MailboxLimits {
  settings: LimitSettings = { ...OUTLOOK_LIMITS };
  private readonly active = new Map<string, number>();
  private readonly accepted = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  tryAcquire(clientId: string, mailboxUserId: string): Acquired {
    const key = `${clientId}|${mailboxUserId}`;
    const now = this.now();
    const recent = (this.accepted.get(key) ?? []).filter((t) => now - t < this.settings.windowMs);
    this.accepted.set(key, recent);
    if (recent.length >= this.settings.requestsPerWindow) {
      // Retry-After in seconds with a fraction, as Microsoft's own throttling sample shows ("2.128").
      return {
        ok: false,
        limit: 'RequestBudget',
        retryAfterSeconds: Math.max(1, Math.round(recent[0] + this.settings.windowMs - now) / 1000),
      };
    }
    const running = this.active.get(key) ?? 0;
    if (running >= this.settings.concurrency) return { ok: false, limit: 'MailboxConcurrency', retryAfterSeconds: 1.128 };
    this.active.set(key, running + 1);
    recent.push(now);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.active.set(key, (this.active.get(key) ?? 1) - 1);
      },
    };
  }

  reset(): void {
    this.active.clear();
    this.accepted.clear();
  }
}
