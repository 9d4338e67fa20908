import { z } from 'zod';

/** The guide's levels, DEBUG the most detailed. */
export const logLevelSchema = z.enum(['debug', 'info', 'notice', 'warning', 'error']);
export type LogLevel = z.infer<typeof logLevelSchema>;
export const logLevelRank: Record<LogLevel, number> = { debug: 20, info: 30, notice: 35, warning: 40, error: 50 };

export const logEntrySchema = z.object({
  /** Increases by one per entry for the life of the process: orders entries and spots gaps. */
  seq: z.number().int().nonnegative(),
  time: z.iso.datetime({ offset: true }),
  level: logLevelSchema,
  /** The feature that wrote it: `core`, `settings`, `jobs`, `renderer`, … */
  source: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()),
  /** Set on every entry written during a job run, to jump between the job history and the log. */
  runId: z.string().nullable(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const loggingSettingsSchema = z.object({
  level: logLevelSchema,
  retentionDays: z.number().int().min(1, 'Keep logs for at least 1 day.').max(3650, 'Keep logs for at most 3650 days.'),
});
export type LoggingSettings = z.infer<typeof loggingSettingsSchema>;

export const logStatusSchema = loggingSettingsSchema.extend({ directory: z.string() });

const daySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the day as YYYY-MM-DD.');

/** How a file the console made reached the administrator. */
export const fileDeliverySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('saved'), path: z.string() }),
  z.object({ kind: z.literal('download'), url: z.string() }),
  z.object({ kind: z.literal('cancelled') }),
]);
export type FileDelivery = z.infer<typeof fileDeliverySchema>;

export const logChannels = {
  'log.recent': {
    input: z.strictObject({ limit: z.number().int().min(1).max(100_000).optional() }).optional(),
    output: z.object({ entries: z.array(logEntrySchema) }),
  },
  'log.status': { input: z.void(), output: logStatusSchema },
  /** Days that have a log file, oldest first, and one day's entries read back from its file. */
  'log.days': { input: z.void(), output: z.object({ days: z.array(z.string()) }) },
  'log.readDay': {
    input: z.strictObject({ day: daySchema }),
    output: z.object({ entries: z.array(logEntrySchema) }),
  },
  'log.configure': { input: loggingSettingsSchema.partial().strict(), output: logStatusSchema },
  'log.exportBundle': {
    input: z
      .strictObject({ from: daySchema, to: daySchema })
      .refine((period) => period.from <= period.to, { message: 'The first day must not be after the last day.', path: ['from'] }),
    output: z.object({ fileName: z.string(), bytes: z.number().int(), delivery: fileDeliverySchema }),
  },
  /** Renderer errors reach the same log as everything else. */
  'log.report': {
    input: z.strictObject({
      level: z.enum(['warning', 'error']),
      message: z.string().min(1).max(4000),
      stack: z.string().max(20_000).optional(),
    }),
    output: z.object({ recorded: z.boolean() }),
  },
} as const;

export const logEvents = {
  /**
   * New entries for the live view, oldest first, gathered for up to 50 ms (at most 500): a busy
   * log writes thousands a second, and one message each cost the page more than the entries did.
   */
  'log.entries': z.object({ entries: z.array(logEntrySchema).min(1) }),
} as const;
