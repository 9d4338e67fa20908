import { createParser } from 'eventsource-parser';
import { callResultSchema, events, isEventName, type CallResult, type ChannelName } from '../../../shared/contract';
import type { EventEnvelope } from '../../../shared/contract/eventEnvelope';
import {
  createConnectionTracker,
  notAnsweringMessage,
  staleTokenMessage,
  type ConnectionMonitor,
  type ConnectionTracker,
} from './connectionMonitor';

/** How calls and events travel: Electron IPC through the preload, or the headless HTTP bridge. */
export type Transport = {
  invoke(channel: ChannelName, input: unknown): Promise<CallResult>;
  subscribe(listener: (envelope: EventEnvelope) => void): () => void;
  /** Fetches a file the core offered for download (headless mode only). */
  download?(url: string): Promise<Blob>;
  /** Whether the console answers (headless mode only: IPC to the app's own main process cannot drop). */
  connection?: ConnectionMonitor;
};

export function ipcTransport(bridge: NonNullable<Window['consoleBridge']>): Transport {
  return {
    invoke: (channel, input) => bridge.invoke(channel, input as never) as Promise<CallResult>,
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

export type StreamTiming = {
  /** The first wait before reconnecting, doubled after each failed attempt up to `maxRetryMs`. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** The console sends a heartbeat every 15 s: this long without a byte means a dead connection. */
  silenceMs: number;
};

const defaultTiming: StreamTiming = { firstRetryMs: 1000, maxRetryMs: 10_000, silenceMs: 40_000 };

export function httpTransport(
  token: string,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
  timing: StreamTiming = defaultTiming,
): Transport {
  const headers = { Authorization: `Bearer ${token}` };
  const listeners = new Set<(envelope: EventEnvelope) => void>();
  const connection = createConnectionTracker();
  let stream: AbortController | undefined;
  return {
    connection,
    async invoke(channel, input) {
      let response: Response;
      try {
        response = await fetchImpl(`/api/${channel}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: input === undefined ? '' : JSON.stringify(input),
        });
      } catch {
        // fetch rejects only when no answer came at all. The event stream finds out at once whether
        // the console is down (and says so) or the connection only dropped (and it reconnects).
        connection.retryNow();
        return unavailable(notAnsweringMessage);
      }
      if (response.status === 401) {
        connection.staleToken();
        return unavailable(staleTokenMessage, 'FORBIDDEN');
      }
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = callResultSchema.safeParse(body);
      if (parsed.success) return parsed.data as CallResult;
      return unavailable(`The console answered ${response.status} without a readable result.`);
    },
    async download(url) {
      const response = await fetchImpl(url, { headers });
      if (!response.ok)
        throw new Error(
          response.status === 404 ? 'The download has expired. Export again.' : `The download failed (HTTP ${response.status}).`,
        );
      return response.blob();
    },
    subscribe(listener) {
      listeners.add(listener);
      // One stream for all subscribers. EventSource cannot send an Authorization header, and the
      // token must not go in a URL (it would land in logs and history), so it is read through fetch.
      if (!stream) {
        stream = new AbortController();
        void streamEvents({ fetchImpl, headers, signal: stream.signal, connection, timing }, (envelope) => {
          for (const each of listeners) each(envelope);
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream) {
          stream.abort();
          stream = undefined;
        }
      };
    },
  };
}

function unavailable(message: string, code: 'INTERNAL' | 'FORBIDDEN' = 'INTERNAL'): CallResult {
  return { ok: false, error: { code, message, issues: [] } };
}

type StreamContext = {
  fetchImpl: typeof fetch;
  headers: Record<string, string>;
  signal: AbortSignal;
  connection: ConnectionTracker;
  timing: StreamTiming;
};

/**
 * The console's events, kept flowing: a stream that ends, errs or goes silent is opened again
 * after a growing wait, asking with `Last-Event-ID` for the events sent in between. A refused
 * token ends it for good (a new URL is needed).
 */
async function streamEvents(context: StreamContext, listener: (envelope: EventEnvelope) => void): Promise<void> {
  const { fetchImpl, headers, signal, connection, timing } = context;
  let retryMs = timing.firstRetryMs;
  let lastEventId: string | undefined;
  let checkAgainAtOnce = false;
  while (!signal.aborted) {
    const attempt = new AbortController();
    const abortAttempt = () => attempt.abort();
    signal.addEventListener('abort', abortAttempt);
    // "Check now" while an attempt runs: drop it and start over (a live console answers at once).
    const checkAgain = checkAgainAtOnce;
    checkAgainAtOnce = false;
    connection.onRetryRequested(() => {
      checkAgainAtOnce = !checkAgain;
      attempt.abort();
    });
    let silence: ReturnType<typeof setTimeout> | undefined;
    const heardFrom = () => {
      clearTimeout(silence);
      silence = setTimeout(abortAttempt, timing.silenceMs);
    };
    try {
      const response = await fetchImpl('/api/events', {
        headers: lastEventId ? { ...headers, 'Last-Event-ID': lastEventId } : headers,
        signal: attempt.signal,
      });
      if (response.status === 401) {
        connection.staleToken();
        return;
      }
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      connection.connected();
      retryMs = timing.firstRetryMs;
      heardFrom();
      const parser = createParser({
        onEvent(message) {
          if (message.id) lastEventId = message.id;
          if (!message.event || !isEventName(message.event)) return;
          // Checked at this door too: a page must not act on a payload the contract does not describe.
          const payload = events[message.event].safeParse(JSON.parse(message.data));
          if (payload.success) listener({ event: message.event, payload: payload.data } as EventEnvelope);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        heardFrom();
        parser.feed(value);
      }
    } catch {
      // Refused, reset or silent: the same for the administrator, the console is not answering.
    } finally {
      clearTimeout(silence);
      signal.removeEventListener('abort', abortAttempt);
    }
    if (signal.aborted) return;
    if (checkAgainAtOnce) continue;
    connection.lost(Date.now() + retryMs);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, retryMs);
      connection.onRetryRequested(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    retryMs = Math.min(retryMs * 2, timing.maxRetryMs);
  }
}

/** Reads the headless token from `#token=…` once, then keeps it out of the address bar. */
export function takeHeadlessToken(location: Location, history: History, storage: Storage): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    storage.setItem('consoleToken', match[1]);
    // The fragment is also the console's address (#/jobs/runs/42&token=…): keep the place, drop the token.
    const place = location.hash
      .replace(/^#/, '')
      .split('&')
      .filter((part) => !part.startsWith('token='))
      .join('&');
    history.replaceState(null, '', location.pathname + location.search + (place ? `#${place}` : ''));
    return match[1];
  }
  return storage.getItem('consoleToken') ?? undefined;
}
