import { z } from 'zod';

/** A stored secret the console cannot decrypt with the key it has now, named for the administrator. */
export const unreadableSecretSchema = z.object({
  name: z.string(),
  /** What it is in words: "Client secret", "Outlook sign-in of Ann Lee". */
  label: z.string(),
});

/**
 * Whether the vault's secrets can be read with the key the console has now. `unreadable`: the
 * key that encrypted them is missing or another one (a lost or replaced secrets.key, a reset OS
 * keyring); nothing is re-encrypted or replaced until the administrator chooses a fix.
 */
export const vaultHealthSchema = z.object({
  state: z.enum(['readable', 'unreadable']),
  unreadable: z.array(unreadableSecretSchema),
  /** Why, in plain words; null when readable. */
  reason: z.string().nullable(),
  /** What to do: restore the key, or clear the unreadable entries and enter the secrets again. */
  fix: z.string().nullable(),
  /** The key file to restore (headless mode), null with the OS keyring. */
  keyFile: z.string().nullable(),
});
export type VaultHealth = z.infer<typeof vaultHealthSchema>;

export const vaultChannels = {
  'vault.health': { input: z.void(), output: vaultHealthSchema },
  /** Reads the key again (after the administrator restored secrets.key) and checks every entry. */
  'vault.recheck': { input: z.void(), output: vaultHealthSchema },
  /** Deletes the entries no key here can read; the page asks first. The secret and sign-ins must then be entered again. */
  'vault.clearUnreadable': {
    input: z.strictObject({ confirmed: z.literal(true, 'Confirm that the unreadable secrets may be deleted.') }),
    output: vaultHealthSchema,
  },
} as const;

export const vaultEvents = {
  'vault.changed': vaultHealthSchema,
} as const;
