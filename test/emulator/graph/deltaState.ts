// Server-side sync state behind $skiptoken / $deltatoken links. Outlook keeps it for a limited
// time; a token it no longer knows (expired, or the service lost it) is answered with
// 410 Gone / syncStateNotFound and the client must start a full sync again.
import type { EmulatorClock } from '../clock.ts';
import { newOpaqueToken } from '../ids.ts';
import type { EventInstance } from './instances.ts';

/** How long a delta token stays usable. */
export const SYNC_STATE_LIFETIME_MS = 7 * 24 * 3600_000;

export type DeltaRound = {
  userId: string;
  calendarId: string;
  fromUtc: number;
  toUtc: number;
  /** What the client has seen so far: instance id → changeKey. */
  known: Map<string, string>;
  createdAt: number;
};

export type DeltaItem = { removed: false; instance: EventInstance } | { removed: true; id: string };

type PendingPages = { items: DeltaItem[]; offset: number; next: DeltaRound; createdAt: number };

export class DeltaStates {
  private readonly rounds = new Map<string, DeltaRound>();
  private readonly pages = new Map<string, PendingPages>();
  private readonly clock: EmulatorClock;

  constructor(clock: EmulatorClock) {
    this.clock = clock;
  }

  saveRound(round: DeltaRound): string {
    const token = newOpaqueToken(48);
    this.rounds.set(token, round);
    return token;
  }

  round(token: string): DeltaRound | undefined {
    const round = this.rounds.get(token);
    if (!round || this.clock.now() - round.createdAt > SYNC_STATE_LIFETIME_MS) return undefined;
    return round;
  }

  savePages(items: DeltaItem[], offset: number, next: DeltaRound): string {
    const token = newOpaqueToken(48);
    this.pages.set(token, { items, offset, next, createdAt: this.clock.now() });
    return token;
  }

  takePages(token: string): PendingPages | undefined {
    const pages = this.pages.get(token);
    this.pages.delete(token);
    if (!pages || this.clock.now() - pages.createdAt > SYNC_STATE_LIFETIME_MS) return undefined;
    return pages;
  }

  /** Forgets every sync state, as when Exchange drops them: the next delta call gets 410. */
  forgetAll(): void {
    this.rounds.clear();
    this.pages.clear();
  }
}
