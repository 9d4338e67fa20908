// The event stream's ids and replay: a client whose stream broke gets what it missed, and one
// that was away too long (or talks to a restarted console) gets the current state instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHttpBridge, type RunningHttpBridge } from '../../../src/main/bridge/httpBridge';
import type { Core } from '../../../src/main/core';
import type { LogEntry } from '../../../src/shared/contract';
import { useTempDirs } from '../../support/tempDir';
import { createTestCore } from '../../support/testCore';

const token = 'test-token-0123456789abcdefghijklmnop';

function openStream(port: number, lastEventId?: string) {
  const controller = new AbortController();
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const done = fetch(`http://127.0.0.1:${port}/api/events`, { headers, signal: controller.signal })
    .then(async (response) => {
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done: ended } = await reader.read();
        if (ended) return;
        parser.feed(value);
      }
    })
    .catch(() => {});
  return {
    messages,
    /** The themes the settings.changed events carried, in order. */
    themes: () =>
      messages
        .filter((message) => message.event === 'settings.changed')
        .map((message) => JSON.parse(message.data).appearance.theme as string),
    lastId: () => messages.at(-1)?.id,
    async close() {
      controller.abort();
      await done;
    },
  };
}

describe('event stream replay', () => {
  const tempDir = useTempDirs();
  let core: Core;
  let bridge: RunningHttpBridge;

  async function start(replayLimits?: { maxEvents: number; maxBytes: number }) {
    const rendererDir = join(tempDir(), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    core = createTestCore(tempDir());
    bridge = await startHttpBridge({
      registry: core.registry,
      events: core.events,
      rendererDir,
      port: 0,
      token,
      currentState: () => core.currentStateEvents(),
      replayLimits,
    });
  }
  beforeEach(() => start());
  afterEach(async () => {
    await bridge.close();
    await core.shutdown();
  });

  const setTheme = (theme: 'dark' | 'light' | 'system') => core.settings.update({ appearance: { theme } });

  it('numbers every event, and replays exactly the ones missed after Last-Event-ID', async () => {
    const first = openStream(bridge.port);
    await vi.waitFor(() => expect(core.events.listenerCount()).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    setTheme('dark');
    await vi.waitFor(() => expect(first.themes()).toEqual(['dark']));
    const seen = first.lastId()!;
    expect(seen).toMatch(/^\w+-\d+$/);
    await first.close();

    setTheme('light');
    setTheme('system');
    const again = openStream(bridge.port, seen);
    await vi.waitFor(() => expect(again.themes()).toEqual(['light', 'system']));
    // Nothing from before the id again, nothing twice, ids still rising.
    const sequence = again.messages.map((message) => Number(message.id!.split('-')[1]));
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    expect(Math.min(...sequence)).toBeGreaterThan(Number(seen.split('-')[1]));
    await again.close();
  });

  it('streams log entries in batches, in order and redacted, and replays the batches a client missed', async () => {
    const secret = 'Zx8Q~stream.secret-VALUE-91';
    core.logs.redactor.registerSecret(secret);
    const log = core.logs.logger('bench');
    const benchEntries = (messages: EventSourceMessage[]) =>
      messages
        .filter((message) => message.event === 'log.entries')
        .map((message) => (JSON.parse(message.data) as { entries: LogEntry[] }).entries.filter((entry) => entry.source === 'bench'))
        .filter((entries) => entries.length > 0);
    const first = openStream(bridge.port);
    await vi.waitFor(() => expect(first.lastId()).toMatch(/^\w+-\d+$/));
    const seen = first.lastId()!;
    for (let index = 0; index < 250; index += 1) log.info(`entry ${index} with ${secret}`);
    await core.logs.flushed();
    await vi.waitFor(() => expect(benchEntries(first.messages).flat()).toHaveLength(250));
    // One message for the lot (they were written together), not one per entry.
    expect(benchEntries(first.messages)).toHaveLength(1);
    const messages = benchEntries(first.messages)[0].map((entry) => entry.message);
    expect(messages).toEqual(Array.from({ length: 250 }, (_, index) => `entry ${index} with [redacted]`));
    expect(first.messages.some((message) => message.data.includes(secret))).toBe(false);
    await first.close();

    const again = openStream(bridge.port, seen);
    await vi.waitFor(() => expect(benchEntries(again.messages).flat()).toHaveLength(250));
    expect(benchEntries(again.messages)[0].map((entry) => entry.message)).toEqual(messages);
    await again.close();
  });

  it('gives a client that has seen no event yet an id, so it still gets what it misses', async () => {
    const first = openStream(bridge.port);
    await vi.waitFor(() => expect(first.lastId()).toMatch(/^\w+-\d+$/));
    const seen = first.lastId()!;
    await first.close();
    setTheme('dark');
    const again = openStream(bridge.port, seen);
    await vi.waitFor(() => expect(again.themes()).toEqual(['dark']));
    await again.close();
  });

  it('sends a stream opened without Last-Event-ID only what happens next', async () => {
    setTheme('dark');
    const fresh = openStream(bridge.port);
    await new Promise((resolve) => setTimeout(resolve, 200));
    setTheme('light');
    await vi.waitFor(() => expect(fresh.themes()).toEqual(['light']));
    await fresh.close();
  });

  it('replays everything since this start to a client of the console before a restart', async () => {
    setTheme('dark');
    setTheme('light');
    const reconnected = openStream(bridge.port, 'a0b1c2d3e4f5-41');
    await vi.waitFor(() => expect(reconnected.themes()).toEqual(['dark', 'light']));
    expect(reconnected.messages[0].id).toMatch(/-1$/);
    await reconnected.close();
  });

  it('sends the current state when what was missed is no longer in the bounded buffer', async () => {
    await bridge.close();
    await core.shutdown();
    await start({ maxEvents: 3, maxBytes: 1024 * 1024 });
    const first = openStream(bridge.port);
    await new Promise((resolve) => setTimeout(resolve, 200));
    setTheme('dark');
    await vi.waitFor(() => expect(first.themes()).toEqual(['dark']));
    const seen = first.lastId()!;
    await first.close();
    for (const theme of ['light', 'system', 'light', 'system', 'dark'] as const) setTheme(theme);

    const late = openStream(bridge.port, seen);
    await vi.waitFor(() =>
      expect(late.messages.map((message) => message.event)).toEqual(
        expect.arrayContaining(['status.changed', 'integration.changed', 'vault.changed', 'accounts.changed', 'jobs.changed']),
      ),
    );
    // The state sent last is the current one, and the client's id moves on to the newest.
    expect(late.themes().at(-1)).toBe('dark');
    const newest = late.lastId()!;
    setTheme('light');
    await vi.waitFor(() => expect(late.themes().at(-1)).toBe('light'));
    expect(Number(late.lastId()!.split('-')[1])).toBeGreaterThan(Number(newest.split('-')[1]));
    await late.close();
  });
});
