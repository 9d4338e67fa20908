import type { EventEnvelope } from '../contract/eventBus';

export type ReplayLimits = { maxEvents: number; maxBytes: number };

type Buffered = { seq: number; frame: string };

/**
 * The recent events as server-sent-event frames, each with an id (`<instance>-<seq>`), so a
 * client whose stream broke asks for what it missed with `Last-Event-ID`. Bounded in count and
 * bytes: a client away for longer gets `complete: false` and reads the current state instead.
 * The instance part tells a restarted console's ids from the previous one's.
 */
export class EventReplayBuffer {
  private readonly frames: Buffered[] = [];
  private bytes = 0;
  private seq = 0;
  private dropped = false;

  constructor(
    readonly instance: string,
    private readonly limits: ReplayLimits,
  ) {}

  /** The id of the newest event ("<instance>-0" before the first). */
  lastId(): string {
    return `${this.instance}-${this.seq}`;
  }

  append(envelope: EventEnvelope): string {
    this.seq += 1;
    const frame = eventFrame(envelope, this.lastId());
    this.frames.push({ seq: this.seq, frame });
    this.bytes += frame.length;
    while (this.frames.length > this.limits.maxEvents || (this.bytes > this.limits.maxBytes && this.frames.length > 1)) {
      this.bytes -= this.frames.shift()!.frame.length;
      this.dropped = true;
    }
    return frame;
  }

  /** The frames after `lastEventId`; `complete` is false when some the client missed are no longer here. */
  since(lastEventId: string): { frames: string[]; complete: boolean } {
    const match = /^([\w]+)-(\d+)$/.exec(lastEventId.trim());
    if (match && match[1] === this.instance) {
      const seen = Number(match[2]);
      if (seen > this.seq) return { frames: [], complete: false };
      const oldest = this.frames[0]?.seq ?? this.seq + 1;
      if (seen + 1 < oldest) return { frames: this.frames.map((each) => each.frame), complete: false };
      return { frames: this.frames.filter((each) => each.seq > seen).map((each) => each.frame), complete: true };
    }
    // An id from before a restart (or none this console knows): everything since this start, if still here.
    return { frames: this.frames.map((each) => each.frame), complete: !this.dropped };
  }
}

export function eventFrame(envelope: EventEnvelope, id?: string): string {
  return `${id ? `id: ${id}\n` : ''}event: ${envelope.event}\ndata: ${JSON.stringify(envelope.payload)}\n\n`;
}
