// Scriptable faults: a test queues a rule ("the next 2 GETs of calendarView/delta answer 429
// without Retry-After") and the server applies it before the real handler runs.
export type Fault =
  /** 429 Too Many Requests, with a Retry-After header only when retryAfterSeconds is given. */
  | { kind: 'throttle'; retryAfterSeconds?: number }
  /** 503 Service Unavailable, optionally with Retry-After. */
  | { kind: 'unavailable'; retryAfterSeconds?: number }
  /** The real response, but only after delayMs: for a client's timeout. */
  | { kind: 'slow'; delayMs: number }
  /** Headers and half the body are sent, then the connection is destroyed. */
  | { kind: 'dropConnection' }
  /** 410 Gone / syncStateNotFound, as for an expired delta token. */
  | { kind: 'syncStateNotFound' };

export type FaultMatch = {
  area?: 'identity' | 'graph';
  method?: string;
  /** Matched against pathname + search; a string matches as a substring. */
  path?: string | RegExp;
};

export type FaultRule = { fault: Fault; match?: FaultMatch; times?: number };

type ActiveRule = { fault: Fault; match: FaultMatch; remaining: number };

export class Faults {
  private rules: ActiveRule[] = [];

  /** Queues a fault for the next `times` (default 1; Infinity for always) matching requests. */
  add(rule: FaultRule): void {
    this.rules.push({ fault: rule.fault, match: rule.match ?? {}, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  take(area: 'identity' | 'graph', method: string, pathAndQuery: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matchesFault(r.match, area, method, pathAndQuery));
    if (!rule) return undefined;
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.fault;
  }
}

export function matchesFault(match: FaultMatch, area: string, method: string, pathAndQuery: string): boolean {
  if (match.area && match.area !== area) return false;
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (typeof match.path === 'string' && !pathAndQuery.includes(match.path)) return false;
  if (match.path instanceof RegExp && !match.path.test(pathAndQuery)) return false;
  return true;
}
