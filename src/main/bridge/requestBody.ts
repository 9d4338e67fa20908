import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { kind: 'read'; text: string }
  /** `keepAlive`: the rest of the body was read and dropped, so the connection can carry the next request. */
  | { kind: 'tooLarge'; keepAlive: boolean };

// Past this, a body is not worth reading to the end just to keep its connection: close it instead.
const defaultDrainLimitBytes = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limitBytes`. A body over the limit is still read to its end (and
 * dropped) so the keep-alive connection stays in step for the next request; a browser that
 * had its request body cut off would see a reset connection instead of the 413's explanation.
 */
export function readLimitedBody(
  request: IncomingMessage,
  limitBytes: number,
  drainLimitBytes = defaultDrainLimitBytes,
): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    // Not read at all: Node's server drops an unread body itself once the response is sent.
    return Promise.resolve({ kind: 'tooLarge', keepAlive: declared <= drainLimitBytes });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    const finish = (result: BodyResult) => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (size > drainLimitBytes) {
        // The caller answers with Connection: close; whatever is still coming is not read.
        request.pause();
        finish({ kind: 'tooLarge', keepAlive: false });
      } else if (!tooLarge) chunks.push(chunk);
    };
    const onEnd = () =>
      finish(tooLarge ? { kind: 'tooLarge', keepAlive: true } : { kind: 'read', text: Buffer.concat(chunks).toString('utf8') });
    const onError = (error: Error) => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      reject(error);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
