/**
 * The two Electron IPC channels that carry the whole contract. Kept free of imports so the
 * sandboxed preload bundles nothing but these names.
 */
export const ipcInvokeChannel = 'console:invoke';
export const ipcEventChannel = 'console:event';
