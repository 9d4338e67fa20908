import { z } from 'zod';
import { defaultIntegrationSettings, integrationConfigFields, integrationSettingsSchema } from './integrationSettings';

export const themePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof themePreferenceSchema>;

/** Non-secret settings. Secrets never live here: they go through the credential vault. */
export const appearanceSettingsSchema = z.object({
  theme: themePreferenceSchema,
});

export const consoleSettingsSchema = z.object({
  appearance: appearanceSettingsSchema,
  integration: integrationSettingsSchema,
});
export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;
export type SettingsSection = keyof ConsoleSettings;

export const defaultConsoleSettings: ConsoleSettings = {
  appearance: { theme: 'system' },
  integration: defaultIntegrationSettings,
};

/**
 * A partial update: only the sections and fields given change; unknown keys are refused. The
 * integration's recorded facts (secret metadata, consent result) are not patchable: only the
 * services that observe them write them.
 */
export const consoleSettingsPatchSchema = z.strictObject({
  appearance: appearanceSettingsSchema.partial().strict().optional(),
  integration: integrationConfigFields.partial().optional(),
});
export type ConsoleSettingsPatch = z.infer<typeof consoleSettingsPatchSchema>;

export const settingsChannels = {
  'settings.get': { input: z.void(), output: consoleSettingsSchema },
  'settings.update': { input: consoleSettingsPatchSchema, output: consoleSettingsSchema },
} as const;

export const settingsEvents = {
  'settings.changed': consoleSettingsSchema,
} as const;
