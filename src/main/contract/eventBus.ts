import { events, type EventName, type EventPayload } from '../../shared/contract';

export type { EventEnvelope } from '../../shared/contract/eventEnvelope';
import type { EventEnvelope } from '../../shared/contract/eventEnvelope';
export type EventListener = (envelope: EventEnvelope) => void;

/**
 * Main-side events fan out to every transport (IPC windows, SSE clients). Payloads are parsed
 * against the contract before they leave, for the same reason call outputs are.
 */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const envelope = checkedEnvelope({ event, payload } as EventEnvelope);
    for (const listener of this.listeners) {
      try {
        listener(envelope);
      } catch {
        // One broken subscriber (a closed window, a dropped SSE socket) must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listenerCount(): number {
    return this.listeners.size;
  }
}

/** An event as it may leave main: its payload parsed against the contract. */
export function checkedEnvelope(envelope: EventEnvelope): EventEnvelope {
  return { event: envelope.event, payload: events[envelope.event].parse(envelope.payload) } as EventEnvelope;
}
