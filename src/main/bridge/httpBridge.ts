// Headless mode's transport: the contract over HTTP + server-sent events on 127.0.0.1 only.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from '../security/httpServer';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ContractError, isChannelName, type CallResult, type ContractErrorCode } from '../../shared/contract';
import { bodyLimitBytes } from '../../shared/contract/bodyLimits';
import type { DownloadStore } from './downloadStore';
import type { EventBus, EventEnvelope } from '../contract/eventBus';
import { EventReplayBuffer, eventFrame, type ReplayLimits } from './eventReplay';
import { readLimitedBody } from './requestBody';
import type { HandlerRegistry } from '../contract/handlerRegistry';
import { contentSecurityPolicy } from '../security/contentSecurityPolicy';

const heartbeatMs = 15_000;
// Enough for a few minutes away under a busy DEBUG log; beyond it the client reads the current state.
const defaultReplayLimits: ReplayLimits = { maxEvents: 2000, maxBytes: 4 * 1024 * 1024 };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const statusForCode: Record<ContractErrorCode, number> = {
  VALIDATION: 400,
  UNKNOWN_CHANNEL: 404,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};

export type HttpBridgeOptions = {
  registry: HandlerRegistry;
  events: EventBus;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Tests pass a fixed token; a real start makes a fresh random one. */
  token?: string;
  /** Files the core offers for download (log bundles). */
  downloads?: DownloadStore;
  /** What a reconnecting client that missed more than the replay buffer holds gets instead. */
  currentState?: () => EventEnvelope[];
  replayLimits?: ReplayLimits;
};

export type RunningHttpBridge = {
  port: number;
  token: string;
  consoleUrl: string;
  close(): Promise<void>;
};

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use. Stop the program using it, or start with --port N (or --port 0 for any free port).`,
    );
    this.name = 'PortInUseError';
  }
}

export async function startHttpBridge(options: HttpBridgeOptions): Promise<RunningHttpBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expectedAuthorization = Buffer.from(`Bearer ${token}`);
  const rendererRoot = resolve(options.rendererDir);
  const eventStreams = new Set<ServerResponse>();
  const replay = new EventReplayBuffer(randomBytes(6).toString('hex'), options.replayLimits ?? defaultReplayLimits);
  // One subscription for every stream: each event gets its id once, in one order for all.
  const unsubscribe = options.events.subscribe((envelope) => {
    const frame = replay.append(envelope);
    for (const stream of eventStreams) stream.write(frame);
  });
  let port = options.port;

  const server = createServer((request, response) => {
    handleRequest(request, response).catch(() => {
      if (!response.headersSent) sendJson(response, 500, failure('INTERNAL', 'The request failed unexpectedly.'));
      else response.destroy();
    });
  });

  async function handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setCommonHeaders(response);
    // DNS rebinding: a page on attacker.example that resolves to 127.0.0.1 still sends its own Host.
    if (!isAllowedHost(request.headers.host, port)) {
      sendJson(response, 421, failure('FORBIDDEN', 'This console answers only on 127.0.0.1 and localhost.'));
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, port)) {
      sendJson(response, 403, failure('FORBIDDEN', 'Requests from other sites are refused.'));
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await handleApi(request, response, url);
      return;
    }
    await serveStatic(request, response, url.pathname);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    if (!hasValidToken(request.headers.authorization)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      sendJson(response, 401, failure('FORBIDDEN', 'Missing or wrong access token. Open the console with the URL printed at start-up.'));
      return;
    }
    if (url.pathname === '/api/events') {
      if (request.method !== 'GET') return sendMethodNotAllowed(response, 'GET');
      openEventStream(request, response);
      return;
    }
    if (url.pathname.startsWith('/api/downloads/')) {
      if (request.method !== 'GET') return sendMethodNotAllowed(response, 'GET');
      const offer = options.downloads?.get(url.pathname.slice('/api/downloads/'.length));
      if (!offer) {
        sendJson(response, 404, failure('NOT_FOUND', 'This download has expired. Export the file again.'));
        return;
      }
      response.writeHead(200, {
        'Content-Type': offer.type.mediaType,
        'Content-Length': offer.bytes.length,
        'Content-Disposition': `attachment; filename="${offer.fileName.replace(/[^\w.-]/g, '_')}"`,
      });
      response.end(offer.bytes);
      return;
    }
    if (request.method !== 'POST') return sendMethodNotAllowed(response, 'POST');
    const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('application/json')) {
      sendJson(response, 415, failure('VALIDATION', 'Send the payload as application/json.'));
      return;
    }
    const limit = bodyLimitBytes(channel);
    const body = await readLimitedBody(request, limit);
    if (body.kind === 'tooLarge') {
      // Read to its end and dropped: the connection carries the next request. Too big for that: closed.
      if (!body.keepAlive) response.setHeader('Connection', 'close');
      sendJson(
        response,
        413,
        failure(
          'VALIDATION',
          `The request is larger than the ${formatBytes(limit)} the console accepts for ${isChannelName(channel) ? channel : 'this call'}. Choose a smaller file, or split it.`,
        ),
      );
      return;
    }
    let input: unknown;
    if (body.text.length > 0) {
      try {
        input = JSON.parse(body.text);
      } catch {
        sendJson(response, 400, failure('VALIDATION', 'The payload is not valid JSON.'));
        return;
      }
    }
    const result = await options.registry.invoke(channel, input, { transport: 'http' });
    sendJson(response, result.ok ? 200 : statusForCode[result.error.code], result);
  }

  function hasValidToken(header: string | undefined): boolean {
    if (!header) return false;
    const given = Buffer.from(header);
    return given.length === expectedAuthorization.length && timingSafeEqual(given, expectedAuthorization);
  }

  function openEventStream(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    // A reconnect: what it missed, from the buffer; when that is not all of it, the current state after.
    const lastEventId = request.headers['last-event-id'];
    if (typeof lastEventId === 'string' && lastEventId) {
      const missed = replay.since(lastEventId);
      for (const frame of missed.frames) response.write(frame);
      if (!missed.complete) for (const envelope of options.currentState?.() ?? []) response.write(eventFrame(envelope, replay.lastId()));
    }
    // Tells a new client where the stream stands, so that even one that has seen no event yet
    // reconnects with an id and gets what happened while it was away. Not a contract event.
    response.write(`id: ${replay.lastId()}\nevent: connected\ndata: {}\n\n`);
    eventStreams.add(response);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      eventStreams.delete(response);
    });
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendMethodNotAllowed(response, 'GET, HEAD');
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname));
    } catch {
      sendText(response, 400, 'Bad path');
      return;
    }
    const filePath = join(rendererRoot, relative);
    if (filePath !== rendererRoot && !filePath.startsWith(rendererRoot + sep)) {
      sendText(response, 404, 'Not found');
      return;
    }
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) {
      sendText(response, 404, 'Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': contentTypes[extname(filePath)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(filePath).pipe(response);
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      unsubscribe();
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error);
    });
    // 127.0.0.1 only, never 0.0.0.0 or ::, so nothing off this machine can reach the console.
    server.listen(options.port, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    consoleUrl: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      unsubscribe();
      for (const stream of eventStreams) stream.end();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}

function setCommonHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function isAllowedOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function failure(code: ContractErrorCode, message: string): CallResult {
  return { ok: false, error: new ContractError(code, message).toPayload() };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

function sendMethodNotAllowed(response: ServerResponse, allow: string): void {
  response.setHeader('Allow', allow);
  sendJson(response, 405, failure('VALIDATION', `Use ${allow} for this address.`));
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
