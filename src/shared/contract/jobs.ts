import { z } from 'zod';
import { logEntrySchema } from './logs';

export const runTriggerSchema = z.enum(['schedule', 'manual', 'catchUp']);
export type RunTrigger = z.infer<typeof runTriggerSchema>;

/** `running` only while a run is in progress; every finished run has one of the other five. */
export const runStatusSchema = z.enum(['running', 'success', 'partial', 'failed', 'skipped', 'interrupted']);
export type RunStatus = z.infer<typeof runStatusSchema>;
export type FinishedRunStatus = Exclude<RunStatus, 'running'>;

export const jobIdSchema = z.string().min(1).max(100);

export const cronExpressionSchema = z
  .string()
  .trim()
  .min(1, 'Enter a schedule: five fields, minute hour day-of-month month day-of-week (e.g. */10 * * * *).')
  .max(200, 'The schedule is too long.');

export const runSummarySchema = z.object({
  id: z.string(),
  jobId: z.string(),
  trigger: runTriggerSchema,
  status: runStatusSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  /** What happened, in plain words. */
  summary: z.string(),
  usersDone: z.number().int().nonnegative(),
  usersTotal: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const itemCountsSchema = z.object({
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
});
export type ItemCounts = z.infer<typeof itemCountsSchema>;

export const runErrorSchema = z.object({
  /** What failed, as the system reported it (never a secret: it passed the redactor). */
  message: z.string(),
  /** What it means and what to do, in plain words. */
  explanation: z.string(),
});
export type RunError = z.infer<typeof runErrorSchema>;

export const userResultSchema = z.object({
  userId: z.string(),
  userName: z.string(),
  /** `skipped`: the user has the access but nothing could run for them (no connected account); `errors` says why. */
  status: z.enum(['success', 'partial', 'failed', 'skipped']),
  /** Changes made in Outlook from the console's records. */
  toOutlook: itemCountsSchema,
  /** Changes made in the console's records from Outlook. */
  fromOutlook: itemCountsSchema,
  errors: z.array(runErrorSchema),
  /** What happened that is worth knowing but is no error: a lost answer settled, duplicates avoided. */
  notes: z.array(z.string()).default([]),
  /** Outlook asked this mailbox to wait longer than the console waits: when it can be tried again. */
  retryAt: z.iso.datetime().nullable().default(null),
});
export type UserResult = z.infer<typeof userResultSchema>;

export const runDetailSchema = runSummarySchema.extend({
  users: z.array(userResultSchema),
  logLines: z.array(logEntrySchema),
  /** Lines written beyond what one run keeps. */
  logLinesDropped: z.number().int().nonnegative(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const jobSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /**
   * Runs only when a page starts it with what to do (the Contacts page's Push to Outlook): it has
   * no schedule (`cron` and `defaultCron` are empty, `nextRunAt` null) and nothing to pause.
   */
  onDemand: z.boolean(),
  cron: z.string(),
  defaultCron: z.string(),
  active: z.boolean(),
  /** IANA zone the schedule is read in: the administrator's. */
  timeZone: z.string(),
  nextRunAt: z.iso.datetime().nullable(),
  nextRuns: z.array(z.iso.datetime()),
  running: runSummarySchema.nullable(),
  lastRun: runSummarySchema.nullable(),
});
export type JobSummary = z.infer<typeof jobSummarySchema>;

export const historyRetentionSchema = z.object({
  days: z.number().int().min(1, 'Keep the history for at least 1 day.').max(3650, 'Keep the history for at most 3650 days.'),
  maxRuns: z.number().int().min(100, 'Keep at least 100 runs.').max(1_000_000, 'Keep at most 1,000,000 runs.'),
});
export type HistoryRetention = z.infer<typeof historyRetentionSchema>;
export const defaultHistoryRetention: HistoryRetention = { days: 30, maxRuns: 5000 };

/**
 * Limits of the sync's runs. `maxWaitMinutes`: the longest wait Outlook may ask for (Retry-After);
 * a longer one ends that mailbox's part of the run, the other users go on, and the history says
 * when the mailbox can be tried again.
 */
export const syncLimitsSchema = z.object({
  maxWaitMinutes: z
    .number()
    .int('Enter a whole number of minutes.')
    .min(1, 'Wait at least 1 minute.')
    .max(60, 'Wait at most 60 minutes: a longer wait holds up every user after this one.'),
  /**
   * How many mailboxes a run syncs at once, and so how many Graph requests may be in flight across
   * all of them. Outlook's limits are per mailbox (4 at once), so mailboxes can go side by side.
   */
  mailboxPool: z
    .number()
    .int('Enter a whole number of mailboxes.')
    .min(1, 'Sync at least 1 mailbox at a time.')
    .max(256, 'Sync at most 256 mailboxes at a time: more only adds memory and open connections.'),
});
export type SyncLimits = z.infer<typeof syncLimitsSchema>;
/** The pool's default: chosen with `npm run bench` (docs/benchmarks.md, incremental_10k_s). */
export const defaultMailboxPool = 32;
export const defaultSyncLimits: SyncLimits = { maxWaitMinutes: 5, mailboxPool: defaultMailboxPool };

export const historySortSchema = z.enum(['startedAt', 'durationMs', 'status', 'trigger', 'errorCount']);
export type HistorySort = z.infer<typeof historySortSchema>;

export const historyQuerySchema = z.strictObject({
  jobId: jobIdSchema,
  statuses: z.array(runStatusSchema).max(6).optional(),
  sort: historySortSchema.default('startedAt'),
  descending: z.boolean().default(true),
  page: z.number().int().min(0).default(0),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type HistoryQuery = z.input<typeof historyQuerySchema>;

export const jobsChannels = {
  'jobs.list': {
    input: z.void(),
    output: z.object({
      jobs: z.array(jobSummarySchema),
      timeZone: z.string(),
      retention: historyRetentionSchema,
      syncLimits: syncLimitsSchema,
    }),
  },
  /** The next five runs of a schedule, to preview it before saving; a bad one fails naming its field. */
  'jobs.preview': {
    input: z.strictObject({ cron: cronExpressionSchema }),
    output: z.object({ nextRuns: z.array(z.iso.datetime()), timeZone: z.string(), description: z.string() }),
  },
  'jobs.update': {
    input: z.strictObject({ jobId: jobIdSchema, cron: cronExpressionSchema.optional(), active: z.boolean().optional() }),
    output: jobSummarySchema,
  },
  /** Starts a run at once; while one runs, the request is recorded as a skipped run. */
  'jobs.runNow': { input: z.strictObject({ jobId: jobIdSchema }), output: z.object({ run: runSummarySchema }) },
  'jobs.history': {
    input: historyQuerySchema,
    output: z.object({ runs: z.array(runSummarySchema), total: z.number().int().nonnegative() }),
  },
  'jobs.runDetail': { input: z.strictObject({ runId: z.string().min(1) }), output: runDetailSchema },
  'jobs.setRetention': { input: historyRetentionSchema.partial().strict(), output: historyRetentionSchema },
  'jobs.setSyncLimits': { input: syncLimitsSchema.partial().strict(), output: syncLimitsSchema },
} as const;

export const jobsEvents = {
  /** A job's schedule, state or last run changed. */
  'jobs.changed': jobSummarySchema,
  /** A run started, progressed or finished. */
  'jobs.runChanged': runSummarySchema,
} as const;
