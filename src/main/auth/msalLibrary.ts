/**
 * MSAL, loaded the first time an account or the app itself needs a token rather than when the
 * console starts: it is one of the largest libraries the main process uses, and a console with no
 * integration configured (or started only to serve the UI) never needs it.
 */
export type MsalLibrary = typeof import('@azure/msal-node');

let loading: Promise<MsalLibrary> | undefined;

export function loadMsal(): Promise<MsalLibrary> {
  loading ??= import('@azure/msal-node');
  return loading;
}

/** MSAL's "the user must sign in again" error, told by its name so this check needs no MSAL loaded. */
export function isInteractionRequired(error: unknown): boolean {
  return error instanceof Error && error.name === 'InteractionRequiredAuthError';
}
