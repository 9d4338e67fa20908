import { createParser } from 'eventsource-parser';
import { callResultSchema, isEventName, type CallResult, type ChannelName } from '../../../shared/contract';
import type { EventEnvelope } from '../../../shared/contract/eventEnvelope';

/** How calls and events travel: Electron IPC through the preload, or the headless HTTP bridge. */
export type Transport = {
  invoke(channel: ChannelName, input: unknown): Promise<CallResult>;
  subscribe(listener: (envelope: EventEnvelope) => void): () => void;
  /** Fetches a file the core offered for download (headless mode only). */
  download?(url: string): Promise<Blob>;
};

export function ipcTransport(bridge: NonNullable<Window['consoleBridge']>): Transport {
  return {
    invoke: (channel, input) => bridge.invoke(channel, input as never) as Promise<CallResult>,
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

export function httpTransport(token: string, fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  const headers = { Authorization: `Bearer ${token}` };
  const listeners = new Set<(envelope: EventEnvelope) => void>();
  let stream: AbortController | undefined;
  return {
    async invoke(channel, input) {
      const response = await fetchImpl(`/api/${channel}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
      });
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = callResultSchema.safeParse(body);
      if (parsed.success) return parsed.data as CallResult;
      return { ok: false, error: { code: 'INTERNAL', message: `The console answered ${response.status} without a readable result.`, issues: [] } };
    },
    async download(url) {
      const response = await fetchImpl(url, { headers });
      if (!response.ok) throw new Error(response.status === 404 ? 'The download has expired. Export again.' : `The download failed (HTTP ${response.status}).`);
      return response.blob();
    },
    subscribe(listener) {
      listeners.add(listener);
      // One stream for all subscribers. EventSource cannot send an Authorization header, and the
      // token must not go in a URL (it would land in logs and history), so it is read through fetch.
      if (!stream) {
        stream = new AbortController();
        void streamEvents(fetchImpl, headers, stream.signal, (envelope) => {
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

async function streamEvents(
  fetchImpl: typeof fetch,
  headers: Record<string, string>,
  signal: AbortSignal,
  listener: (envelope: EventEnvelope) => void,
): Promise<void> {
  let retryMs = 1000;
  while (!signal.aborted) {
    try {
      const response = await fetchImpl('/api/events', { headers, signal });
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      retryMs = 1000;
      const parser = createParser({
        onEvent(message) {
          if (!message.event || !isEventName(message.event)) return;
          listener({ event: message.event, payload: JSON.parse(message.data) } as EventEnvelope);
        },
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
    retryMs = Math.min(retryMs * 2, 30_000);
  }
}

/** Reads the headless token from `#token=…` once, then keeps it out of the address bar. */
export function takeHeadlessToken(location: Location, history: History, storage: Storage): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    storage.setItem('consoleToken', match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem('consoleToken') ?? undefined;
}
