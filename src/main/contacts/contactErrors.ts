import type { GraphJson } from '../graph/graphMailbox';
import { GraphCallError, accessDenied, explainApplicationRefusal, explainGraphFailure } from '../graph/graphErrors';

/**
 * The shared explanations speak of calendars for 403 and 404; a contacts push needs its own words
 * for those two, and keeps the shared ones for everything else (429, 5xx, reconnect, unreachable).
 */
export function explainContactFailure(error: unknown, userName: string): string {
  if (error instanceof GraphCallError && error.status === 404) {
    return `The contact folder chosen for ${userName} no longer exists in Outlook (404). Choose another folder, or the default Contacts folder, in ${userName}'s contacts settings, then push again.`;
  }
  // Exchange's policy and a token without application permissions read the same in every area.
  const applicationRefusal = error instanceof GraphCallError ? explainApplicationRefusal(error) : null;
  if (applicationRefusal) return applicationRefusal;
  if (error instanceof GraphCallError && error.status === 403) return accessDenied(`${userName}'s contacts`, 'Contacts.ReadWrite');
  return explainGraphFailure(error);
}

/** One contact's answer inside a `$batch` that was not a success, in words. */
export function explainContactItemFailure(status: number, body: GraphJson | undefined, userName: string): string {
  if (status === 0) return 'Outlook gave no answer for this contact; push it again.';
  const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
  const message = typeof body?.error?.message === 'string' ? body.error.message : `Outlook answered ${status}.`;
  if (status === 400) return `Outlook refused the contact (${code ?? 'BadRequest'}: ${message}). Correct the record and push it again.`;
  return explainContactFailure(new GraphCallError(status, code, message), userName);
}
