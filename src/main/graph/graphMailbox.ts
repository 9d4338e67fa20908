/**
 * Microsoft Graph for one user's mailbox: Graph's client for building and sending requests, with
 * our resilient transport as its last middleware (token, retries, the 4-per-mailbox gate), and
 * `$batch` with per-request status handling (which the client's BatchResponseContent leaves to us).
 */
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { AccountNeedsReconnectError } from './graphAccess';
import { loadGraphClient } from './graphClientLibrary';
import { GraphCallError, WriteOutcomeUnknownError, toGraphCallError } from './graphErrors';
import { ResilientTransport, TransportCall, refuseLongWait, type TransportOptions } from './resilientTransport';
import { backoffMs, isIdempotentMethod, isRetryableStatus, retryAfterMs } from './retryPolicy';

/** Graph returns times in UTC for every call we make: one zone to store, whatever the mailbox's. */
export const preferUtc = 'outlook.timezone="UTC"';
export const maxBatchRequests = 20;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Graph JSON, read field by field by its callers.
export type GraphJson = Record<string, any>;

export type BatchItem = {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
};
/**
 * One item's final answer. `outcomeUnknown` (status 0): a create went out and its answer never
 * came (the batch's connection dropped or timed out, or Outlook failed with a 5xx): it may exist
 * in Outlook. It is not sent again here; the caller looks for it in Outlook first.
 */
export type BatchResult = { id: string; status: number; body: GraphJson | undefined; outcomeUnknown?: string };

export type GraphMailboxOptions = TransportOptions;

export class GraphMailbox {
  private readonly options: GraphMailboxOptions;
  /** One Graph client and transport for every call of this mailbox: building them per call showed in the profile. */
  private client: Promise<Client> | undefined;

  constructor(options: GraphMailboxOptions) {
    this.options = options;
  }

  async get(pathOrUrl: string, prefer: string[] = [preferUtc]): Promise<GraphJson> {
    return this.call((api) => api(this.mailboxRooted(pathOrUrl)).header('Prefer', prefer.join(', ')).get());
  }

  /** A POST is sent once: a lost answer throws WriteOutcomeUnknownError unless it is `idempotent`. */
  async post(path: string, body: unknown, options: { idempotent?: boolean } = {}): Promise<GraphJson> {
    return this.call((api) => api(this.mailboxRooted(path)).header('Prefer', preferUtc).post(body), options.idempotent);
  }

  async patch(path: string, body: unknown): Promise<GraphJson> {
    return this.call((api) => api(this.mailboxRooted(path)).header('Prefer', preferUtc).patch(body));
  }

  async delete(path: string): Promise<void> {
    await this.call((api) => api(this.mailboxRooted(path)).delete());
  }

  /**
   * Runs the items in `$batch` requests of at most 20. Each batch runs its requests one after
   * another (dependsOn) so a batch holds one of the mailbox's 4 slots, not 20; up to 4 batches go at
   * once. Requests throttled or skipped because an earlier one failed (424) are sent again in a
   * later round, and so are idempotent ones that failed on the server's side; a create is sent
   * again only when Outlook said it was not done (429, 424): every other create without a final
   * answer comes back as `outcomeUnknown`. Every other answer is final and returned as it came.
   */
  async batch(items: readonly BatchItem[], maxRounds = 8): Promise<Map<string, BatchResult>> {
    const results = new Map<string, BatchResult>();
    let pending = [...items];
    let refreshed = false;
    for (let round = 1; pending.length > 0; round++) {
      const chunks: BatchItem[][] = [];
      for (let i = 0; i < pending.length; i += maxBatchRequests) chunks.push(pending.slice(i, i + maxBatchRequests));
      const answers = (await Promise.all(chunks.map((chunk) => this.postBatchOrDoubt(chunk)))).flat();
      const retry: BatchItem[] = [];
      let waitMs = 0;
      let unauthorised = false;
      for (const answer of answers) {
        const item = pending.find((candidate) => candidate.id === answer.id)!;
        const creates = !isIdempotentMethod(item.method);
        if (answer.outcomeUnknown !== undefined) {
          if (creates) results.set(answer.id, { id: answer.id, status: 0, body: undefined, outcomeUnknown: answer.outcomeUnknown });
          else retry.push(item);
        } else if (answer.status === 424) retry.push(item);
        else if (answer.status === 401) {
          unauthorised = true;
          retry.push(item);
        } else if (answer.status === 429 || (!creates && isRetryableStatus(answer.status))) {
          retry.push(item);
          const asked = retryAfterMs(headerOf(answer, 'Retry-After'));
          if (asked !== undefined) refuseLongWait(this.options.gate, this.options.policy, asked);
          waitMs = Math.max(waitMs, asked ?? backoffMs(this.options.policy, round));
          if (answer.status === 429 && !/MailboxConcurrency/i.test(JSON.stringify(answer.body ?? {})))
            this.options.gate.reportThrottled(waitMs);
        } else if (creates && answer.status >= 500) {
          results.set(answer.id, { id: answer.id, status: 0, body: answer.body, outcomeUnknown: `Outlook answered ${answer.status}` });
        } else results.set(answer.id, { id: answer.id, status: answer.status, body: answer.body });
      }
      if (unauthorised) {
        if (refreshed)
          throw new AccountNeedsReconnectError(
            this.options.userId,
            "Microsoft Graph refused the account's token even after it was refreshed.",
          );
        refreshed = true;
        await this.options.access.accessToken({ forceRefresh: true });
      }
      if (retry.length > 0 && round >= maxRounds) {
        for (const item of retry) {
          const last = answers.find((answer) => answer.id === item.id)!;
          results.set(item.id, {
            id: item.id,
            status: last.status,
            body: last.body,
            ...(last.outcomeUnknown === undefined ? {} : { outcomeUnknown: last.outcomeUnknown }),
          });
        }
        break;
      }
      if (retry.length > 0 && waitMs > 0) {
        this.options.onRetry?.(`${retry.length} batched requests throttled or failed`, waitMs);
        await this.options.policy.sleep(waitMs, this.options.signal);
      }
      pending = retry;
    }
    return results;
  }

