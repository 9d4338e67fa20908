import { z } from 'zod';

export const checkStatusSchema = z.enum(['pass', 'warn', 'fail', 'skipped']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  status: checkStatusSchema,
  /** What was found, in plain words. */
  summary: z.string(),
  /** What to do about it, when there is something to do. */
  fix: z.string().nullable(),
  checkedAt: z.iso.datetime(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const checkDescriptionSchema = z.object({ id: z.string(), title: z.string(), category: z.string() });

export const diagnosticsReportSchema = z.object({
  checks: z.array(checkDescriptionSchema),
  /** The latest result of each check that has run, in check order. */
  results: z.array(checkResultSchema),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;

export const explainedErrorSchema = z.object({
  /** Whether the console knows this error; otherwise the fix says where Microsoft explains it. */
  recognised: z.boolean(),
  /** e.g. `AADSTS50011`, `429 MailboxConcurrency`, `unknown`. */
  code: z.string(),
  explanation: z.string(),
  fix: z.string(),
});
export type ExplainedError = z.infer<typeof explainedErrorSchema>;

export const diagnosticsChannels = {
  'diagnostics.get': { input: z.void(), output: diagnosticsReportSchema },
  'diagnostics.run': {
    input: z.strictObject({ ids: z.array(z.string()).min(1).optional() }).optional(),
    output: diagnosticsReportSchema,
  },
  'diagnostics.explainError': {
    input: z.strictObject({
      text: z
        .string()
        .trim()
        .min(1, 'Paste the error Microsoft showed, for example the line that starts with AADSTS.')
        .max(10_000, 'That is longer than an error message: paste only the error line or code.'),
    }),
    output: explainedErrorSchema,
  },
} as const;
