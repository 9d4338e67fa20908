import type { EventName, EventPayload } from './index';

/** One event as it travels: its name and its payload, typed together. */
export type EventEnvelope = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];
