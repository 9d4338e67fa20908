import type { Logger } from '../logs/logService';

/**
 * Pushes to one user's Outlook contacts one at a time: a push from the Contacts page and the
 * scheduled job's push of changed records can otherwise both find a record missing from the same
 * mailbox and both create it. The second waits, then finds what the first created (its links) and
 * updates or skips instead. Pushes to different users still go side by side.
 * Written by hand: a promise chain per user is a few lines, and no dependency of ours offers a
 * keyed lock.
 */
export class OnePushPerMailbox {
  private readonly tails = new Map<number, Promise<void>>();

  async run<T>(userId: number, userName: string, log: Logger, push: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(userId);
    if (previous) log.info(`${userName}: another push to this mailbox is running; this one starts when it ends.`, { userId });
    const result = (previous ?? Promise.resolve()).then(push);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(userId, tail);
    void tail.then(() => {
      if (this.tails.get(userId) === tail) this.tails.delete(userId);
    });
    return result;
  }
}
