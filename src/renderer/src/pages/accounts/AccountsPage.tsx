import {
  Body1,
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Fragment, useState } from 'react';
import type { AttemptOutcome } from '../../../../shared/contract';
import type { ContractClient } from '../../client/contractClient';
import { formatDateTime, useConsoleTimeZone } from '../../format/dateTime';
import { queryKeys } from '../../state/queryKeys';
import { useIntegrationView, useServerMutation, useServerQuery } from '../../state/serverState';
import { OrganisationMailboxesPanel } from './OrganisationMailboxesPanel';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SecretsUnreadableNotice } from '../../components/SecretsUnreadableNotice';
import { AccountActions } from './AccountActions';
import { AccountSettingsSection } from './AccountSettingsSection';
import { AccountStatusBadge } from './AccountStatusBadge';
import { ScopesCell } from './ScopesCell';
import { SignInPanel } from './SignInPanel';
import { EmailAddress } from '../../components/EmailAddress';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1200px' },
  intro: { color: tokens.colorNeutralForeground2 },
  cellStack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalXXS,
    paddingBlock: tokens.spacingVerticalS,
    // Addresses wrap at their <wbr> points (EmailAddress); a word longer than the cell still breaks
    // ('break-word' rather than 'anywhere', which would let the column shrink to single letters).
    overflowWrap: 'break-word',
  },
  nowrap: { whiteSpace: 'nowrap' },
  permissionsColumn: { minWidth: '160px' },
  actionsColumn: { width: '1%', whiteSpace: 'nowrap' },
  statusColumn: { width: '1%', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  problem: { color: tokens.colorPaletteRedForeground1 },
  problemRow: { ':hover': { backgroundColor: 'transparent' } },
  problemBar: { marginBottom: tokens.spacingVerticalS },
  table: { tableLayout: 'auto' },
});

const outcomeWords: Record<AttemptOutcome['outcome'], string> = {
  connected: 'Connected',
  failed: 'Not connected',
  cancelled: 'Sign-in cancelled',
  timedOut: 'Sign-in timed out',
};

function when(iso: string | null, timeZone: string): string {
  return iso ? formatDateTime(iso, timeZone) : 'never';
}

/** Workspace users with External Accounts access and the Outlook account each has connected. */
export function AccountsPage() {
  // Issue 18: organisation-wide mode has no sign-ins; each user's mailbox status stands in for Connect.
  const organisationWide = useIntegrationView()?.config.connection.mode === 'application';
  return organisationWide ? <OrganisationMailboxesPanel /> : <SignedInAccounts />;
}

