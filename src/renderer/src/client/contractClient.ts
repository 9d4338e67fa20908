import {
  ContractError,
  type ChannelInput,
  type ChannelName,
  type ChannelOutput,
  type EventName,
  type EventPayload,
} from '../../../shared/contract';
import type { ConnectionMonitor } from './connectionMonitor';
import type { Transport } from './transports';

/** The renderer's typed client of the contract, whichever transport carries it. */
export type ContractClient = {
  call<C extends ChannelName>(channel: C, ...input: ChannelInput<C> extends void ? [] : [ChannelInput<C>]): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Saves a file the core offered for download through the browser's own download. */
  saveDownload(url: string, fileName: string): Promise<void>;
  /** Whether the console answers; absent in the desktop app, where it always does. */
  connection?: ConnectionMonitor;
};

export function createContractClient(transport: Transport): ContractClient {
  return {
    connection: transport.connection,
    async call(channel, ...input) {
      const result = await transport.invoke(channel, input[0]);
      if (!result.ok) throw new ContractError(result.error.code, result.error.message, result.error.issues);
      return result.result as never;
    },
    async saveDownload(url, fileName) {
      if (!transport.download) throw new Error('Downloads are only offered in a browser.');
      const blob = await transport.download(url);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    },
    on(event, listener) {
      return transport.subscribe((envelope) => {
        if (envelope.event === event) listener(envelope.payload as never);
      });
    },
  };
}
