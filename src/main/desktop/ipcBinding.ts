// Runs in the Electron main process, but takes ipcMain as an argument so it is tested without Electron.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { ContractError, ipcEventChannel, ipcInvokeChannel, type CallResult } from '../../shared/contract';
import type { EventBus } from '../contract/eventBus';
import type { HandlerRegistry } from '../contract/handlerRegistry';

export type TrustedSenderCheck = (frameUrl: string) => boolean;

/**
 * Binds the contract to Electron IPC: one invoke channel carrying `{ channel, input }`, so the
 * registry stays the only place that knows channel names. A call from any frame whose URL is not
 * the console's own page is refused before its payload is looked at.
 */
export function bindRegistryToIpc(options: {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  registry: HandlerRegistry;
  isTrustedSender: TrustedSenderCheck;
}): () => void {
  const { ipcMain, registry, isTrustedSender } = options;
  ipcMain.handle(ipcInvokeChannel, async (event: IpcMainInvokeEvent, message: unknown): Promise<CallResult> => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isTrustedSender(frameUrl)) {
      return { ok: false, error: new ContractError('FORBIDDEN', 'Calls are accepted only from the console window.').toPayload() };
    }
    if (typeof message !== 'object' || message === null || !('channel' in message)) {
      return {
        ok: false,
        error: new ContractError('VALIDATION', 'A call needs a channel.', [{ field: 'channel', message: 'Required' }]).toPayload(),
      };
    }
    const { channel, input } = message as { channel: unknown; input?: unknown };
    return registry.invoke(channel, input, { transport: 'ipc' });
  });
  return () => ipcMain.removeHandler(ipcInvokeChannel);
}

/** Forwards every contract event to a window for as long as it lives. */
export function forwardEventsToWebContents(bus: EventBus, webContents: Pick<WebContents, 'send' | 'isDestroyed' | 'once'>): () => void {
  const unsubscribe = bus.subscribe((envelope) => {
    if (!webContents.isDestroyed()) webContents.send(ipcEventChannel, envelope);
  });
  webContents.once('destroyed', unsubscribe);
  return unsubscribe;
}

/** The console's own page: the built file in production, the dev server in development. */
export function createTrustedSenderCheck(rendererUrl: string): TrustedSenderCheck {
  const trusted = new URL(rendererUrl);
  return (frameUrl) => {
    let url: URL;
    try {
      url = new URL(frameUrl);
    } catch {
      return false;
    }
    if (url.protocol !== trusted.protocol) return false;
    if (trusted.protocol === 'file:') return url.pathname === trusted.pathname;
    // Compared by scheme and host, not URL.origin: for app:// (not a WHATWG "special" scheme)
    // origin is the opaque "null", which every other app:// URL shares.
    return url.host === trusted.host;
  };
}
