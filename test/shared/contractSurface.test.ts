import { describe, expect, it } from 'vitest';
import { channelNames, eventNames, followsNamingRule } from '../../src/shared/contract';
import { createTestCore } from '../support/testCore';
import { useTempDirs } from '../support/tempDir';

// After Insomnia's IPC test: the contract and main's handlers must name exactly the same channels.
describe('contract surface', () => {
  const tempDir = useTempDirs();

  it('has exactly one handler for every channel and no handler without a channel', async () => {
    const core = createTestCore(tempDir());
    try {
      const registered = core.registry.registeredChannels();
      expect(new Set(registered).size).toBe(registered.length);
      expect([...registered].sort()).toEqual([...channelNames].sort());
    } finally {
      await core.shutdown();
    }
  });

  it('names every channel and event domain.verb', () => {
    for (const name of [...channelNames, ...eventNames]) expect(followsNamingRule(name), name).toBe(true);
  });

  it('refuses a second handler for a channel, and one for a channel not in the contract', async () => {
    const core = createTestCore(tempDir());
    try {
      expect(() => core.registry.handle('settings.get', () => core.settings.get())).toThrow(/already registered/);
      expect(() => core.registry.handle('nope.never' as never, () => undefined as never)).toThrow(/not in the contract/);
    } finally {
      await core.shutdown();
    }
  });
});
