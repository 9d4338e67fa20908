// Sandboxed preload: exposes the typed contract client, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcEventChannel, ipcInvokeChannel } from '../shared/ipc';
import type { ConsoleBridge } from './api';

const consoleBridge: ConsoleBridge = {
  invoke: (channel, input) => ipcRenderer.invoke(ipcInvokeChannel, { channel, input }),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, envelope: Parameters<typeof listener>[0]) => listener(envelope);
    ipcRenderer.on(ipcEventChannel, forward);
    return () => {
      ipcRenderer.removeListener(ipcEventChannel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('consoleBridge', consoleBridge);
