import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { EmailAccount, EmailAccountKind } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerQuery } from '../../state/serverState';
import { EmailAccountEditor } from './EmailAccountEditor';
import { useEmailStyles } from './emailStyles';

const statusColors = { success: 'success', partial: 'warning', failed: 'danger' } as const;

/**
 * Email accounts — all of them (Email page), or those that use one user's Outlook account
 * (Accounts page): the list, Add personal / Add group, and the chosen account's settings.
 */
export function EmailAccountsPanel({ userId }: { userId?: number }) {
  const styles = useEmailStyles();
  const read = useServerQuery(queryKeys.emailAccounts(userId), (client) =>
    client.call('email.accounts', userId === undefined ? {} : { userId }),
  );
  const view = read.data;
  // `saved` keeps the editor (and its note) in place until the reloaded list has the new account.
  const [chosen, setChosen] = useState<{ id?: number; kind: EmailAccountKind; key: number; saved?: EmailAccount }>();

  if (!view)
    return read.error ? (
      <MessageBar intent="error">
        <MessageBarBody>The email accounts could not be loaded: {read.error.message}</MessageBarBody>
      </MessageBar>
    ) : (
      <Spinner size="tiny" label="Loading email accounts…" />
    );
  const account = view.accounts.find((candidate) => candidate.id === chosen?.id) ?? chosen?.saved;
  const hasPersonal =
    userId !== undefined && view.accounts.some((candidate) => candidate.kind === 'personal' && candidate.userId === userId);
  const noCandidates = view.candidates.length === 0;
  return (
    <section className={styles.page} aria-label={userId === undefined ? 'Email accounts' : 'Email accounts of this user'}>
      <div className={styles.toolbar}>
        <Subtitle2 as="h2">Email accounts</Subtitle2>
        <span className={styles.spacer} />
        <Button
          icon={<AddRegular />}
          disabled={noCandidates || hasPersonal}
          onClick={() => setChosen({ kind: 'personal', key: Date.now() })}
        >
          Add personal account
        </Button>
        <Button icon={<AddRegular />} disabled={noCandidates} onClick={() => setChosen({ kind: 'group', key: Date.now() })}>
          Add group account
        </Button>
      </div>
      {!view.features.imap && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Email fetching (IMAP.AccessAsUser.All) is switched off on the Integration page: no mail is fetched until it is on.
          </MessageBarBody>
        </MessageBar>
      )}
      {noCandidates && (
        <Caption1 className={styles.muted}>
          Email accounts log in with a user’s connected Outlook account: connect one on the Accounts page first.
        </Caption1>
      )}
      {view.accounts.length > 0 && (
        <Table aria-label="Email accounts" size="small" className={styles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Mailbox</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>Token of</TableHeaderCell>
              <TableHeaderCell>Folders</TableHeaderCell>
              <TableHeaderCell>Sends through</TableHeaderCell>
              <TableHeaderCell>Last check</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.accounts.map((row) => (
              <TableRow
                key={row.id}
                aria-selected={row.id === chosen?.id}
                onClick={() => setChosen({ id: row.id, kind: row.kind, key: row.id })}
                style={{ cursor: 'pointer' }}
                data-testid="email-account-row"
              >
                <TableCell>
                  <strong>{row.address}</strong>
                  {!row.enabled && <Caption1 className={styles.muted}> (not checked)</Caption1>}
                </TableCell>
                <TableCell>{row.kind === 'personal' ? 'Personal' : 'Group'}</TableCell>
                <TableCell>{row.userName}</TableCell>
                <TableCell>{row.folders.join(', ')}</TableCell>
                <TableCell>{row.sendVia === 'graph' ? 'Graph' : 'SMTP'}</TableCell>
                <TableCell>
                  {row.lastCheckStatus ? (
                    <span title={row.lastCheckMessage ?? ''}>
                      <Badge appearance="tint" color={statusColors[row.lastCheckStatus]}>
                        {row.lastCheckStatus}
                      </Badge>{' '}
                      <Caption1>{row.messageCount} messages</Caption1>
                    </span>
                  ) : (
                    <Caption1 className={styles.muted}>Not checked yet</Caption1>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {chosen && (chosen.id === undefined || account) && (
        <EmailAccountEditor
          key={chosen.key}
          view={view}
          account={account}
          kind={chosen.kind}
          userId={userId}
          onSaved={(saved: EmailAccount) => setChosen({ id: saved.id, kind: saved.kind, key: chosen.key, saved })}
          onDeleted={() => setChosen(undefined)}
        />
      )}
    </section>
  );
}
