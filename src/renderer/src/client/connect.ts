import { createContractClient, type ContractClient } from './contractClient';
import { httpTransport, ipcTransport, takeHeadlessToken } from './transports';

/** In the desktop app the preload provides the bridge; in a browser, headless mode's token does. */
export function connectToConsole(): ContractClient | { error: string } {
  if (window.consoleBridge) return createContractClient(ipcTransport(window.consoleBridge));
  const token = takeHeadlessToken(window.location, window.history, window.sessionStorage);
  if (!token) {
    return {
      error:
        'This page needs the console URL printed when headless mode started (it ends with #token=…). Open that URL; on the console’s machine `npm run headless -- --print-url` prints it again.',
    };
  }
  return createContractClient(httpTransport(token));
}
