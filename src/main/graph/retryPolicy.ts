/** How long to wait before trying a Graph request again, and how often to try. */
export type RetryPolicy = {
  /** Attempts for one request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A request (headers and body) that takes longer is abandoned and retried. */
  timeoutMs: number;
  /**
   * The longest wait Outlook may ask for (Retry-After). A longer one ends that mailbox's part of
   * the run instead: the run must not sit for an hour while other users wait behind it.
   */
  maxWaitMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A few minutes: long enough for ordinary throttling, short enough that a run keeps moving. */
export const defaultMaxWaitMinutes = 5;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  timeoutMs: 60_000,
  maxWaitMs: defaultMaxWaitMinutes * 60_000,
  random: Math.random,
  sleep: abortableSleep,
};

/**
 * Exponential backoff with "equal jitter": half the exponential step plus a random half, so many
 * clients throttled together do not all come back at the same moment.
 */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (policy.random() * step) / 2);
}

/**
 * Retry-After as seconds, which Graph may send with a fraction ("2.128" in Microsoft's own
 * sample), or as an HTTP date; undefined when absent or unreadable, so the caller backs off.
 */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  // Only a date with letters in it: Date.parse also reads bare numbers like "-1" or "12.5.3".
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses worth trying again: throttling and the server's own transient failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * A method whose repetition does no harm: a second GET, PATCH (with the same body) or DELETE
 * leaves Outlook as the first did. A POST creates, and sent twice it creates twice.
 */
export function isIdempotentMethod(method: string | undefined): boolean {
  return (method ?? 'GET').toUpperCase() !== 'POST';
}
