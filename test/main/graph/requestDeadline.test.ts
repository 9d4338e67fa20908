import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { withDeadline } from '../../../src/main/graph/requestDeadline';

/** A request that ends only when its signal aborts, with the signal's reason (at once when it already has, as Node's request does). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

describe('withDeadline', () => {
  it('aborts the request with a TimeoutError once the deadline has passed', async () => {
    const error = (await withDeadline(20, undefined, untilAborted).catch((caught: unknown) => caught)) as DOMException;
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('The operation was aborted due to timeout');
  });

  it('aborts the request with the stop signal’s reason when the run stops', async () => {
    const stop = new AbortController();
    const request = withDeadline(60_000, stop.signal, untilAborted);
    stop.abort('shutdown');
    await expect(request).rejects.toBe('shutdown');
    const stopped = new AbortController();
    stopped.abort('already');
    await expect(withDeadline(60_000, stopped.signal, untilAborted)).rejects.toBe('already');
  });

  it('lets go of its deadline and of the stop signal as soon as the request ends', async () => {
    const stop = new AbortController();
    let handed: AbortSignal | undefined;
    const answer = await withDeadline(20, stop.signal, async (signal) => {
      handed = signal;
      return 'answered';
    });
    expect(answer).toBe('answered');
    // Past the deadline, and the run stopped: neither reaches a request that has ended.
    await new Promise((resolve) => setTimeout(resolve, 60));
    stop.abort('shutdown');
    expect(handed!.aborted).toBe(false);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    const failed = new AbortController();
    await expect(withDeadline(60_000, failed.signal, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(getEventListeners(failed.signal, 'abort')).toHaveLength(0);
  });
});
