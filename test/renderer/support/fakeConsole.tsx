import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../../src/shared/contract';
import type { ContractClient } from '../../../src/renderer/src/client/contractClient';
import { useConsoleStore } from '../../../src/renderer/src/state/consoleStore';
import { followServerEvents } from '../../../src/renderer/src/state/serverEvents';
import { createServerStateCache } from '../../../src/renderer/src/state/serverState';
import type { Route } from '../../../src/renderer/src/routing/routes';

type Handler<C extends ChannelName> = (input: ChannelInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;

/**
 * A contract client with no console behind it: each test says what each channel answers, sees
 * what was called, and emits the console's events. A channel nobody answered fails the call, so a
 * page reading something the test did not expect shows up as an error, not as silence.
 */
export function fakeConsole() {
  const handlers = new Map<ChannelName, Handler<never>>();
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const client: ContractClient = {
    async call(channel, ...input) {
      calls.push({ channel, input: input[0] });
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`The test gave no answer for ${channel}.`);
      return (await handler(input[0] as never)) as never;
    },
    on(event, listener) {
      const each = (name: EventName, payload: unknown) => name === event && listener(payload as never);
      listeners.add(each);
      return () => listeners.delete(each);
    },
    saveDownload: async () => {},
  };
  return {
    client,
    answer<C extends ChannelName>(channel: C, handler: Handler<C>) {
      handlers.set(channel, handler as Handler<never>);
    },
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners) listener(event, payload);
    },
    /** The inputs of every call of a channel, in order. */
    callsOf<C extends ChannelName>(channel: C): Array<ChannelInput<C>> {
      return calls.filter((call) => call.channel === channel).map((call) => call.input as ChannelInput<C>);
    },
  };
}

export type FakeConsole = ReturnType<typeof fakeConsole>;

/** Renders a page the way the app does: the console store holding the client, the cache following its events. */
export function renderWithConsole(page: ReactElement, fake: FakeConsole, route: Route = { page: 'overview' }) {
  const cache = createServerStateCache();
  const stop = followServerEvents(fake.client, cache);
  afterEachTest.push(stop, () => cache.clear());
  useConsoleStore.setState({ client: fake.client, cache, route, unsavedChanges: undefined, pendingRoute: undefined });
  const rendered = render(<QueryClientProvider client={cache}>{page}</QueryClientProvider>);
  return { ...rendered, cache };
}

const afterEachTest: Array<() => void> = [];
afterEach(() => {
  cleanup();
  for (const undo of afterEachTest.splice(0)) undo();
});

/** A promise and its resolver: a call the test answers when it wants to. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
