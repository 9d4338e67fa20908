/**
 * A Response whose body has already arrived in full, kept as the bytes that arrived. Every Graph
 * answer is read whole before it is handed on (a connection dropped mid-body is retried while the
 * mailbox's slot is held), so a body stream over those bytes only costs: undici's Response copies
 * bytes it is given, reads its stream back by concatenating the chunks (another copy), then decodes.
 * In the bench's first sync those copies and streams were the largest part of the console's CPU.
 * Here `json()` parses the bytes as they are, once.
 *
 * The body can be read more than once (the bytes stay as they are), which the Fetch standard does
 * not allow; nothing here relies on a second read failing.
 */
/**
 * Answers that have no body, whatever arrives with them: the Fetch standard's null body statuses
 * that a Response can hold and Graph sends.
 */
const nullBodyStatuses = new Set([204, 304]);

export class BufferedResponse extends Response {
  private readonly received: Buffer | null;

  constructor(received: Buffer | null, init: { status: number; statusText?: string; headers: HeadersInit }) {
    // The base holds no body: the methods below answer from `received`.
    super(null, init);
    this.received = received && received.byteLength > 0 && !nullBodyStatuses.has(init.status) ? received : null;
  }

  /** A Response from any fetch, its body read now, in full. */
  static async read(response: Response): Promise<BufferedResponse> {
    if (response instanceof BufferedResponse) return response;
    const received = nullBodyStatuses.has(response.status) ? null : Buffer.from(await response.arrayBuffer());
    return new BufferedResponse(received, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  override async text(): Promise<string> {
    return this.decoded();
  }

  override async json(): Promise<unknown> {
    return JSON.parse(this.decoded());
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.copy().buffer as ArrayBuffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.copy();
  }

  override async blob(): Promise<Blob> {
    return new Blob(this.received ? [this.copy()] : [], { type: this.headers.get('content-type') ?? '' });
  }

  override clone(): BufferedResponse {
    return new BufferedResponse(this.received, { status: this.status, statusText: this.statusText, headers: this.headers });
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

const bodyStreams = new WeakMap<BufferedResponse, ReadableStream<Uint8Array>>();

// The base's `body` getter answers null for a body it does not hold: this one streams the bytes,
// made when first asked for (the Graph client asks only for a stream response, which we never use).
Object.defineProperty(BufferedResponse.prototype, 'body', {
  configurable: true,
  get(this: BufferedResponse): ReadableStream<Uint8Array> | null {
    const received = (this as unknown as { received: Buffer | null }).received;
    if (!received) return null;
    let stream = bodyStreams.get(this);
    if (!stream) {
      stream = new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(received));
          controller.close();
        },
      });
      bodyStreams.set(this, stream);
    }
    return stream;
  },
});
