/**
 * Outlook answers 429 MailboxConcurrency when one app has more than 4 requests open against one
 * mailbox. Every Graph call for a mailbox (calendar sync now, contacts push later) takes a slot
 * here first, so the limit is never reached whoever is calling. Graph's client has no such limit.
 */
export const outlookConcurrencyPerMailbox = 4;

export class MailboxGate {
  private active = 0;
  private highWater = 0;
  private readonly waiting: Array<() => void> = [];
  /** Until when Outlook asked this mailbox to wait (Retry-After), as epoch ms. */
  private resumeAt = 0;

  constructor(readonly limit = outlookConcurrencyPerMailbox) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
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
   * Outlook asked to wait until `at`, longer than the console waits: every later caller of this
   * mailbox stops at once until then instead of asking again (and being told again).
   */
  holdUntil(at: number): void {
    this.resumeAt = Math.max(this.resumeAt, at);
  }

  /** How long Outlook still wants this mailbox left alone, in ms (0: not at all). */
  heldFor(now: number): number {
    return Math.max(0, this.resumeAt - now);
  }

  /** The most requests ever in flight at once: for tests and diagnostics. */
  get maxInFlight(): number {
    return this.highWater;
  }
}

/** One gate per mailbox for the whole process. */
export class MailboxGates {
  private readonly gates = new Map<string, MailboxGate>();

  for(mailbox: string): MailboxGate {
    const key = mailbox.toLowerCase();
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new MailboxGate();
      this.gates.set(key, gate);
    }
    return gate;
  }
}
