import { ReceivedHeaders } from './receivedHeaders';

/**
 * Answers that have no body, whatever arrives with them: the Fetch standard's null body statuses
 * that a Response can hold and Graph sends.
 */
const nullBodyStatuses = new Set([204, 304]);

/**
 * An answer whose body has already arrived in full, kept as the bytes that arrived. Every Graph
 * answer is read whole before it is handed on (a connection dropped mid-body is retried while the
 * mailbox's slot is held), so a body stream over those bytes only costs: undici's Response copies
 * bytes it is given, reads its stream back by concatenating the chunks (another copy), then decodes.
 * In the bench's first sync those copies and streams were the largest part of the console's CPU.
 * Here `json()` parses the bytes as they are, once.
 *
 * It has the Fetch standard's Response shape (the Graph client reads it as one) without being
 * Node's Response: any of Node's Fetch classes loads undici into the process (graph/receivedHeaders.ts).
 *
 * The body can be read more than once (the bytes stay as they are), which the Fetch standard does
 * not allow; nothing here relies on a second read failing.
 */
export class BufferedResponse implements Response {
  readonly status: number;
  readonly statusText: string;
  readonly headers: ReceivedHeaders;
  readonly ok: boolean;
  readonly url = '';
  readonly redirected = false;
  readonly type: ResponseType = 'basic';
  /** The bytes stay as they are, so reading them does not use them up. */
  readonly bodyUsed = false;
  private readonly received: Buffer | null;
  private stream: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;

  constructor(received: Buffer | null, init: { status: number; statusText?: string; headers: HeadersInit }) {
    if (!Number.isInteger(init.status) || init.status < 200 || init.status > 599) {
      throw new RangeError(`An answer's status is 200 to 599, not ${init.status}.`);
    }
    this.status = init.status;
    this.statusText = init.statusText ?? '';
    this.ok = init.status < 300;
    this.headers = new ReceivedHeaders(init.headers);
    this.received = received && received.byteLength > 0 && !nullBodyStatuses.has(init.status) ? received : null;
  }

  /** A Response from any fetch, its body read now, in full. */
  static async read(response: Response): Promise<BufferedResponse> {
    if (response instanceof BufferedResponse) return response;
    const received = nullBodyStatuses.has(response.status) ? null : Buffer.from(await response.arrayBuffer());
    return new BufferedResponse(received, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  async text(): Promise<string> {
    return this.decoded();
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.decoded());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.copy().buffer as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.copy();
  }

  async blob(): Promise<Blob> {
    return new Blob(this.received ? [this.copy()] : [], { type: this.headers.get('content-type') ?? '' });
  }

  /** Graph answers JSON or nothing: a form is never one of its answers. */
  async formData(): Promise<FormData> {
    throw new TypeError('A Graph answer is not form data: read it with json() or text().');
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.received, { status: this.status, statusText: this.statusText, headers: this.headers });
  }

  /** The bytes as a stream, made when first asked for (the Graph client asks only for a stream response, which we never use). */
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    const received = this.received;
    if (!received) return null;
    this.stream ??= new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(received));
        controller.close();
      },
    });
    return this.stream;
  }

  /** UTF-8 as the Fetch standard decodes a body: a leading byte order mark is dropped. */
  private decoded(): string {
    const bytes = this.received;
    if (!bytes) return '';
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return bytes.toString('utf8', bom ? 3 : 0);
  }

  private copy(): Uint8Array<ArrayBuffer> {
    return this.received ? new Uint8Array(this.received) : new Uint8Array(0);
  }
}
