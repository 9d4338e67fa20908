// The emulator's own minimal HTTP vocabulary: handlers take a parsed request and return a
// response value, so faults, limits and the request log can wrap every handler the same way.
import type { IncomingHttpHeaders } from 'node:http';

export type EmulatorRequest = {
  /** Per-request id, echoed as request-id / trace_id. */
  id: string;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
};

export type EmulatorResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

export function json(status: number, value: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function html(status: number, markup: string): EmulatorResponse {
  return {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    body: markup,
  };
}

export function redirect(location: string): EmulatorResponse {
  return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}

export function noContent(): EmulatorResponse {
  return { status: 204, headers: {}, body: '' };
}

export function header(req: EmulatorRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function formBody(req: EmulatorRequest): URLSearchParams {
  return new URLSearchParams(req.body);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
