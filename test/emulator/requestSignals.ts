// "Request N reached": a test asks to be told when the Nth request matching a rule arrives, has
// been carried out, or has been answered, and the emulator waits for the test before going on.
// That is how a crash test kills the console at a chosen request: before Outlook did anything
// (received, then dropped), after Outlook did it but before the answer left (handled), or just
// after the answer left (answered).
import { matchesFault, type FaultMatch } from './faults.ts';

export type SignalPhase = 'received' | 'handled' | 'answered';

export type ReachedRequest = { ordinal: number; method: string; path: string; callerId?: string };

export type SignalRule = {
  match?: FaultMatch & {
    /** The Graph caller (token oid): a request made for one user's mailbox. */
    callerId?: string;
  };
  /** Which matching request, counting from 1 as they arrive. */
  nth: number;
  phase: SignalPhase;
  /**
   * Awaited before the emulator goes on. Answering 'drop' at `received` or `handled` closes the
   * connection instead: at `received` Outlook never carries the request out.
   */
  onReached: (request: ReachedRequest) => void | 'drop' | Promise<void | 'drop'>;
};

type ActiveRule = SignalRule & { seen: number };

export class RequestSignals {
  private rules: ActiveRule[] = [];
  private readonly chosen = new Map<string, Array<{ rule: ActiveRule; request: ReachedRequest }>>();

  /** Resolves with the request once it reached the phase (after `onReached` ran). */
  at(rule: Omit<SignalRule, 'onReached'> & Partial<Pick<SignalRule, 'onReached'>>): Promise<ReachedRequest> {
    return new Promise((resolve, reject) => {
      const onReached = rule.onReached ?? (() => undefined);
      this.rules.push({
        ...rule,
        seen: 0,
        onReached: async (request) => {
          try {
            const answer = await onReached(request);
            resolve(request);
            return answer;
          } catch (error) {
            reject(error);
            return 'drop';
          }
        },
      });
    });
  }

  clear(): void {
    this.rules = [];
    this.chosen.clear();
  }

  /** Called by the server for every request at every phase; `requestId` ties the phases together. */
  async reached(
    phase: SignalPhase,
    requestId: string,
    request: { area: 'identity' | 'graph'; method: string; path: string; callerId?: string },
  ): Promise<'drop' | undefined> {
    if (phase === 'received') {
      for (const rule of this.rules) {
        if (rule.match?.callerId && rule.match.callerId !== request.callerId) continue;
        if (!matchesFault(rule.match ?? {}, request.area, request.method, request.path)) continue;
        rule.seen++;
        if (rule.seen !== rule.nth) continue;
        const list = this.chosen.get(requestId) ?? [];
        list.push({ rule, request: { ordinal: rule.seen, method: request.method, path: request.path, callerId: request.callerId } });
        this.chosen.set(requestId, list);
      }
    }
    const due = (this.chosen.get(requestId) ?? []).filter((entry) => entry.rule.phase === phase);
    if (phase === 'answered') this.chosen.delete(requestId);
    let verdict: 'drop' | undefined;
    for (const { rule, request: reachedRequest } of due) {
      this.rules = this.rules.filter((candidate) => candidate !== rule);
      if ((await rule.onReached(reachedRequest)) === 'drop') verdict = 'drop';
    }
    if (verdict === 'drop') this.chosen.delete(requestId);
    return verdict;
  }
}
