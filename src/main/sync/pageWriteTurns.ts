/**
 * Page writes one per turn of the event loop. Writing a delta page is synchronous (SQLite) and
 * takes milliseconds; when twenty mailboxes' pages are waiting, writing them back to back in one
 * turn kept the answers that arrived meanwhile unread, so those mailboxes asked for their next page
 * late and the run waited on Outlook more than it needed to. Released one per turn, every write is
 * preceded by the loop's poll for I/O: each answer that has arrived is read and its next request
 * goes out before the next page is written.
 *
 * The event loop is the process's own, so the queue is too: concurrent runs share the turns.
 * `setImmediate` from node:timers, not the global one, which test clocks replace.
 */
import { setImmediate } from 'node:timers';

const waiting: Array<() => void> = [];
let scheduled = false;

/** Resolves in a later turn of the event loop than the one it was asked in, one waiter per turn. */
export function nextPageWriteTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    releaseInNextTurn();
  });
}

function releaseInNextTurn(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    waiting.shift()?.();
    if (waiting.length > 0) releaseInNextTurn();
  });
}
