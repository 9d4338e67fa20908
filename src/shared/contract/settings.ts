import { z } from 'zod';
import { defaultHistoryRetention, defaultSyncLimits, historyRetentionSchema, syncLimitsSchema } from './jobs';
import { loggingSettingsSchema } from './logs';
import { isTimeZone } from './timeZone';
import { defaultIntegrationSettings, integrationSettingsSchema } from './integrationSettings';

export const themePreferenceSchema = z.enum(['system', 'light', 'dark']);
export type ThemePreference = z.infer<typeof themePreferenceSchema>;

/** Non-secret settings. Secrets never live here: they go through the credential vault. */
export const appearanceSettingsSchema = z.object({
  theme: themePreferenceSchema,
});

/** The desktop app's tray: headless mode ignores this section. */
export const desktopSettingsSchema = z.object({
  /** Start with the operating system, hidden in the tray. */
  startAtLogin: z.boolean(),
  /** The one-time "still running in the tray" notice was shown. */
  trayNoticeShown: z.boolean(),
});

/**
 * The one zone every date and time is shown in, and the schedule runs in. Null: the zone of the
 * machine the console runs on (the app's `timeZone` in `app.info`), not the browser's.
 */
export const timeZoneSettingsSchema = z.object({
  zone: z
    .string()
    .trim()
    .max(100)
    .refine(isTimeZone, { message: 'Choose a time zone such as Europe/Berlin, America/New_York or UTC.' })
    .nullable(),
});

export const consoleSettingsSchema = z.object({
  appearance: appearanceSettingsSchema,
  logging: loggingSettingsSchema,
  integration: integrationSettingsSchema,
  jobHistory: historyRetentionSchema,
  syncLimits: syncLimitsSchema,
  desktop: desktopSettingsSchema,
  timeZone: timeZoneSettingsSchema,
});
export type ConsoleSettings = z.infer<typeof consoleSettingsSchema>;
export type SettingsSection = keyof ConsoleSettings;

export const defaultConsoleSettings: ConsoleSettings = {
  appearance: { theme: 'system' },
  logging: { level: 'info', retentionDays: 30 },
  integration: defaultIntegrationSettings,
  jobHistory: defaultHistoryRetention,
  syncLimits: defaultSyncLimits,
  desktop: { startAtLogin: false, trayNoticeShown: false },
  timeZone: { zone: null },
};

/**
 * A partial update: only the sections and fields given change; unknown keys are refused. The
 * integration section is not patchable here: it changes only through `integration.save` and the
 * import, whose checks (no enabling without a secret, a readable CA certificate) a patch would skip.
 */
export const consoleSettingsPatchSchema = z.strictObject({
  appearance: appearanceSettingsSchema.partial().strict().optional(),
  logging: loggingSettingsSchema.partial().strict().optional(),
  jobHistory: historyRetentionSchema.partial().strict().optional(),
  syncLimits: syncLimitsSchema.partial().strict().optional(),
  desktop: desktopSettingsSchema.partial().strict().optional(),
  timeZone: timeZoneSettingsSchema.partial().strict().optional(),
});
export type ConsoleSettingsPatch = z.infer<typeof consoleSettingsPatchSchema>;

export const settingsChannels = {
  'settings.get': { input: z.void(), output: consoleSettingsSchema },
  'settings.update': { input: consoleSettingsPatchSchema, output: consoleSettingsSchema },
} as const;

export const settingsEvents = {
  'settings.changed': consoleSettingsSchema,
} as const;
