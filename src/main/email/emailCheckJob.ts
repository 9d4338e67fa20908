import type { UserResult } from '../../shared/contract';
import type { JobDefinition, JobOutcome, JobRunContext } from '../jobs/jobRun';
import { describeCheck, type AccountCheckOutcome } from './accountCheck';
import type { StoredEmailAccount } from './emailAccountRepository';
import { problemText, type EmailProblem } from './emailProblems';

export const emailCheckJobId = 'checkEmailAccounts';
/** Every minute, as the original integration's email fetching. */
export const emailCheckDefaultCron = '* * * * *';

/** What the job needs from the email feature. */
export type EmailCheckSource = {
  /** The enabled accounts, or why none can be checked now (IMAP switched off …). */
  plan(): { accounts: StoredEmailAccount[]; nothingToCheck?: string };
  check(account: StoredEmailAccount, signal: AbortSignal): Promise<AccountCheckOutcome>;
  explain(error: unknown, account: StoredEmailAccount): EmailProblem;
  /** The account's last check, shown with it on the Email page. */
  record(account: StoredEmailAccount, status: 'success' | 'partial' | 'failed', message: string): void;
};

const none = () => ({ created: 0, updated: 0, deleted: 0 });

/** *Check email accounts*: each enabled account in turn, one IMAP connection each, in the job history like the calendar sync. */
export function createEmailCheckJob(source: EmailCheckSource): JobDefinition {
  return {
    id: emailCheckJobId,
    name: 'Check email accounts',
    description:
      'Fetches new mail over IMAP from every enabled personal and group email account, and links it to users, contacts, leads and companies by address.',
    defaultCron: emailCheckDefaultCron,
    run: (context) => checkAll(source, context),
  };
}

async function checkAll(source: EmailCheckSource, context: JobRunContext): Promise<JobOutcome> {
  const { accounts, nothingToCheck } = source.plan();
  context.setTotal(accounts.length);
  if (accounts.length === 0) {
    // Nothing was checked, so nothing succeeded: recorded as skipped, with the reason (as the calendar sync does).
    const summary = nothingToCheck ?? 'No email account is set up or enabled.';
    return { status: 'skipped', summary };
  }
  const results: UserResult[] = [];
  for (const account of accounts) {
    // Between accounts is the safe point; within one, each message is committed as it comes.
    if (context.signal.aborted)
      return {
        status: 'interrupted',
        summary: `Interrupted at shutdown after ${results.length} of ${accounts.length} accounts. ${totals(results)}`,
      };
    const { result } = await checkOne(source, account, context);
    results.push(result);
    await context.userFinished(result);
  }
  return { status: overall(results), summary: totals(results) };
}

/** *Check now* for one account: a run of the job with that account alone. */
export function checkAccountNow(source: EmailCheckSource, account: StoredEmailAccount): JobDefinition['run'] {
  return async (context) => {
    context.setTotal(1);
    context.log.info(`Check now for ${account.address}.`);
    const { result, summary } = await checkOne(source, account, context);
    await context.userFinished(result);
    return { status: overall([result]), summary: `Check now for ${account.address}: ${summary}` };
  };
}

/** One account's check as a result of the run, and what it did in words. */
async function checkOne(
  source: EmailCheckSource,
  account: StoredEmailAccount,
  context: JobRunContext,
): Promise<{ result: UserResult; summary: string }> {
  const log = context.log.child({ source: 'email' });
  const base = { userId: String(account.userId), userName: account.address, toOutlook: none(), notes: [], retryAt: null };
  try {
    const outcome = await source.check(account, context.signal);
    const errors = [
      ...outcome.folderProblems.map(({ folder, problem }) => ({
        message: `Folder ${folder} was not checked.`,
        explanation: problemText(problem),
      })),
      ...outcome.folders.flatMap((folder) =>
        folder.skipped.map((skipped) => ({
          message: `“${skipped.subject || '(no subject)'}” in ${folder.folder}`,
          explanation: `${skipped.reason} The other messages were fetched.`,
        })),
      ),
    ];
    const summary = describeCheck(outcome);
    const status = errors.length > 0 ? 'partial' : 'success';
    log[status === 'success' ? 'info' : 'warning'](`${account.address}: ${summary}`, {
      accountId: account.id,
      fetched: outcome.fetched,
      bytes: outcome.bytes,
    });
    source.record(account, status, summary);
    return { result: { ...base, status, fromOutlook: { created: outcome.fetched, updated: 0, deleted: 0 }, errors }, summary };
  } catch (error) {
    const problem = source.explain(error, account);
    log.error(`${account.address}: the check failed: ${problem.explanation}`, { accountId: account.id, fix: problem.fix, error });
    source.record(account, 'failed', problemText(problem));
    const text = problemText(problem);
    return {
      result: {
        ...base,
        status: 'failed',
        fromOutlook: none(),
        errors: [{ message: `${account.address} was not checked.`, explanation: text }],
      },
      summary: `not checked: ${text}`,
    };
  }
}

function overall(results: readonly UserResult[]): JobOutcome['status'] {
  if (results.every((result) => result.status === 'success')) return 'success';
  if (results.every((result) => result.status === 'failed')) return 'failed';
  return 'partial';
}

function totals(results: readonly UserResult[]): string {
  const fetched = results.reduce((sum, result) => sum + result.fromOutlook.created, 0);
  const failed = results.filter((result) => result.status === 'failed').length;
  const accounts = `${results.length} ${results.length === 1 ? 'account' : 'accounts'}`;
  return `${accounts} checked${failed > 0 ? `, ${failed} failed` : ''}; ${fetched} new ${fetched === 1 ? 'message' : 'messages'}.`;
}
