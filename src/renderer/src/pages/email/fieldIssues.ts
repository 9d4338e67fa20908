import { ContractError } from '../../../../shared/contract';

/** Each refused field's message by its path without the given prefix (`fields.`, ``), and the whole message. */
export function issuesByField(error: unknown, prefix = ''): { fields: Record<string, string>; message: string } {
  if (!(error instanceof ContractError)) return { fields: {}, message: (error as Error).message };
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.field.startsWith(prefix) ? issue.field.slice(prefix.length).split('.')[0] : issue.field;
    fields[key] ??= issue.message;
  }
  return { fields, message: error.message };
}
