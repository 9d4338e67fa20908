// Every request the emulator answered, for tests to assert on (what was called, in what order,
// what came back). Token and secret values are never recorded.
export type LoggedRequest = {
  id: string;
  at: string;
  area: 'identity' | 'graph';
  method: string;
  /** Path and query string, e.g. "/v1.0/me/calendarView/delta?$deltatoken=…". */
  path: string;
  status: number;
  durationMs: number;
  /** The Graph caller (token oid) when there was a valid-looking token. */
  userId?: string;
  /** Prefer header as sent. */
  prefer?: string;
  fault?: string;
  /** For $batch: the sub-requests' method, path and status. */
  batch?: Array<{ method: string; path: string; status: number }>;
};

export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  clear(): void {
    this.entries.length = 0;
  }

  graph(): LoggedRequest[] {
    return this.entries.filter((e) => e.area === 'graph');
  }

  matching(method: string, path: string | RegExp): LoggedRequest[] {
    return this.entries.filter((e) => e.method === method && (typeof path === 'string' ? e.path.includes(path) : path.test(e.path)));
  }
}
