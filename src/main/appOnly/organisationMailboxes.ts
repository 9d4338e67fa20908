/**
 * Organisation-wide mode's mailboxes: each workspace user is matched to the Exchange Online mailbox
 * of their email address (`/users/{userPrincipalName}`), reached with the app's own token. It is the
 * `GraphAccessProvider` the calendar sync and the contacts push use in this mode, so they run the
 * very engine of the per-user mode (limits, idempotency, access control) on `/users/{upn}/…` paths.
 */
import type { GraphAccess } from '../graph/graphAccess';
import type { AccessService } from '../access/accessService';
import type { AppTokenProvider } from './applicationTokens';

export type MailboxState = 'found' | 'notFound' | 'outsideScope' | 'noMailbox' | 'failed';

export type MailboxCheck = { state: MailboxState; explanation: string; fix: string | null; checkedAt: string };

export const outsideScopeExplanation =
  'Exchange Online keeps the app out of this mailbox (403 “Access to OData is disabled … AppOnly AccessPolicy”): it is outside the mail-enabled security group the application access policy or RBAC for Applications scope allows.';
export const outsideScopeFix =
  'Add the user to the security group named in the policy (see the organisation-wide set-up on the Integration page), or remove the user from this role if they should not sync. Exchange may take up to an hour to apply the change.';

export type OrganisationMailboxesOptions = {
  access: Pick<AccessService, 'getUser'>;
  tokens: AppTokenProvider;
  now: () => Date;
};

export class OrganisationMailboxes {
  private readonly checks = new Map<number, MailboxCheck>();

  constructor(private readonly options: OrganisationMailboxesOptions) {}

  /** The mailbox of the user's email address; undefined for a user without one. */
  async graphAccess(userId: number): Promise<GraphAccess | undefined> {
    const user = this.options.access.getUser(userId);
    if (!user.email) return undefined;
    const { tokens } = this.options;
    return {
      account: { userPrincipalName: user.email, displayName: user.name },
      baseUrl: tokens.graphBaseUrl(),
      fetch: tokens.fetch(),
      accessToken: (options) => tokens.accessToken(options),
      mailboxPath: `/users/${encodeURIComponent(user.email)}`,
    };
  }

  /** The last check of the user's mailbox, if any was made since the console started. */
  lastCheck(userId: number): MailboxCheck | null {
    return this.checks.get(userId) ?? null;
  }

  /**
   * Looks the user up in the directory, then opens their calendar folder: found; not found (no such
   * user); no mailbox (no Exchange Online licence); outside the app's scope (Exchange's policy).
   */
  async check(userId: number): Promise<MailboxCheck> {
    const access = await this.graphAccess(userId);
    const result = access
      ? await this.probe(access)
      : this.answer('notFound', 'The user has no email address in the workspace.', 'Add their email address on the Access control page.');
    this.checks.set(userId, result);
    return result;
  }

  private async probe(access: GraphAccess): Promise<MailboxCheck> {
    const address = access.account.userPrincipalName;
    try {
      const token = await access.accessToken();
      const get = (path: string) =>
        access.fetch(`${access.baseUrl}${access.mailboxPath}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      const user = await get('?$select=id,userPrincipalName');
      if (user.status === 404)
        return this.answer(
          'notFound',
          `No user ${address} exists in the organisation’s directory.`,
          'Correct the user’s email address in the workspace: it must be their Microsoft 365 sign-in name (userPrincipalName).',
        );
      if (!user.ok) return this.failed(user);
      const calendar = await get('/calendar?$select=id');
      if (calendar.ok) return this.answer('found', `The mailbox ${address} is reachable.`, null);
      const body = (await calendar.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      if (calendar.status === 403 && /AccessPolicy|RAOP|Access to OData is disabled/i.test(body.error?.message ?? ''))
        return this.answer('outsideScope', outsideScopeExplanation, outsideScopeFix);
      if (calendar.status === 404 && body.error?.code === 'MailboxNotEnabledForRESTAPI')
        return this.answer(
          'noMailbox',
          `${address} has no Exchange Online mailbox (it is inactive, soft-deleted, on-premises, or the user has no Exchange licence).`,
          'Give the user an Exchange Online licence, or remove them from the role that syncs.',
        );
      if (calendar.status === 403)
        return this.answer(
          'failed',
          'Microsoft Graph refused the calendar (403): the app has no Calendars.ReadWrite application permission with admin consent.',
          'Grant admin consent on the Integration page (organisation-wide mode lists the application permissions).',
        );
      return this.failed(calendar, body.error?.message);
    } catch (error) {
      return this.answer('failed', (error as Error).message, null);
    }
  }

  private failed(response: Response, message?: string): MailboxCheck {
    return this.answer(
      'failed',
      `Microsoft Graph answered ${response.status}${message ? `: ${message}` : ''}.`,
      'Run Diagnostics for the organisation-wide checks.',
    );
  }

  private answer(state: MailboxState, explanation: string, fix: string | null): MailboxCheck {
    return { state, explanation, fix, checkedAt: this.options.now().toISOString() };
  }
}
