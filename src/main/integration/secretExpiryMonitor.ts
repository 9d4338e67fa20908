import type { SecretMetadata } from '../../shared/contract';
import type { NotifyDesktop } from '../jobs/runFailureNotifier';
import { describeSecretExpiry, type SecretExpiryState } from '../../shared/integration/secretExpiry';

export type SecretExpiryMonitorOptions = {
  /** The secret's expiry as of now; null when no secret or no expiry is recorded. */
  currentExpiry: () => SecretExpiryState | null;
  remindersSent: () => SecretMetadata['remindersSent'];
  markReminderSent: (threshold: number) => void;
  notifyDesktop: NotifyDesktop;
  /** Called by the periodic check when what the status bar shows has changed (e.g. a day passed). */
  onStateChange: (expiry: SecretExpiryState | null) => void;
};

/** 0 stands for the expiry itself, next to the 30-, 7- and 1-day reminders. */
const expiredMark = 0;

/**
 * Reminds the administrator 30, 7 and 1 days before the client secret expires and once when it
 * has, each at most once per secret (what was sent is recorded, so a restart does not repeat it).
 */
export class SecretExpiryMonitor {
  private lastShown: string | undefined;
  private timer?: ReturnType<typeof setInterval>;

  constructor(private readonly options: SecretExpiryMonitorOptions) {}

  /** Sends any reminder due; says whether the state differs from the previous check. */
  check(): { expiry: SecretExpiryState | null; changed: boolean } {
    const expiry = this.options.currentExpiry();
    const shown = JSON.stringify(expiry);
    const changed = this.lastShown !== undefined && shown !== this.lastShown;
    this.lastShown = shown;
    const mark = expiry?.state === 'expired' ? expiredMark : (expiry?.threshold ?? null);
    if (expiry && mark !== null && !this.options.remindersSent().includes(mark)) {
      this.options.markReminderSent(mark);
      this.options.notifyDesktop(
        expiry.state === 'expired' ? 'Outlook integration: client secret expired' : 'Outlook integration: client secret expires soon',
        describeSecretExpiry(expiry),
        { page: 'integration' },
      );
    }
    return { expiry, changed };
  }

  /** Checks now and then periodically; the timer does not keep the process alive. */
  start(intervalMs: number): void {
    this.check();
    this.timer = setInterval(() => {
      const { expiry, changed } = this.check();
      if (changed) this.options.onStateChange(expiry);
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