  /** One `$batch`; a lost answer to one holding creates gives each of its items `outcomeUnknown`. */
  private async postBatchOrDoubt(chunk: readonly BatchItem[]): Promise<Array<BatchResult & { headers?: Record<string, string> }>> {
    try {
      return await this.postBatch(chunk);
    } catch (error) {
      if (!(error instanceof WriteOutcomeUnknownError)) throw error;
      return chunk.map((item) => ({ id: item.id, status: 0, body: undefined, outcomeUnknown: error.reason }));
    }
  }

  private async postBatch(chunk: readonly BatchItem[]): Promise<Array<BatchResult & { headers?: Record<string, string> }>> {
    const requests = chunk.map((item, index) => ({
      id: item.id,
      method: item.method,
      url: this.mailboxRooted(item.url),
      headers: { Prefer: preferUtc, ...(item.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...item.headers },
      ...(item.body === undefined ? {} : { body: item.body }),
      ...(index > 0 ? { dependsOn: [chunk[index - 1].id] } : {}),
    }));
    // A batch of reads, updates and deletions may be sent again; one holding a create may not.
    const answer = await this.post('/$batch', { requests }, { idempotent: chunk.every((item) => isIdempotentMethod(item.method)) });
    return (answer.responses as Array<{ id: string; status: number; body?: GraphJson; headers?: Record<string, string> }>).map(
      (response) => ({
        id: response.id,
        status: response.status,
        body: response.body,
        headers: response.headers,
      }),
    );
  }

  /**
   * Issue 18: `/me…` becomes the app-token mailbox's `/users/{id}…` (see GraphAccess.mailboxPath),
   * also in a full URL such as a deltaLink stored while the user still signed in: after a switch to
   * organisation-wide mode the sync goes on from where it was, with the same links.
   */
  private mailboxRooted(pathOrUrl: string): string {
    const root = this.options.access.mailboxPath;
    if (!root) return pathOrUrl;
    const base = this.options.access.baseUrl.replace(/\/$/, '');
    const absolute = pathOrUrl.startsWith(`${base}/`);
    const path = absolute ? pathOrUrl.slice(base.length) : pathOrUrl;
    if (!/^\/me(?=[/?]|$)/.test(path)) return pathOrUrl;
    return `${absolute ? base : ''}${root}${path.slice(3)}`;
  }

  /**
   * Graph's client wraps whatever a middleware throws in a GraphError and drops the original, so
   * each call's `TransportCall` keeps it (AccountNeedsReconnectError, …) and it is thrown instead.
   */
  private async call<T>(work: (request: (path: string) => GraphRequest) => Promise<T>, idempotent?: boolean): Promise<T> {
    const call = new TransportCall(idempotent);
    try {
      const client = await (this.client ??= this.createClient());
      return await work((path) => client.api(path).middlewareOptions([call]));
    } catch (error) {
      throw call.failure ?? toGraphCallError(error);
    }
  }

  private async createClient(): Promise<Client> {
    const { Client } = await loadGraphClient();
    const base = new URL(this.options.access.baseUrl);
    return Client.initWithMiddleware({
      middleware: new ResilientTransport(this.options),
      baseUrl: `${base.origin}/`,
      defaultVersion: base.pathname.replace(/^\/+|\/+$/g, '') || 'v1.0',
    });
  }
}

function headerOf(answer: { headers?: Record<string, string> }, name: string): string | undefined {
  const entry = Object.entries(answer.headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return entry?.[1];
}

export function isGraphStatus(error: unknown, status: number): error is GraphCallError {
  return error instanceof GraphCallError && error.status === status;
}

/**
 * An Outlook id as a path segment. Ids are base64url with '=' padding, which Graph takes as is
 * (its own examples do); only characters that would end or break a path segment are escaped.
 */
export function graphIdSegment(id: string): string {
  return id.replace(/[/?#% ]/g, (c) => encodeURIComponent(c));
}

/** A string literal in an OData query ($filter): single quotes, a quote inside doubled. */
export function graphStringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
