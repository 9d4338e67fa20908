import type { EmulatorClock } from '../clock.ts';
import type { EmulatorRequest } from '../http.ts';
import type { Directory, Mailbox, User } from '../store.ts';
import type { DeltaStates } from './deltaState.ts';

export type GraphContext = {
  directory: Directory;
  clock: EmulatorClock;
  delta: DeltaStates;
  /** https://localhost:PORT/ — where @odata.context and links point (Graph's "https://graph.microsoft.com/"). */
  graphBase: () => string;
};

/** One authorised Graph call: who is calling and whose mailbox the path names. */
export type GraphCall = {
  req: EmulatorRequest;
  user: User;
  mailbox: Mailbox;
  /** Path after /v1.0/me or /v1.0/users/{id}, e.g. "/events/AAMk…". */
  rest: string;
  /** "me" or "users/{id}" as written, for building links. */
  owner: string;
  scopes: Set<string>;
  clientId: string;
};

export function metadataUrl(ctx: GraphContext, fragment: string): string {
  return `${ctx.graphBase()}v1.0/$metadata#${fragment}`;
}

export function preferences(req: EmulatorRequest): { maxPageSize: number | null; timeZone: string | null; applied: string[] } {
  const raw = [req.headers.prefer].flat().filter(Boolean).join(',');
  let maxPageSize: number | null = null;
  let timeZone: string | null = null;
  const applied: string[] = [];
  for (const part of raw.split(',').map((p) => p.trim())) {
    const size = /^odata\.maxpagesize\s*=\s*(\d+)$/i.exec(part);
    if (size) {
      maxPageSize = Number(size[1]);
      applied.push(`odata.maxpagesize=${maxPageSize}`);
    }
    const zone = /^outlook\.timezone\s*=\s*"?([^"]+)"?$/i.exec(part);
    if (zone) {
      timeZone = zone[1];
      applied.push(`outlook.timezone="${timeZone}"`);
    }
  }
  return { maxPageSize, timeZone, applied };
}
