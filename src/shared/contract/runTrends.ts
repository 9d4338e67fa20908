import { z } from 'zod';
import { jobIdSchema, runStatusSchema } from './jobs';

/** One finished run, reduced to what the overview's charts draw. */
export const runPointSchema = z.object({
  runId: z.string(),
  startedAt: z.iso.datetime(),
  status: runStatusSchema,
  durationMs: z.number().int().nonnegative(),
  /** Items created, updated or deleted in Outlook from the console's records, all users together. */
  toOutlook: z.number().int().nonnegative(),
  /** Items created, updated or deleted in the console's records from Outlook. */
  fromOutlook: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Time spent waiting because Outlook asked to (429 / 503 Retry-After), from the run's own log. */
  throttleWaitMs: z.number().int().nonnegative(),
});
export type RunPoint = z.infer<typeof runPointSchema>;

/** The same, added up per day in the administrator's time zone. */
export const runDaySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  runs: z.number().int().nonnegative(),
  failedRuns: z.number().int().nonnegative(),
  averageDurationMs: z.number().int().nonnegative().nullable(),
  toOutlook: z.number().int().nonnegative(),
  fromOutlook: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  throttleWaitMs: z.number().int().nonnegative(),
});
export type RunDay = z.infer<typeof runDaySchema>;

export const runTrendsQuerySchema = z.strictObject({
  jobId: jobIdSchema,
  days: z.number().int().min(1, 'Show at least 1 day.').max(90, 'Show at most 90 days.').default(7),
});

/** At most this many runs come back as points (the newest): a 10-minute schedule makes ~1,000 a week. */
export const maxRunPoints = 1500;

export const runTrendsChannels = {
  /** Finished runs of the last days, aggregated on the main side from the job history. */
  'jobs.trends': {
    input: runTrendsQuerySchema,
    output: z.object({
      jobId: z.string(),
      timeZone: z.string(),
      since: z.iso.datetime(),
      points: z.array(runPointSchema),
      /** Runs that happened in the window but are not among the points (more than maxRunPoints). */
      pointsLeftOut: z.number().int().nonnegative(),
      days: z.array(runDaySchema),
    }),
  },
} as const;
