/**
 * Outlook answers 429 MailboxConcurrency when one app has more than 4 requests open against one
 * mailbox. Every Graph call for a mailbox (calendar sync now, contacts push later) takes a slot
 * here first, so the limit is never reached whoever is calling. Graph's client has no such limit.
 */
import { AppGate } from './appGate';

export const outlookConcurrencyPerMailbox = 4;

export class MailboxGate {
  private active = 0;
  private highWater = 0;
  private readonly waiting: Array<() => void> = [];
  /** Until when Outlook asked this mailbox to wait (Retry-After), as epoch ms. */
  private resumeAt = 0;

  constructor(
    readonly limit = outlookConcurrencyPerMailbox,
    /** The app-wide gate every mailbox's requests also pass (pool size, app throttling); none in single-mailbox uses. */
    readonly app?: AppGate,
    readonly mailbox = '',
  ) {}

  /** A slot of this mailbox, then one of the app's: a mailbox waiting for its own slot holds none of the app's. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    this.highWater = Math.max(this.highWater, this.active);
    const releaseApp = this.app ? await this.app.acquire() : undefined;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseApp?.();
      this.active--;
      this.waiting.shift()?.();
    };
  }

  /**
   * Outlook answered this mailbox 429 (not MailboxConcurrency) asking for `waitMs`; true when that
   * shows the whole app is throttled, so every mailbox now waits (`appHeldFor`).
   */
  reportThrottled(waitMs: number): boolean {
    return this.app?.reportThrottled(this.mailbox, waitMs) ?? false;
  }

  /** How long every mailbox still waits because Microsoft throttles the app as a whole. */
  appHeldFor(now = Date.now()): number {
    return this.app?.heldFor(now) ?? 0;
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

/** Without a configured limit nothing app-wide caps the requests in flight (a run's pool still bounds them). */
const unboundedAppLimit = () => Number.MAX_SAFE_INTEGER;

/** One gate per mailbox for the whole process, all behind one app-wide gate. */
export class MailboxGates {
  private readonly gates = new Map<string, MailboxGate>();
  readonly app: AppGate;

  constructor(options: { appLimit?: () => number; app?: AppGate } = {}) {
    this.app = options.app ?? new AppGate({ limit: options.appLimit ?? unboundedAppLimit });
  }

  for(mailbox: string): MailboxGate {
    const key = mailbox.toLowerCase();
    let gate = this.gates.get(key);
    if (!gate) {
      gate = new MailboxGate(outlookConcurrencyPerMailbox, this.app, key);
      this.gates.set(key, gate);
    }
    return gate;
  }
}
