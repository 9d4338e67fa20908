import { setImmediate } from 'node:timers';
import { describe, expect, it } from 'vitest';
import { nextPageWriteTurn } from '../../../src/main/sync/pageWriteTurns';

describe('nextPageWriteTurn', () => {
  it('releases one waiter per turn of the event loop, in the order they asked', async () => {
    // An immediate that schedules itself runs once per turn (one scheduled while the loop runs
    // immediates waits for the next turn): a counter of turns, so I/O is polled between releases.
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const released: Array<{ writer: number; turn: number }> = [];
    await Promise.all([1, 2, 3].map((writer) => nextPageWriteTurn().then(() => released.push({ writer, turn }))));
    counting = false;
    expect(released.map((r) => r.writer)).toEqual([1, 2, 3]);
    expect(new Set(released.map((r) => r.turn)).size).toBe(3);
  });
});