function SignedInAccounts() {
  const styles = useStyles();
  const timeZone = useConsoleTimeZone();
  const accounts = useServerQuery(queryKeys.accountsList, (client) => client.call('accounts.list'));
  const view = accounts.data;
  const [busyUserId, setBusyUserId] = useState<number>();
  const [confirmDisconnect, setConfirmDisconnect] = useState<{ userId: number; name: string; upn: string }>();

  // Connect, refresh, disconnect, cancel: each changes the row, so the list is read again after it.
  const action = useServerMutation((client, run: (client: ContractClient) => Promise<unknown>) => run(client), {
    invalidates: [queryKeys.accounts],
  });
  const act = (userId: number, run: (client: ContractClient) => Promise<unknown>) => {
    setBusyUserId(userId);
    action.mutate(run, { onSettled: () => setBusyUserId(undefined) });
  };
  const error = action.error?.message ?? (accounts.error ? `The accounts could not be loaded: ${accounts.error.message}` : undefined);

  if (!view)
    return error ? (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    ) : (
      <Spinner label="Loading accounts…" />
    );
  const attempts = view.rows.flatMap((row) => (row.attempt ? [{ attempt: row.attempt, name: row.user.name }] : []));

  return (
    <section className={styles.page} aria-label="Accounts">
      <Body1 className={styles.intro}>
        Each user with <strong>External Accounts</strong> access connects their Outlook account here. Sign-in happens in the system browser;
        the console keeps the tokens encrypted in its vault and refreshes them before every use.
      </Body1>
      <SecretsUnreadableNotice />
      {view.notReady && (
        <MessageBar intent="warning">
          <MessageBarBody>
            <MessageBarTitle>Integration not set up</MessageBarTitle>
            {view.notReady}
          </MessageBarBody>
        </MessageBar>
      )}
      {!view.notReady && !view.integrationEnabled && (
        <MessageBar intent="info">
          <MessageBarBody>
            The integration is switched off: accounts can connect, but nothing syncs until it is switched on on the Integration page.
          </MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Not done</MessageBarTitle>
            {error}
          </MessageBarBody>
        </MessageBar>
      )}
      {attempts.map(({ attempt, name }) => (
        <SignInPanel
          key={attempt.attemptId}
          attempt={attempt}
          userName={name}
          onCancel={() => act(attempt.userId, (client) => client.call('accounts.cancelConnect', { attemptId: attempt.attemptId }))}
        />
      ))}
      {view.rows.length === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>
            No user has External Accounts access yet. On the Access control page give a role the External Accounts scope and add users to
            it.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <Table aria-label="Users and their Outlook accounts" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Outlook account</TableHeaderCell>
              <TableHeaderCell className={styles.statusColumn}>Status</TableHeaderCell>
              <TableHeaderCell className={styles.nowrap} title={`Times in ${timeZone}`}>
                Last token refresh
              </TableHeaderCell>
              <TableHeaderCell className={styles.permissionsColumn}>Permissions</TableHeaderCell>
              <TableHeaderCell className={styles.actionsColumn}>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.rows.map((row) => {
              const { account, lastOutcome } = row;
              const problem = account?.problem ?? (lastOutcome && lastOutcome.outcome !== 'connected' ? lastOutcome.problem : null);
              return (
                <Fragment key={row.user.id}>
                  <TableRow
                    data-testid={`account-row-${row.user.id}`}
                    aria-label={`${row.user.name}${problem ? `: ${problem.explanation} Fix: ${problem.fix}` : ''}`}
                  >
                    <TableCell>
                      <div className={styles.cellStack}>
                        <Body1>{row.user.name}</Body1>
                        <Caption1 className={styles.muted}>
                          <EmailAddress address={row.user.email} />
                        </Caption1>
                        {row.accessProblem && <Caption1 className={styles.problem}>{row.accessProblem}</Caption1>}
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className={styles.cellStack}>
                        {account ? (
                          <>
                            <Body1>{account.displayName}</Body1>
                            <Caption1 className={styles.muted}>
                              <EmailAddress address={account.userPrincipalName} />
                            </Caption1>
                          </>
                        ) : (
                          <Caption1 className={styles.muted}>No account connected</Caption1>
                        )}
                      </div>
                    </TableCell>
                    <TableCell>
                      <div className={styles.cellStack}>
                        <AccountStatusBadge status={account?.status ?? 'disconnected'} waiting={Boolean(row.attempt)} />
                        {lastOutcome && lastOutcome.outcome !== 'connected' && !row.attempt && (
                          <Caption1 className={styles.muted}>{outcomeWords[lastOutcome.outcome]}</Caption1>
                        )}
                      </div>
                    </TableCell>
                    <TableCell>
                      <Caption1>{account && account.status !== 'disconnected' ? when(account.lastRefreshAt, timeZone) : '—'}</Caption1>
                    </TableCell>
                    <TableCell>
                      <ScopesCell account={account} requested={view.requestedScopes} />
                    </TableCell>
                    <TableCell>
                      <AccountActions
                        row={row}
                        disabled={Boolean(view.notReady) || busyUserId === row.user.id}
                        onConnect={() => act(row.user.id, (client) => client.call('accounts.connect', { userId: row.user.id }))}
                        onRefresh={() => act(row.user.id, (client) => client.call('accounts.refresh', { userId: row.user.id }))}
                        onDisconnect={() =>
                          account && setConfirmDisconnect({ userId: row.user.id, name: row.user.name, upn: account.userPrincipalName })
                        }
                      />
                    </TableCell>
                  </TableRow>
                  {problem && (
                    <TableRow className={styles.problemRow} aria-label={`Problem for ${row.user.name}`}>
                      <TableCell colSpan={6}>
                        <MessageBar
                          layout="multiline"
                          intent={account?.status === 'needsReconnect' ? 'error' : 'warning'}
                          className={styles.problemBar}
                        >
                          <MessageBarBody>
                            {problem.explanation} <strong>Fix:</strong> {problem.fix}
                          </MessageBarBody>
                        </MessageBar>
                      </TableCell>
                    </TableRow>
                  )}
                </Fragment>
              );
            })}
          </TableBody>
        </Table>
      )}
      <AccountSettingsSection view={view} />
      {confirmDisconnect && (
        <ConfirmDialog
          title="Disconnect this Outlook account?"
          message={`The tokens of ${confirmDisconnect.upn} are removed from the console. ${confirmDisconnect.name}'s calendar and contacts stop syncing until the account is connected again.`}
          confirmLabel="Disconnect"
          onConfirm={() =>
            act(confirmDisconnect.userId, (client) => client.call('accounts.disconnect', { userId: confirmDisconnect.userId }))
          }
          onClose={() => setConfirmDisconnect(undefined)}
        />
      )}
    </section>
  );
}
