/**
 * The last step of Graph's client middleware chain for one mailbox. Written here because the
 * client's own RetryHandler has no jitter, no timeout, does not retry dropped connections, and
 * neither it nor the AuthenticationHandler refreshes a rejected token or keeps to Outlook's
 * 4-requests-per-mailbox limit.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { BufferedResponse } from './bufferedResponse';
import { headerRecord } from './receivedHeaders';
import { withDeadline } from './requestDeadline';
import { AccountNeedsReconnectError, type GraphAccess } from './graphAccess';
import { GraphUnreachableError, MailboxWaitTooLongError, WriteOutcomeUnknownError } from './graphErrors';
import type { MailboxGate } from './mailboxGate';
import { backoffMs, isIdempotentMethod, isRetryableStatus, retryAfterMs, type RetryPolicy } from './retryPolicy';

export type TransportOptions = {
  userId: number;
  access: GraphAccess;
  gate: MailboxGate;
  policy: RetryPolicy;
  signal?: AbortSignal;
  /**
   * Whether sending the request twice does no harm; by default every method but POST. A request
   * that is not is never sent again after an unknown outcome: that throws WriteOutcomeUnknownError.
   */
  idempotent?: boolean;
  /** Told about every wait, for the run's log. */
  onRetry?: (reason: string, waitMs: number) => void;
  /** Told about every answer (never the token or the body), for the run's DEBUG log. */
  onResponse?: (request: { method: string; path: string; status: number; ms: number; attempt: number }) => void;
};

/**
 * One call's own state, handed to the transport through Graph's middleware options: whether it may
 * be sent twice, and what the transport threw (Graph's client replaces it with a GraphError that
 * drops the original), so one client and one transport serve every call of a mailbox.
 */
export class TransportCall {
  failure: unknown;
  constructor(readonly idempotent?: boolean) {}
}

export class ResilientTransport implements Middleware {
  constructor(private readonly options: TransportOptions) {}

  async execute(context: Context): Promise<void> {
    const request = context.request;
    const url = typeof request === 'string' ? request : request.url;
    const call = context.middlewareControl?.getMiddlewareOptions(TransportCall) as TransportCall | undefined;
    try {
      context.response = await this.send(url, context.options ?? {}, call?.idempotent);
    } catch (error) {
      if (call) call.failure = error;
      throw error;
    }
  }

  /** Sends one request with the token, the gate, retries and a single token refresh. */
  async send(url: string, init: RequestInit, idempotentCall?: boolean): Promise<Response> {
    const { access, gate, policy, signal, userId } = this.options;
    const idempotent = idempotentCall ?? this.options.idempotent ?? isIdempotentMethod(init.method);
    const what = `${init.method ?? 'GET'} ${new URL(url).pathname}`;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      // Outlook already asked this mailbox for a longer wait than allowed: do not ask it again.
      this.refuseLongWait(gate.heldFor(Date.now()));
      // Microsoft throttles the app as a whole: every mailbox waits out the same Retry-After.
      const appWait = gate.appHeldFor();
      if (appWait > 0) await this.wait('the app is throttled (several mailboxes answered 429)', appWait);
      const token = await access.accessToken(refreshed ? { forceRefresh: true } : undefined);
      // A plain record, not Node's Headers (which loads undici: graph/receivedHeaders.ts).
      const headers = { ...headerRecord(init.headers), authorization: `Bearer ${token}` };
      const release = await gate.acquire();
      const startedAt = Date.now();
      let response: Response;
      try {
        // The body is read while the slot is held: a connection dropped mid-body is retried too.
        response = await withDeadline(policy.timeoutMs, signal, async (deadline) =>
          BufferedResponse.read(await access.fetch(url, { ...init, headers, signal: deadline })),
        );
      } catch (error) {
        release();
        if (signal?.aborted) throw error;
        // The request may have reached Outlook and been carried out; only its answer is missing.
        if (!idempotent) throw new WriteOutcomeUnknownError(`${what}: ${(error as Error).message}`);
        if (attempt >= policy.maxAttempts) {
          throw new GraphUnreachableError(`Microsoft Graph did not answer ${what} after ${attempt} tries: ${(error as Error).message}`);
        }
        await this.wait(`no answer (${(error as Error).message})`, backoffMs(policy, attempt));
        continue;
      }
      release();
      this.options.onResponse?.({
        method: init.method ?? 'GET',
        path: new URL(url).pathname,
        status: response.status,
        ms: Date.now() - startedAt,
        attempt,
      });
      if (response.status === 401) {
        // An app token without application permissions stays refused however often it is renewed:
        // Graph's own answer goes back to the caller, explained as missing admin consent (organisation-wide mode).
        if (refreshed && (await namesNoPermissionClaim(response))) return response;
        if (refreshed)
          throw new AccountNeedsReconnectError(userId, "Microsoft Graph refused the account's token even after it was refreshed.");
        // An expired or revoked token: refresh once; a revoked grant makes accessToken() throw.
        refreshed = true;
        attempt--;
        continue;
      }
      // 429 means "not done, come back later"; a 5xx after a write leaves its outcome unknown.
      const retryable = response.status === 429 || (idempotent && isRetryableStatus(response.status));
      if (retryable) {
        const asked = retryAfterMs(response.headers.get('Retry-After'));
        if (asked !== undefined) this.refuseLongWait(asked);
        const waitMs = asked ?? backoffMs(policy, attempt);
        if (response.status === 429 && !(await namesMailboxConcurrency(response))) gate.reportThrottled(waitMs);
        if (attempt < policy.maxAttempts) {
          await this.wait(`${response.status}${asked === undefined ? ' without Retry-After' : ''}`, waitMs);
          continue;
        }
      }
      if (!idempotent && response.status >= 500) throw new WriteOutcomeUnknownError(`${what}: Outlook answered ${response.status}`);
      return response;
    }
  }

  /**
   * A wait beyond the policy's limit ends this mailbox's part of the run instead; the gate keeps
   * the time, so every later request to the mailbox stops at once until then.
   */
  private refuseLongWait(ms: number): void {
    refuseLongWait(this.options.gate, this.options.policy, ms);
  }

  private async wait(reason: string, ms: number): Promise<void> {
    this.options.onRetry?.(reason, ms);
    await this.options.policy.sleep(ms, this.options.signal);
  }
}

/** Graph's 401 for a token that carries neither `scp` nor `roles`. */
async function namesNoPermissionClaim(response: Response): Promise<boolean> {
  return /scp or roles claim/i.test(await response.clone().text());
}

/** A 429 about the mailbox's 4 concurrent requests is the mailbox's own limit, never the app's. */
async function namesMailboxConcurrency(response: Response): Promise<boolean> {
  return /MailboxConcurrency/i.test(await response.clone().text());
}

/** Shared with `$batch`, whose items carry their own Retry-After. */
export function refuseLongWait(gate: MailboxGate, policy: RetryPolicy, ms: number): void {
  if (ms <= policy.maxWaitMs) return;
  const retryAt = Date.now() + ms;
  gate.holdUntil(retryAt);
  throw new MailboxWaitTooLongError(new Date(retryAt), ms, policy.maxWaitMs);
}
