/** What starting the app at login means on every platform (its own module: loginItem.ts and xdgAutostart.ts both use it). */
export type LoginCommand = { executable: string; args: readonly string[] };

export type LoginItem = {
  /** Whether the OS will start the app at the next login, as the OS says. */
  isEnabled(): boolean;
  setEnabled(enabled: boolean): void;
  /** Points an existing entry at this copy of the app (an AppImage moved, say); where the OS keeps a command. */
  refresh?(): void;
};
