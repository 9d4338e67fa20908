import { explainMicrosoftError } from '../auth/microsoftErrors';
import { explainGraphFailure, GraphCallError } from '../graph/graphErrors';
import type { ExplainedError } from '../../shared/contract';

/**
 * Explains an error an administrator pastes: what Microsoft's own sign-in page showed (for
 * AADSTS50011, 700016, 50020 or 65001 it never sends the browser back, so the console only sees a
 * timeout), or a line from a log. The same explanations as everywhere else in the console.
 */
export function explainPastedError(text: string): ExplainedError {
  if (/\bMailboxConcurrency\b/i.test(text)) {
    return {
      recognised: true,
      code: '429 MailboxConcurrency',
      explanation: explainGraphFailure(new GraphCallError(429, 'ApplicationThrottled', text, 'MailboxConcurrency')),
      fix: 'Usually nothing: the next sync tries again. If it keeps happening, look for another program that uses the same app registration against this mailbox.',
    };
  }
  if (/\bsyncStateNotFound\b/i.test(text)) {
    return {
      recognised: true,
      code: '410 syncStateNotFound',
      explanation: explainGraphFailure(new GraphCallError(410, 'syncStateNotFound', text)),
      fix: 'Nothing: the console runs a full resync of that calendar by itself on the next run, without creating duplicates.',
    };
  }
  const problem = explainMicrosoftError(text);
  if (problem.code !== 'unknown') return { recognised: true, code: problem.code, explanation: problem.explanation, fix: problem.fix };
  const number = /AADSTS(\d+)/i.exec(text)?.[1];
  if (number) {
    return {
      recognised: false,
      code: `AADSTS${number}`,
      explanation: `AADSTS${number} is not one of the errors the console knows how to explain.`,
      fix: `Microsoft describes every sign-in error code at https://login.microsoftonline.com/error?code=${number}. Run Diagnostics as well: it checks the settings most of these errors come from.`,
    };
  }
  return {
    recognised: false,
    code: 'unknown',
    explanation: 'The console does not recognise this error.',
    fix: 'Paste the line that starts with AADSTS from Microsoft’s page (or the error code from the log), and run Diagnostics: it checks the settings most errors come from.',
  };
}
