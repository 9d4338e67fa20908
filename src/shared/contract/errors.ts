import { z } from 'zod';

/** Why a call failed, as the renderer sees it. Never carries a stack trace or a secret. */
export const contractErrorCodeSchema = z.enum(['VALIDATION', 'UNKNOWN_CHANNEL', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'INTERNAL']);
export type ContractErrorCode = z.infer<typeof contractErrorCodeSchema>;

export const fieldIssueSchema = z.object({
  /** Dotted path of the offending field, e.g. `theme` or `users.2.email`; empty for the whole payload. */
  field: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const contractErrorSchema = z.object({
  code: contractErrorCodeSchema,
  message: z.string(),
  issues: z.array(fieldIssueSchema).default([]),
});
export type ContractErrorPayload = z.infer<typeof contractErrorSchema>;

/** The envelope every transport (IPC or HTTP) returns for a call. */
export const callResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: contractErrorSchema }),
]);
export type CallResult<T = unknown> = { ok: true; result: T } | { ok: false; error: ContractErrorPayload };

/** Thrown by the renderer's client and by services that want a typed failure to reach the renderer. */
export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: ContractErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'ContractError';
    this.code = code;
    this.issues = issues;
  }

  toPayload(): ContractErrorPayload {
    return { code: this.code, message: this.message, issues: this.issues };
  }
}

export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** A message an administrator can act on: names each bad field and what is wrong with it. */
export function describeIssues(issues: FieldIssue[]): string {
  if (issues.length === 0) return 'The request was not valid.';
  return issues.map((issue) => (issue.field ? `${issue.field}: ${issue.message}` : issue.message)).join('; ');
}
