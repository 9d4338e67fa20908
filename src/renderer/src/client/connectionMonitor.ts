/**
 * Whether the headless console is answering this page, as the page learns it from its calls and
 * its event stream. `lost`: the console stopped answering (stopped, restarted, the tunnel
 * dropped); `staleToken`: it answers but refuses this page's token (restarted with a new one).
 */
export type ConnectionState =
  | { state: 'connecting' }
  | { state: 'connected'; since: number }
  | { state: 'lost'; since: number; nextAttemptAt: number | null }
  | { state: 'staleToken' };

export type ConnectionMonitor = {
  current(): ConnectionState;
  onChange(listener: (state: ConnectionState, previous: ConnectionState) => void): () => void;
  /** Checks now: reconnects at once instead of waiting for the next attempt. */
  retryNow(): void;
};

export type ConnectionTracker = ConnectionMonitor & {
  connected(): void;
  lost(nextAttemptAt: number | null): void;
  staleToken(): void;
  /** What `retryNow` does at the moment: end the event stream's wait, or drop its attempt and start over. */
  onRetryRequested(wake: () => void): void;
};

export function createConnectionTracker(now: () => number = Date.now): ConnectionTracker {
  let state: ConnectionState = { state: 'connecting' };
  const listeners = new Set<(state: ConnectionState, previous: ConnectionState) => void>();
  let wake = () => {};
  const set = (next: ConnectionState) => {
    const previous = state;
    state = next;
    for (const listener of listeners) listener(next, previous);
  };
  return {
    current: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    retryNow: () => wake(),
    onRetryRequested(next) {
      wake = next;
    },
    connected() {
      if (state.state !== 'connected') set({ state: 'connected', since: now() });
    },
    lost(nextAttemptAt) {
      // A refused token stays refused: no call or stream attempt can change it, only a new URL.
      if (state.state === 'staleToken') return;
      set({ state: 'lost', since: state.state === 'lost' ? state.since : now(), nextAttemptAt });
    },
    staleToken() {
      if (state.state !== 'staleToken') set({ state: 'staleToken' });
    },
  };
}

/** What a call answers while the console does not: in words, not "Failed to fetch". */
export const notAnsweringMessage =
  'The console is not answering: it was stopped, restarted or the connection to it dropped. This page reconnects by itself when it is back; try again then.';

export const staleTokenMessage =
  'The console refused this page’s access token: it was restarted with a new token, or another console now answers at this address. Open the current URL: on the console’s machine, `npm run headless -- --print-url` prints it.';
