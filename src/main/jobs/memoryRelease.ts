/**
 * Gives memory back once the console has been quiet for a while after work. A sync run grows V8's
 * young generation (to two 64 MB semi-spaces in the 10,000-mailbox bench) and V8 keeps the heap
 * reserved afterwards: measured, a console idle for 30 s after a 100-mailbox run still had 103 MB
 * of heap reserved for 40 MB used; V8's own memory reducer had not shrunk it. A full collection
 * does (35 MB reserved after it). It runs when the heap V8 reserves has grown by `growthBytes` since
 * it was last settled, so the email check every minute does not collect every minute. Growth rather
 * than reserved-minus-used: a heap V8 has not collected counts its garbage as used. After a
 * 100-mailbox run the old rule saw 67 MB reserved for "39 MB used" and did not collect; with a
 * collection the same set-up settled at 32 MB reserved, 29 used.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type MemoryReleasePorts = {
  /** A full garbage collection. */
  collect: () => void;
  /** Bytes V8 has reserved for its heap (process.memoryUsage's heapTotal). */
  heap: () => { total: number };
  /** How long the console stays quiet after work before memory is given back. */
  quietMs: number;
  /** Heap growth since the last collection below this is left alone. */
  growthBytes: number;
};

export type MemoryRelease = {
  /** Work started: nothing is collected while it runs. */
  busy(): void;
  /** All work ended: collect once the console has stayed quiet for `quietMs`. */
  quiet(): void;
  /** What a feature lets go of once the console has stayed quiet after work, before the collection. */
  whenQuiet(letGo: () => void): void;
  stop(): void;
};

export function createMemoryRelease(ports: MemoryReleasePorts): MemoryRelease {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Nothing has been collected yet: the first quiet period after work always collects.
  let settledTotal = 0;
  const lettingGo: Array<() => void> = [];
  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    busy: cancel,
    quiet() {
      cancel();
      timer = setTimeout(() => {
        timer = undefined;
        for (const letGo of lettingGo) letGo();
        if (ports.heap().total - settledTotal < ports.growthBytes) return;
        ports.collect();
        settledTotal = ports.heap().total;
      }, ports.quietMs);
      timer.unref();
    },
    whenQuiet: (letGo) => void lettingGo.push(letGo),
    stop: cancel,
  };
}

/**
 * V8's `gc` without starting the process with --expose-gc (which Electron's main process cannot be
 * given from the app itself): the flag is set, a fresh context hands out its `gc`, and the flag is
 * cleared again so no other context sees one. Jest's leak detector gets its `gc` the same way.
 */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  return gc;
}

export function processMemoryRelease(): MemoryRelease {
  let gc: (() => void) | undefined;
  return createMemoryRelease({
    collect: () => (gc ??= fullCollection())(),
    heap: () => ({ total: process.memoryUsage().heapTotal }),
    quietMs: 10_000,
    growthBytes: 16 * 1024 * 1024,
  });
}
