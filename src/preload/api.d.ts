import type { CallResult, ChannelInput, ChannelName, ChannelOutput } from '../shared/contract';
import type { EventEnvelope } from '../shared/contract/eventEnvelope';

/** What the preload exposes on `window.consoleBridge`: the contract, typed, and nothing else. */
export type ConsoleBridge = {
  invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<CallResult<ChannelOutput<C>>>;
  subscribe(listener: (envelope: EventEnvelope) => void): () => void;
};

declare global {
  interface Window {
    consoleBridge?: ConsoleBridge;
  }
}
