/**
 * The loopback redirect of one sign-in or admin-consent attempt (RFC 8252 §7.3, RFC 9700):
 * listens on 127.0.0.1 only, on a free port or the configured fixed one, accepts exactly one
 * answer on `/oauth/callback` carrying the attempt's `state`, sends the browser on to a page
 * without the code, and shows a static result page. It closes on the answer, on cancel, or on
 * timeout, whichever comes first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from '../security/httpServer';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { attemptRedirectUri } from '../../shared/integration/redirectAndConsent';

export const callbackPath = '/oauth/callback';
const resultPath = '/oauth/result';
export const defaultAttemptTimeoutMs = 5 * 60 * 1000;

/** What arrived on the callback, state already checked. */
export type LoopbackAnswer = { kind: 'answer'; params: URLSearchParams } | { kind: 'cancelled' } | { kind: 'timedOut' };

export type ResultPage = { ok: boolean; title: string; message: string };

export class LoopbackPortBusyError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is in use by another program, so the console cannot receive the sign-in answer there. Close the program that uses port ${port}, or clear Redirect port on the Integration page so a free port is used each time (then the registered redirect URI is http://localhost/oauth/callback).`,
    );
    this.name = 'LoopbackPortBusyError';
  }
}

export type LoopbackOptions = {
  /** The fixed port from the integration settings, or null for a free port. */
  fixedPort: number | null;
  /** The attempt's single-use state: any other value (or none) is refused. */
  state: string;
  timeoutMs?: number;
};

export type LoopbackRedirect = {
  port: number;
  /** `http://localhost:{port}/oauth/callback`: the URI the authorize request and token request send. */
  redirectUri: string;
  /** Settles once: the answer, a cancel or a timeout. */
  answer: Promise<LoopbackAnswer>;
  /** Shows the browser the outcome, then closes the listener. */
  finish(page: ResultPage): void;
  cancel(): void;
  /** Resolves when the listener has stopped listening. */
  closed: Promise<void>;
  /** Whether the listener is still accepting connections (for tests and diagnostics). */
  isListening(): boolean;
};

// How long the browser's follow-up request for the result page may wait for the outcome.
const resultWaitMs = 60_000;
// How long the listener stays for a browser that has not yet asked for the result page.
const resultGraceMs = 5_000;

export async function openLoopbackRedirect(options: LoopbackOptions): Promise<LoopbackRedirect> {
  const expectedState = Buffer.from(options.state);
  let settle!: (answer: LoopbackAnswer) => void;
  const answer = new Promise<LoopbackAnswer>((resolve) => (settle = resolve));
  let answered = false;
  let outcome: ResultPage | undefined;
  const waitingForOutcome: ServerResponse[] = [];

  const server = createServer((request, response) => {
    handle(request, response);
  });
  const closed = new Promise<void>((resolve) => server.on('close', () => resolve()));

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET')
      return sendPage(response, 405, {
        ok: false,
        title: 'Not allowed',
        message: 'This address only receives the sign-in answer from your browser.',
      });
    if (url.pathname === callbackPath && !answered) {
      const state = url.searchParams.get('state');
      if (!state || !sameState(state, expectedState)) {
        return sendPage(response, 400, {
          ok: false,
          title: 'Sign-in answer refused',
          message: 'This answer does not belong to the sign-in the console started, so it was ignored. Start it again from the console.',
        });
      }
      answered = true;
      clearTimeout(timer);
      settle({ kind: 'answer', params: url.searchParams });
      // The code stays out of the address bar, history and any Referer from here on.
      response.writeHead(303, { Location: resultPath, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
      response.end();
      return;
    }
    if (url.pathname === resultPath && answered) {
      if (outcome) {
        sendPage(response, outcome.ok ? 200 : 400, outcome);
        return close();
      }
      waitingForOutcome.push(response);
      setTimeout(() => {
        if (!response.writableEnded)
          sendPage(response, 200, {
            ok: true,
            title: 'Signing in…',
            message: 'The console is finishing the sign-in. You can close this window and look at the console.',
          });
      }, resultWaitMs).unref();
      return;
    }
    sendPage(response, 404, { ok: false, title: 'Not found', message: 'This address only receives the sign-in answer from your browser.' });
  }

  function close(): void {
    if (!server.listening) return;
    server.close();
    // A browser keeps connections alive; the attempt is over, so they go too.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new LoopbackPortBusyError(options.fixedPort ?? 0) : error);
    });
    // 127.0.0.1 only: never 0.0.0.0, never reachable from another machine.
    server.listen(options.fixedPort ?? 0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => close());
  const port = (server.address() as AddressInfo).port;

  const timer = setTimeout(() => {
    if (answered) return;
    answered = true;
    settle({ kind: 'timedOut' });
    close();
  }, options.timeoutMs ?? defaultAttemptTimeoutMs);
  timer.unref();

  return {
    port,
    redirectUri: attemptRedirectUri(port),
    answer,
    closed,
    isListening: () => server.listening,
    finish(page) {
      outcome = page;
      const waiting = waitingForOutcome.splice(0).filter((response) => !response.writableEnded);
      for (const response of waiting) sendPage(response, page.ok ? 200 : 400, page);
      // The browser normally waits on the result page already; if not, it gets a short grace to fetch it.
      if (waiting.length > 0) close();
      else setTimeout(close, resultGraceMs).unref();
    },
    cancel() {
      clearTimeout(timer);
      if (!answered) {
        answered = true;
        settle({ kind: 'cancelled' });
      }
      close();
      server.closeAllConnections();
    },
  };
}

function sameState(received: string, expected: Buffer): boolean {
  const bytes = Buffer.from(received);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** A static page: nothing from the request is echoed, no script runs, no Referer leaves it. */
function sendPage(response: ServerResponse, status: number, page: ResultPage): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f5f5f5;color:#242424}
main{background:#fff;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.12);padding:32px 40px;max-width:520px}
h1{font-size:20px;margin:0 0 12px;color:${page.ok ? '#0e700e' : '#b10e1c'}}p{line-height:1.5;margin:0}</style></head>
<body><main><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></main></body></html>`;
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
