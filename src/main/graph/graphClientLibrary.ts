/**
 * Microsoft's Graph client, loaded on the first Graph call rather than when the console starts
 * (as MSAL is, auth/msalLibrary.ts): it costs the main process about 12 MB of RSS, and a console
 * with no integration configured, or started only to serve the UI, never calls Graph.
 */
import type { GraphError } from '@microsoft/microsoft-graph-client';

export type GraphClientLibrary = typeof import('@microsoft/microsoft-graph-client');

let loading: Promise<GraphClientLibrary> | undefined;
let loaded: GraphClientLibrary | undefined;

export function loadGraphClient(): Promise<GraphClientLibrary> {
  loading ??= import('@microsoft/microsoft-graph-client').then((library) => (loaded = library));
  return loading;
}

/** Whether `error` is the Graph client's error; never, while the client was not loaded (nothing could throw one). */
export function isGraphClientError(error: unknown): error is GraphError {
  return loaded !== undefined && error instanceof loaded.GraphError;
}
