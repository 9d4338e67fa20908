/**
 * Request and answer headers for the console's own fetch (auth/httpsWithCa.ts) without Node's
 * Fetch classes. Touching Node's global Headers, Request or Response loads undici, Node's HTTP
 * client, into the process: 7.6 MB of resident memory measured in a process that already had
 * TLS, SQLite and Intl loaded, for a console that sends every request through node:https. A
 * received answer's headers need lookup and iteration only, so they are kept here in a map.
 */

/** Header names in lower case, values joined with ", " as the Fetch standard combines them. */
function addTo(into: Map<string, string>, name: string, value: string): void {
  const key = name.toLowerCase();
  // The Fetch standard strips leading and trailing HTTP whitespace from a value.
  const trimmed = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const known = into.get(key);
  into.set(key, known === undefined ? trimmed : `${known}, ${trimmed}`);
}

function headerMap(init: HeadersInit | Iterable<readonly [string, string]> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!init) return map;
  if (Symbol.iterator in init) {
    // A list of pairs, or a Headers object (which is one too).
    for (const [name, value] of init as Iterable<readonly [string, string]>) addTo(map, name, value);
  } else {
    for (const [name, value] of Object.entries(init)) addTo(map, name, value);
  }
  return map;
}

/** A request's headers as node:https takes them: one lower-case name per header. */
export function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  return Object.fromEntries(headerMap(init));
}

/** The headers of an answer that has arrived: what the Graph client and the transport read. */
export class ReceivedHeaders implements Headers {
  private readonly map: Map<string, string>;

  constructor(init?: HeadersInit | Iterable<readonly [string, string]>) {
    this.map = headerMap(init);
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.delete(name.toLowerCase());
    addTo(this.map, name, value);
  }

  append(name: string, value: string): void {
    addTo(this.map, name, value);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  getSetCookie(): string[] {
    const cookies = this.map.get('set-cookie');
    return cookies === undefined ? [] : [cookies];
  }

  forEach(callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this);
  }

  /** In name order, as the Fetch standard iterates headers. */
  entries(): HeadersIterator<[string, string]> {
    return [...this.map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).values();
  }

  keys(): HeadersIterator<string> {
    return [...this.entries()].map(([name]) => name).values();
  }

  values(): HeadersIterator<string> {
    return [...this.entries()].map(([, value]) => value).values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }
}
