import { authorityUrl } from '../../shared/integration/clouds';
import { explainMicrosoftError } from '../auth/microsoftErrors';
import { fetchTrusting } from '../auth/httpsWithCa';
import { customHosts } from '../auth/msalClient';
import type { DiagnosticCheck } from '../contract/featureModule';
import { AccountNeedsReconnectError } from '../graph/graphAccess';
import type { IntegrationService } from '../integration/integrationService';
import type { AccountService } from './accountService';

/** Diagnostics for sign-in: Microsoft's sign-in host reachable and trusted, and each connected account's tokens. */
export function accountChecks(deps: {
  accounts: AccountService;
  integration: IntegrationService;
  fetch: typeof globalThis.fetch;
}): DiagnosticCheck[] {
  return [
    {
      id: 'accounts.signInHost',
      title: 'Microsoft sign-in reachable',
      category: 'Accounts',
      run: async () => {
        const config = deps.integration.config();
        if (!config.clientId) return { status: 'skipped', summary: 'No Client ID is set yet, so there is nothing to sign in to.' };
        let authority: string;
        try {
          authority = authorityUrl(config.cloud, config.accountType, config.tenant, customHosts(config));
        } catch (error) {
          return {
            status: 'fail',
            summary: (error as Error).message,
            fix: 'Complete the tenant or the custom cloud on the Integration page.',
          };
        }
        const fetch = config.customCloud.caCertificatePem ? fetchTrusting(config.customCloud.caCertificatePem, 15_000) : deps.fetch;
        try {
          const response = await fetch(`${authority}/v2.0/.well-known/openid-configuration`);
          if (response.ok) return { status: 'pass', summary: `${new URL(authority).host} answers and its certificate is trusted.` };
          const problem = explainMicrosoftError(await response.json().catch(() => `HTTP ${response.status}`));
          return { status: 'fail', summary: problem.explanation, fix: problem.fix };
        } catch (error) {
          const problem = explainMicrosoftError(error);
          return { status: 'fail', summary: problem.explanation, fix: problem.fix };
        }
      },
    },
    {
      id: 'accounts.tokens',
      title: 'Connected Outlook accounts',
      category: 'Accounts',
      run: async () => {
        const userIds = deps.accounts.connectedUserIds();
        if (userIds.length === 0) return { status: 'skipped', summary: 'No Outlook account is connected yet.' };
        const reconnect: string[] = [];
        const failures: { who: string; message: string }[] = [];
        for (const userId of userIds) {
          const access = await deps.accounts.graphAccess(userId);
          if (!access) continue;
          try {
            await access.accessToken();
          } catch (error) {
            if (error instanceof AccountNeedsReconnectError) reconnect.push(access.account.userPrincipalName);
            else failures.push({ who: access.account.userPrincipalName, message: (error as Error).message });
          }
        }
        const working = userIds.length - reconnect.length - failures.length;
        if (reconnect.length === 0 && failures.length === 0)
          return { status: 'pass', summary: `${working} connected account${working === 1 ? '' : 's'} can get a token.` };
        const parts = [
          reconnect.length > 0 ? `Needs reconnect: ${reconnect.join(', ')}.` : '',
          ...failures.map((failure) => `${failure.who}: ${failure.message}`),
        ].filter(Boolean);
        return {
          status: 'fail',
          summary: `${working} of ${userIds.length} connected accounts can get a token. ${parts.join(' ')}`,
          fix:
            reconnect.length > 0
              ? 'Reconnect those accounts on the Accounts page (Microsoft no longer accepts their sign-in).'
              : 'See each account’s explanation above.',
        };
      },
    },
  ];
}
