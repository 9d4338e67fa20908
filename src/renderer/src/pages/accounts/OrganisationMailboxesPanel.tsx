import { useQueryClient } from '@tanstack/react-query';
import {
  Badge,
  Button,
  Caption1,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import type { MailboxCheckView } from '../../../../shared/contract';
import { queryKeys } from '../../state/queryKeys';
import { useServerMutation, useServerQuery } from '../../state/serverState';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalL },
  detail: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

const stateBadge: Record<MailboxCheckView['state'], { color: 'success' | 'warning' | 'danger' | 'subtle'; text: string }> = {
  found: { color: 'success', text: 'Mailbox found' },
  notFound: { color: 'danger', text: 'Not found' },
  outsideScope: { color: 'warning', text: 'Outside the app’s scope' },
  noMailbox: { color: 'danger', text: 'No mailbox' },
  failed: { color: 'danger', text: 'Check failed' },
};

const scopeNames = { outlookCalendar: 'Calendar', outlookContacts: 'Contacts' } as const;

/**
 * Issue 18: in organisation-wide mode nobody connects; each user who may sync is matched to the
 * mailbox of their email address, and this page shows what Microsoft 365 says about it.
 */
export function OrganisationMailboxesPanel() {
  const styles = useStyles();
  const cache = useQueryClient();
  const mailboxes = useServerQuery(queryKeys.organisationMailboxes, (client) => client.call('organisation.mailboxes'));
  const view = mailboxes.data;
  const checkMailboxes = useServerMutation((client) => client.call('organisation.checkMailboxes'), {
    onSuccess: (checked) => cache.setQueryData(queryKeys.organisationMailboxes, checked),
  });
  const checking = checkMailboxes.isPending;
  const error =
    checkMailboxes.error?.message ?? (mailboxes.error ? `The mailboxes could not be loaded: ${mailboxes.error.message}` : undefined);
  const check = () => checkMailboxes.mutate(undefined);
  if (!view) return <Spinner label="Loading the mailboxes…" />;
  return (
    <section className={styles.page} aria-label="Organisation mailboxes">
      <MessageBar intent="info">
        <MessageBarBody>
          Organisation-wide mode: nobody signs in. Each user whose role has Outlook Calendar or Outlook Contacts is synced through the
          mailbox of their email address, as the app itself.
        </MessageBarBody>
      </MessageBar>
      <div className={styles.bar}>
        <Button icon={checking ? <Spinner size="tiny" /> : <ArrowSyncRegular />} disabled={checking} onClick={check}>
          Check mailboxes
        </Button>
        <Caption1>Looks each user up in Microsoft 365 and opens their calendar, as the sync will.</Caption1>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {view.rows.length === 0 ? (
        <Text>No user has Outlook Calendar or Outlook Contacts access yet: give their role those scopes on the Access control page.</Text>
      ) : (
        <Table aria-label="Mailboxes">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Syncs</TableHeaderCell>
              <TableHeaderCell>Mailbox</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {view.rows.map((row) => (
              <TableRow key={row.user.id} aria-label={row.user.name}>
                <TableCell>
                  <div className={styles.detail}>
                    <Text>{row.user.name}</Text>
                    <Caption1>{row.user.email}</Caption1>
                  </div>
                </TableCell>
                <TableCell>{row.syncs.map((scope) => scopeNames[scope]).join(', ')}</TableCell>
                <TableCell>
                  {row.check ? (
                    <div className={styles.detail}>
                      <Badge color={stateBadge[row.check.state].color}>{stateBadge[row.check.state].text}</Badge>
                      {row.check.state !== 'found' && <Caption1>{row.check.explanation}</Caption1>}
                      {row.check.fix && <Caption1>Fix: {row.check.fix}</Caption1>}
                    </div>
                  ) : (
                    <Caption1>Not checked yet</Caption1>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
