import { z } from 'zod';

export const runtimeModeSchema = z.enum(['desktop', 'headless']);

export const startupNoticeSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  /** The file the notice is about, so the administrator can find it. */
  path: z.string().optional(),
});
export type StartupNotice = z.infer<typeof startupNoticeSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: runtimeModeSchema,
  dataDir: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().nullable(), chrome: z.string().nullable() }),
  platform: z.string(),
  /** Set when the console runs against something other than a real tenant (`npm run demo`). */
  label: z.string().nullable(),
  notices: z.array(startupNoticeSchema),
  /** This machine's name, for the SSH command that reaches a headless console from elsewhere. */
  hostName: z.string(),
  /** The zone of the machine the console runs on: the default of the time-zone setting. */
  timeZone: z.string(),
  /** When this console process started: a notice dismissed until the console restarts is keyed by it. */
  startedAt: z.iso.datetime(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appChannels = {
  'app.info': { input: z.void(), output: appInfoSchema },
} as const;
